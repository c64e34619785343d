"""The instructor's grading pipeline: runs with the grader's privileges, never in a kernel.

- ``batch``: ``python -m autograder grade``, a class graded in parallel into
  the gradebook, with feedback and ``grades.csv``;
- ``twokernel``: nbgrader's execute step with two kernels per submission
  (student code in one, tests in the other); ``instructor_copy``: the
  instructor's cells, and a submission put back into their shape;
  ``cell_roles``: which cell runs where, and which names tests may take;
- ``sandbox``: the bubblewrap sandbox both kernels start in;
- ``submission_files``, ``output_limits``, ``html_safety``, ``feedback``:
  what a submission may bring in, how much it may print, what its HTML may
  do, and the feedback pages (hidden tests redacted).
"""
