"""nbgrader configuration for Backprop from Scratch.

Run nbgrader from this folder (the course root): `source/` holds the
instructor masters, `release/` the generated student editions, and
`submitted/`, `autograded/`, `feedback/` and `gradebook.db` appear here when
grading (they are git-ignored).
"""

from pathlib import Path

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

course_root = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "backprop-from-scratch"
c.CourseDirectory.root = str(course_root)
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.db_url = f"sqlite:///{course_root / 'gradebook.db'}"

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# A submission's cells are the student's to edit, delete, reorder or relabel:
# before anything else, grading puts every instructor cell back as the
# gradebook recorded it, in the instructor's order, and reports what differed
# (autograder/grading/instructor_copy.py).  nbgrader's own add_missing_cells is
# off: it restores grade cells only, and fails the whole submission when a
# deleted cell's neighbour is missing too.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "autograder.grading.instructor_copy.RestoreInstructorCells",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.OverwriteCells.add_missing_cells = False

# Student code can loop forever: interrupt a cell after 60 s and go on grading.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.Execute.startup_timeout = 60
# Everything the student's kernel runs for one submission (its cells and the
# tests' calls) shares a budget; once spent, its remaining cells are not run
# and the remaining tests' calls fail at once (autograder/grading/twokernel.py).
c.TwoKernelExecute.submission_timeout = 300

# `nbgrader validate` and the lab's Validate button run the notebook with a
# plain AsyncKernelManager; its kernel client waits in short slices, so a
# missed zmq wake-up cannot stall a cell for Execute.timeout (see
# autograder/lab/kernel_client.py).  Grading's kernel managers already use it.
c.AsyncKernelManager.client_class = "autograder.lab.kernel_client.PromptKernelClient"

# Validate (the lab's button and `nbgrader validate`) reports a failing test by
# the exercise it tests and the verdict it printed, not by its whole source
# (autograder/lab/validation.py).
import autograder.lab.validation  # noqa: E402

autograder.lab.validation.install()

# Keep feedback readable when a student prints in a loop, or one enormous line
# (autograder/grading/output_limits.py: 1 MiB of output per cell, scores unchanged).
c.LimitOutput.max_lines = 300
c.LimitOutputBytes.max_bytes = 1024 * 1024

# A submission's files are copied without following links or reading devices,
# FIFOs and sockets, within 100 MiB and 1000 files, and a notebook that is a
# link is not graded (see autograder/grading/submission_files.py).  nbgrader creates its
# Autograde converter by name, so this points `nbgrader autograde`, the
# formgrader and NbGraderAPI at the safe subclass.
import autograder.grading.submission_files  # noqa: E402

autograder.grading.submission_files.install()

# Student code runs in a bubblewrap sandbox (see autograder/grading/sandbox.py): no
# network, no view of this folder, limits on memory, CPU time and processes.
# Without bubblewrap grading stops and says how to install it;
# AUTOGRADER_SANDBOX=off grades without the sandbox.
c.Autograde.autograde_preprocessors = [
    "autograder.grading.twokernel.TwoKernelExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "autograder.grading.output_limits.LimitOutputBytes",
    "autograder.grading.html_safety.MakeActiveContentInert",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# The exchange (release_assignment, collect, release_feedback) is the course's
# exchange/ folder, from any shell; on JupyterHub set it to the shared folder.
# A submission placed in submitted/ by hand has no exchange secret: its feedback
# is handed out directly (autograder/grading/feedback_release.py).
c.Exchange.root = str(course_root / "exchange")
c.ExchangeFactory.release_feedback = "autograder.grading.feedback_release.ReleaseFeedback"

# The instructor's HTML pages (feedback, the formgrader's view of a submission)
# carry their math as MathML, which browsers draw without MathJax or a network;
# feedback pages load no MathJax at all (autograder/grading/math_html.py).
c.HTMLExporter.preprocessors = ["autograder.grading.math_html.MathToMathML"]
# Not on feedback pages' exporter (a subclass): there it would run before the
# inertness step, which shows the MathML as text; GenerateFeedback converts after it.
c.FeedbackHTMLExporter.preprocessors = []

# Feedback HTML never shows the hidden tests (only their results), and its
# templates compile once per process rather than once per student.
c.GenerateFeedback.exporter_class = "autograder.grading.feedback.FeedbackHTMLExporter"
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "autograder.grading.feedback.RedactHiddenTests",
    "autograder.grading.html_safety.MakeActiveContentInert",
    "autograder.grading.math_html.MathToMathML",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
