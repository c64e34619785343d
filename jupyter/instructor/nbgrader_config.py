"""nbgrader settings of the instructor's JupyterLab (`make instructor`) only.

`make instructor` puts this folder on JUPYTER_CONFIG_PATH, so the formgrader,
the Course List, the Assignment List and every `nbgrader` command run from
that JupyterLab's terminals read it, after which the course's own
`nbgrader_config.py` is read (and wins where both set something).  The
exchange, where `nbgrader release_assignment` puts lessons and `nbgrader
collect` finds submissions, is the course's `exchange/` folder (git-ignored;
`make instructor` creates it).  For a shared exchange, set `c.Exchange.root`
in the course's `nbgrader_config.py` instead.
"""

from pathlib import Path

c = get_config()  # noqa: F821 - provided by the Jupyter config loader

c.Exchange.root = str(Path(__file__).resolve().parents[2] / "exchange")
