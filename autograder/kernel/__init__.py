"""The kernel-side library: what runs inside a Jupyter kernel.

Every kernel that runs a lesson imports this part, through ``import
autograder as ag``: the student's own JupyterLab, ``nbgrader validate``, and
both kernels of a graded submission (the student's and the grader's).

- ``checks``, ``suite``, ``visible``: the checks test cells call, with
  messages that name the likely bug, partial credit, verdicts that never stop
  Run All; ``explain`` and ``hints``: what the messages say; ``figures``: a
  student's figure as plain data; ``claims``: the numbers the prose states,
  recorded where the notebook computes them;
- ``wire``, ``student_side``, ``grader_side``: the two halves, one per kernel,
  of the plain-data channel between the student's kernel and the grader's
  (see :mod:`autograder.grading.twokernel`).

It imports nothing from :mod:`autograder.grading`, :mod:`autograder.authoring`
or :mod:`autograder.lab` (``tests/test_layout.py`` checks it), and a
grading kernel's sandbox contains only this folder of the package.
"""
