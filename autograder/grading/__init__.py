"""The instructor's grading pipeline: runs with the grader's privileges, never in a kernel.

- ``batch``: ``python -m autograder grade``, a class graded in parallel into
  the gradebook, with feedback and ``grades.csv``; ``gradebook``: where the
  gradebook is (SQLite or PostgreSQL) and a lesson's definition for scratch
  gradebooks; ``progress``: counts and an estimate while a class grades;
- the grading queue (``docs/scaling.md``): ``taskqueue`` (the Celery app),
  ``jobs`` (jobs, lesson bundles and results as JSON), ``broker`` (results,
  events, bundles and the writer's lock in Redis), ``worker`` (``python -m
  autograder worker``), ``writer`` (the one writer of the gradebook) and
  ``fanout`` (``grade --queue``, ``submit``);
- ``twokernel``: nbgrader's execute step with two kernels per submission
  (student code in one, tests in the other); ``instructor_copy``: the
  instructor's cells, and a submission put back into their shape;
  ``cell_roles``: which cell runs where, and which names tests may take;
- ``sandbox``: the bubblewrap sandbox both kernels start in;
- ``submission_files``, ``output_limits``, ``html_safety``, ``feedback``:
  what a submission may bring in, how much it may print, what its HTML may
  do, and the feedback pages (hidden tests redacted).
"""
