"""The rule for the policy's prose (plain Python): no numbers of its own, placeholders
for the settings."""

from __future__ import annotations

import pytest

from reviews import policy_text

SETTINGS = {"approvals_required": 2, "rereview_interval_days": 365, "review_turnaround_days": 1}


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("A page needs {approvals_required} (currently one).", ["one"]),
        ("Needs 2 board approvals.", ["2"]),
        ("Reviewed annually, or every 1.5 years.", ["annually", "1.5", "years"]),
        ("Two doctors check it; a single reviewer never does.", ["Two", "single"]),
        ("Once approved, nobody may change it.", []),
        ("1. Submit\n2. Review\n\nWithin {review_turnaround_days}.", []),
        ("Reviewed every {rereview_interval_days}.", []),
    ],
)
def test_the_numbers_a_text_states(text, numbers):
    assert policy_text.stated_numbers(text) == numbers
    assert bool(policy_text.problems(text)) == bool(numbers)


def test_placeholders_are_filled_with_number_and_unit():
    text = "{approvals_required}, every {rereview_interval_days}, within {review_turnaround_days}."
    assert (
        policy_text.fill_placeholders(text, SETTINGS)
        == "2 approvals, every 365 days, within 1 day."
    )
    one = {**SETTINGS, "approvals_required": 1}
    assert policy_text.fill_placeholders("{approvals_required}", one) == "1 approval"


def test_unknown_placeholders_are_named():
    assert policy_text.unknown_placeholders("{turnaround} and {approvals_required}") == [
        "turnaround"
    ]
    assert "Unknown placeholder {turnaround}" in policy_text.problems("{turnaround}")[0]


def test_the_module_imports_no_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(policy_text.__file__).read_text(encoding="utf-8"))
    imported = {
        name
        for node in ast.walk(tree)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    }
    assert imported and not {name for name in imported if name.split(".")[0] == "django"}
