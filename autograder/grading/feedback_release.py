"""``nbgrader release_feedback`` for a class whose submissions did not all use the exchange.

nbgrader releases a student's feedback under a name derived from the secret
that ``nbgrader submit`` wrote beside the submission (``submission_secret.txt``,
with ``timestamp.txt``), so that only that student's ``fetch_feedback`` finds
it.  A submission placed in ``submitted/`` by hand (downloaded from an LMS, say)
has neither file, and nbgrader's release stopped with ``FileNotFoundError`` for
the whole class.  :class:`ReleaseFeedback` releases the feedback of every
student who submitted through the exchange and names the others, whose pages
(``feedback/<student>/<lesson>/<lesson>.html``) the instructor hands out
directly.  The course's ``nbgrader_config.py`` selects it.
"""

from __future__ import annotations

import glob
import os

from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback

NEEDED = ("timestamp.txt", "submission_secret.txt")


class ReleaseFeedback(ExchangeReleaseFeedback):
    """nbgrader's release of feedback, skipping (and naming) hand-placed submissions."""

    def copy_files(self):
        by_hand = []
        for folder in sorted({os.path.dirname(p) for p in glob.glob(f"{self.src_path}/*.html")}):
            if not all(os.path.exists(os.path.join(folder, name)) for name in NEEDED):
                by_hand.append(folder)
        if by_hand:
            students = [os.path.basename(os.path.dirname(folder)) for folder in by_hand]
            excluded = set(filter(None, (self.coursedir.student_id_exclude or "").split(",")))
            self.coursedir.student_id_exclude = ",".join(sorted(excluded | set(students)))
            relative = [os.path.relpath(f, self.coursedir.root) + "/" for f in by_hand]
            self.log.warning(
                "%d submission(s) were not collected through the exchange (no %s): their "
                "feedback is not released; hand it out directly: %s",
                len(by_hand),
                " or ".join(NEEDED),
                ", ".join(relative),
            )
        super().copy_files()
