"""What ``ag.figure_data`` reads from a figure (here in one kernel; graded, the same call
runs in the student's kernel)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

import autograder as ag


def test_figure_data_reads_titles_bars_lines_and_texts():
    fig, (a0, a1, a2) = plt.subplots(1, 3)
    try:
        a0.bar(["a", "b", "c"], [1.0, -2.0, 3.0])
        a0.set_title("vertical", loc="left")
        a1.barh(["a", "b", "c"], [4.0, 5.0, 6.0])
        a1.set_yscale("log")
        a2.plot([0, 1, 2], [7.0, 8.0, 9.0])
        a2.text(0.5, 0.5, "w = 0.5")
        a2.annotate("dL/dw = -8", xy=(0, 0), xytext=(1, 1), arrowprops={"arrowstyle": "->"})
        a2.annotate("", xy=(0, 0), xytext=(1, 1), arrowprops={"arrowstyle": "->"})
        shown = ag.figure_data(fig)
    finally:
        plt.close(fig)
    assert shown["type"] == "matplotlib.figure.Figure"
    p0, p1, p2 = shown["axes"]
    assert p0["title"] == ["vertical", "", ""]
    assert p0["bars"] == [1.0, -2.0, 3.0]
    x, y, width, height = np.array(p0["rectangles"]).T
    assert np.all(y == 0) and list(height) == [1.0, -2.0, 3.0] and np.allclose(width, 0.8)
    x, y, width, height = np.array(p1["rectangles"]).T
    assert np.all(x == 0) and list(width) == [4.0, 5.0, 6.0] and np.allclose(height, 0.8)
    assert p1["yscale"] == "log"
    assert [list(line) for line in p2["lines"]] == [[7.0, 8.0, 9.0]]
    assert p2["texts"] == ["w = 0.5", "dL/dw = -8", ""]
    assert p0["texts"] == [] and p2["bars"] == [] and p2["rectangles"] == []


def test_figure_data_of_something_else():
    assert ag.figure_data([1, 2]) == {"type": "list", "axes": None}
