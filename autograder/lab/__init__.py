"""The student's tools outside the kernel: the lab, seeding and the self-check.

- ``course``: where the lessons are, and ``notebooks/`` seeded from
  ``release/`` without overwriting a student's work;
- ``labs``: ``make lab`` (the student's JupyterLab) and ``make instructor``;
- ``selfcheck``: ``python -m autograder check``; ``validation``: what the
  Validate button says about a failing test;
- ``kernel_client``: the kernel client that never sleeps through a reply,
  used by Validate, the self-check and grading.

With :mod:`autograder.kernel`, this is what a student's copy of the course
(``make student-bundle``) contains.
"""
