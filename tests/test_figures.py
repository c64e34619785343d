"""What ``ag.figure_data`` reads from a figure (here in one kernel; graded, the same call
runs in the student's kernel)."""

from __future__ import annotations

from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

import autograder as ag
from conftest import all_lessons


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


def test_figure_data_reads_legends_limits_colours_and_images():
    fig, (a0, a1) = plt.subplots(1, 2)
    try:
        a0.plot([0, 1], [1.0, 2.0], "--", color="#ff0000", label="first")
        a0.plot([0, 1], [3.0, 4.0], color="blue", label="second")
        a0.legend()
        a0.set_xlim(0, 2)
        a0.set_ylim(-1, 5)
        a0.text(0.5, 0.5, "red text", color="#b91c1c")
        a1.imshow(np.zeros((2, 2)), cmap="RdBu_r", vmin=-1, vmax=1)
        fig.suptitle("both")
        shown = ag.figure_data(fig)
    finally:
        plt.close(fig)
    p0, p1 = shown["axes"]
    assert shown["suptitle"] == "both"
    assert p0["legend"] == ["first", "second"] and p1["legend"] is None
    assert p0["line_labels"] == ["first", "second"]
    assert p0["line_colors"] == ["#ff0000", "#0000ff"]
    assert p0["line_styles"] == ["--", "-"]
    assert p0["xlim"] == [0.0, 2.0] and p0["ylim"] == [-1.0, 5.0] and p0["xscale"] == "linear"
    assert p0["text_colors"] == ["#b91c1c"]
    assert p1["images"] == [{"cmap": "RdBu_r", "clim": [-1.0, 1.0]}]


# --- the lessons' own figures, where the prose describes them ----------------------------
#
# tests/test_run_all.py runs every answer key with a recorder on plt.show() and hands the
# figure data of every figure shown (in order) to check_described(lesson, shown).

DESCRIBED: dict[str, Callable[[list[dict]], None]] = {}
"""For each lesson, a check of what its prose says about its figures."""


def described(lesson: str):
    """Register the function as the figure check of ``lesson``."""

    def register(check: Callable[[list[dict]], None]) -> Callable[[list[dict]], None]:
        DESCRIBED[lesson] = check
        return check

    return register


def check_described(lesson: str, shown: list[dict]) -> int:
    """Run ``lesson``'s figure check on the figures its answer key showed; how many it read."""
    check = DESCRIBED.get(lesson)
    if check is None:
        return 0
    check(shown)
    return len(shown)


def titled(shown: list[dict], text: str) -> list[dict]:
    """The figures whose suptitle or some axes' title contains ``text``."""
    return [
        fig
        for fig in shown
        if text in fig.get("suptitle", "")
        or any(text in part for ax in fig["axes"] for part in ax["title"])
    ]


def the_axes(shown: list[dict], text: str) -> dict:
    """The axes whose title contains ``text``, in the first figure that has one."""
    for fig in titled(shown, text):
        for ax in fig["axes"]:
            if any(text in part for part in ax["title"]):
                return ax
    raise AssertionError(f"no figure shows an axes titled {text!r}")


def test_every_described_lesson_exists():
    assert set(DESCRIBED) <= set(all_lessons()), sorted(set(DESCRIBED) - set(all_lessons()))


@described("07_autograd_engine")
def _autograd_engine(shown):
    # Section 4: "each box shows a node's data (blue) and grad (red) ... each arrow ... is
    # labelled with that node's operation".
    graph = the_axes(shown, "after o.backward()")
    colour = dict(zip(graph["texts"], graph["text_colors"], strict=True))
    data = [t for t in graph["texts"] if t.startswith("data ")]
    grads = [t for t in graph["texts"] if t.startswith("grad ")]
    assert len(data) == len(grads) == 10, (data, grads)  # 5 leaves, 5 operations
    assert {colour[t] for t in data} == {"#1d4ed8"} and {colour[t] for t in grads} == {"#b91c1c"}
    assert {"*", "+", "tanh"} <= set(graph["texts"]), graph["texts"]
    # Section 5: the two descents, labelled.
    descent = the_axes(shown, "Gradient descent on")
    assert descent["legend"] == ["zero_grad before every backward()", "grads never zeroed"]
    assert (descent["xlabel"], descent["ylabel"]) == ("step", "w")
    # Section 9: the loss curve and the decision boundary, with axes and a legend.
    loss = the_axes(shown, "Training loss of MLP")
    assert (loss["xlabel"], loss["ylabel"]) == ("step", "mean BCE")
    boundary = the_axes(shown, "Decision boundary")
    assert (boundary["xlabel"], boundary["ylabel"]) == ("$x_1$", "$x_2$")
    assert boundary["legend"][:2] == ["label 0", "label 1"], boundary["legend"]


@described("08_digits_classifier")
def _digits_classifier(shown):
    # Section 5: the legend sits on the loss panel, off the paths and their first zig-zags.
    paths, loss = the_axes(shown, "Paths on f(w)"), the_axes(shown, "Loss, log scale")
    assert paths["legend"] is None, paths["legend"]
    assert loss["legend"] == ["SGD(0.07)", "SGD(0.03, momentum=0.7)", "Adam(0.3)"]
    assert (paths["xlabel"], paths["ylabel"]) == ("$w_1$", "$w_2$")
    assert loss["yscale"] == "log" and loss["xlabel"] == "step"
    # Section 7: the confusion matrix is labelled; the prototypes have a sign and one scale.
    confusion = the_axes(shown, "Confusion matrix")
    assert (confusion["xlabel"], confusion["ylabel"]) == ("predicted", "true")
    (prototypes,) = titled(shown, "The ten learned prototypes")
    images = [image for ax in prototypes["axes"] for image in ax["images"]]
    assert len(images) == 10 and {image["cmap"] for image in images} == {"RdBu_r"}
    limits = {tuple(image["clim"]) for image in images}
    assert len(limits) == 1, limits  # one colour scale for all ten
    (low, high), colorbar = limits.pop(), prototypes["axes"][-1]
    assert low == -high < 0, (low, high)  # symmetric: white is a weight of 0
    assert colorbar["ylabel"] == "weight (one scale)", colorbar
    # Section 7: learning curves with labelled axes and a legend.
    accuracy = the_axes(shown, "Accuracy after each epoch")
    assert accuracy["legend"] == ["training set", "validation set"]
    assert the_axes(shown, "Training loss")["yscale"] == "log"


@described("06_vanishing_gradients")
def _vanishing_gradients(shown):
    # Section 7: every (activation, scheme) series has its own colour, not only its own dashes.
    for title in ("backward signal", "The forward signal explains"):
        ax = the_axes(shown, title)
        series = [
            c
            for c, label in zip(ax["line_colors"], ax["line_labels"], strict=True)
            if " + " in label
        ]
        assert len(series) == 4 and len(set(series)) == 4, (title, ax["line_labels"], series)
    assert "linear output" in the_axes(shown, "The forward signal explains")["xlabel"]
    # Section 8: the overflowing "normal" run has its own panel, so that the three runs the
    # prose compares keep a readable scale.
    blown = the_axes(shown, "the loss overflows")
    assert blown["legend"] == ["normal"]
    compared = the_axes(shown, "zeros, xavier and he")
    assert [label.split()[0] for label in compared["legend"]] == ["zeros", "xavier", "he"]
    assert compared["yscale"] == "log" and compared["ylim"][1] < 10, compared["ylim"]
