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


def _color(value: Any) -> str:
    from matplotlib.colors import to_hex

    try:
        return str(to_hex(value, keep_alpha=False))
    except (TypeError, ValueError):
        return ""


def _legend(ax: Any) -> list[str] | None:
    legend = ax.get_legend()
    return None if legend is None else [str(t.get_text()) for t in legend.get_texts()]


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
                "text_colors": [_color(t.get_color()) for t in ax.texts],
                "xscale": ax.get_xscale(),
                "xlim": [float(v) for v in ax.get_xlim()],
                "ylim": [float(v) for v in ax.get_ylim()],
                "legend": _legend(ax),
                "line_labels": [str(line.get_label()) for line in ax.get_lines()],
                "line_colors": [_color(line.get_color()) for line in ax.get_lines()],
                "line_styles": [str(line.get_linestyle()) for line in ax.get_lines()],
                "images": [
                    {
                        "cmap": str(image.get_cmap().name),
                        "clim": [float(v) for v in image.get_clim()],
                    }
                    for image in ax.get_images()
                ],
            }
        )
    title = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    return {"type": kind, "suptitle": str(title), "axes": axes}


def _open_figures() -> list[int]:
    import matplotlib.pyplot as plt

    return [int(n) for n in plt.get_fignums()]


def _close_figures(numbers: list[int]) -> None:
    import matplotlib.pyplot as plt

    for number in numbers:
        plt.close(number)


def figure_data(fig: Any) -> dict:
    """``{"type": ..., "suptitle": ..., "axes": [...]}``: per axes its titles (left,
    center, right), labels, scales and limits (``"xscale"``, ``"yscale"``, ``"xlim"``,
    ``"ylim"``), bar heights (``"bars"``), the ``[x, y, width, height]`` of each bar
    (``"rectangles"``: horizontal bars, ``ax.barh``, have their values in the widths),
    the y-data, labels, colours (``"#rrggbb"``) and line styles of each line, the legend's
    entries (``None`` without a legend), the strings and colours of its texts (``ax.text``,
    ``ax.annotate``, ``ax.bar_label``; not titles or tick labels), and the colour map and
    colour limits of each image; ``"axes"`` is ``None`` when ``fig`` is not a matplotlib
    Figure."""
    return grader_side.beside(_figure_data, fig)


def open_figures() -> list[int]:
    """Numbers of the pyplot figures open where the student's code runs."""
    return grader_side.beside(_open_figures)


def close_figures(numbers: list[int]) -> None:
    """Close these pyplot figures where the student's code runs."""
    grader_side.beside(_close_figures, list(numbers))
