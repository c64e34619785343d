"""What a student's figure shows, as plain data, wherever the figure lives.

When a submission is graded, a figure the student's function returns stays
in the student's kernel (see :mod:`autograder.kernel.grader_side`); a test asks for
its contents through these functions, which run next to the figure and
return numbers and strings.  In a student's own notebook everything is in
one kernel and they simply run there.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import grader_side


def _figure_data(fig: Any) -> dict:
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    kind = f"{type(fig).__module__}.{type(fig).__qualname__}".removeprefix("builtins.")
    if not isinstance(fig, Figure):
        return {"type": kind, "axes": None}
    axes = []
    for ax in fig.axes:
        lines = []
        for line in ax.get_lines():
            try:
                lines.append(np.asarray(line.get_ydata(), dtype=np.float64))
            except (TypeError, ValueError):
                lines.append(np.zeros(0))
        rectangles = [p for p in ax.patches if isinstance(p, Rectangle)]
        axes.append(
            {
                "title": [ax.get_title(loc) for loc in ("left", "center", "right")],
                "xlabel": ax.get_xlabel(),
                "ylabel": ax.get_ylabel(),
                "yscale": ax.get_yscale(),
                "bars": [float(p.get_height()) for p in rectangles],
                "rectangles": [
                    [
                        float(p.get_x()),
                        float(p.get_y()),
                        float(p.get_width()),
                        float(p.get_height()),
                    ]
                    for p in rectangles
                ],
                "lines": lines,
                "texts": [str(t.get_text()) for t in ax.texts],
            }
        )
    return {"type": kind, "axes": axes}


def _open_figures() -> list[int]:
    import matplotlib.pyplot as plt

    return [int(n) for n in plt.get_fignums()]


def _close_figures(numbers: list[int]) -> None:
    import matplotlib.pyplot as plt

    for number in numbers:
        plt.close(number)


def figure_data(fig: Any) -> dict:
    """``{"type": ..., "axes": [...]}``: per axes its titles (left, center, right),
    labels, y scale, bar heights (``"bars"``), the ``[x, y, width, height]`` of each bar
    (``"rectangles"``: horizontal bars, ``ax.barh``, have their values in the widths),
    the y-data of each line, and the strings of its texts (``ax.text``, ``ax.annotate``,
    ``ax.bar_label``; not titles or tick labels); ``"axes"`` is ``None`` when ``fig`` is
    not a matplotlib Figure."""
    return grader_side.beside(_figure_data, fig)


def open_figures() -> list[int]:
    """Numbers of the pyplot figures open where the student's code runs."""
    return grader_side.beside(_open_figures)


def close_figures(numbers: list[int]) -> None:
    """Close these pyplot figures where the student's code runs."""
    grader_side.beside(_close_figures, list(numbers))
