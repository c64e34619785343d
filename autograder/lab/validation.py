"""What Validate says about a failing test: its verdict, not its source.

nbgrader's Validator (the lab's Validate button and ``nbgrader validate``)
reports a failed test cell as the cell's whole source followed by "the
error".  A visible test of this course does not raise: it prints its verdict
(``✗ relative_error: ... Likely bug: ...``) and returns 0 points, so nbgrader
would show twenty lines of test code and then only "Partial credit; passed
some but not all of the tests".  :func:`install`, called by the course's
``nbgrader_config.py`` (which both the Validate button's server and
``nbgrader validate`` load), makes the report of a failed cell name the test
in one line and give the verdict the cell printed.  A cell that raised, and
a changed or retyped cell, are reported as nbgrader reports them.
"""

from __future__ import annotations

import re
from typing import Any

_NAMED = re.compile(r"""ag\.(?:visible|Suite)\(\s*["'](\w+)["']""")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
SOURCE_LINES = 3
"""Lines of a failing cell's source shown when the cell names no exercise."""


def failing_cell_title(source: str) -> str:
    """A failing test cell in one line: which exercise it tests, and how."""
    named = _NAMED.search(source)
    if named:
        kind = "hidden tests" if "ag.Suite(" in source else "visible test"
        return f"the {kind} of {named.group(1)}"
    lines = source.strip().splitlines()
    more = ["..."] if len(lines) > SOURCE_LINES else []
    return "\n".join(lines[:SOURCE_LINES] + more)


def verdict(cell: Any) -> str:
    """What a graded cell printed on stdout, without colour codes."""
    text = "".join(
        o.get("text", "")
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stdout"
    )
    return _ANSI.sub("", text).strip()


def install() -> None:
    """Patch nbgrader's Validator once per process (idempotent)."""
    from nbgrader import utils
    from nbgrader.validator import Validator

    if getattr(Validator, "_backprop_from_scratch", False):
        return
    extract_error = Validator._extract_error
    validate = Validator.validate

    def _extract_error(self, cell) -> str:
        raised = any(
            o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")
            for o in cell.get("outputs", [])
        )
        if cell.cell_type == "code" and utils.is_grade(cell) and not raised:
            printed = verdict(cell)
            if printed:
                return printed
        return extract_error(self, cell)

    def validate_with_titles(self, filename: str) -> dict:
        results = validate(self, filename)
        for failure in results.get("failed", []):
            failure["source"] = failing_cell_title(failure["source"])
        return results

    Validator._extract_error = _extract_error
    Validator.validate = validate_with_titles
    Validator._backprop_from_scratch = True
