"""The editorial policy's prose and its settings: one source for every number.

The rule: **the policy text states no number of its own.** It holds no digits and
no number words (cardinals such as "one" or "twelve", "twice", "single", frequency
and duration words such as "annually", "weekly", "days" or "year"). Every number
a reader needs comes from the version's settings, either in the settings box the
policy page renders from the fields or through a placeholder in the text:
``{approvals_required}``, ``{rereview_interval_days}`` and
``{review_turnaround_days}`` become "2 approvals", "365 days" and "7 days" when
the version is saved. So the text cannot claim a number the settings contradict.

Markers of a numbered list ("1. ") are layout, not claims, and are allowed.

Plain Python, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDERS = ("approvals_required", "rereview_interval_days", "review_turnaround_days")

NUMBER_WORDS = frozenset(
    {
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "twice",
        "thrice",
        "single",
        "double",
        "triple",
        "dozen",
        "dozens",
        "couple",
        "day",
        "days",
        "daily",
        "week",
        "weeks",
        "weekly",
        "fortnight",
        "fortnightly",
        "month",
        "months",
        "monthly",
        "quarter",
        "quarterly",
        "year",
        "years",
        "yearly",
        "annual",
        "annually",
        "biannual",
        "biannually",
        "biennial",
        "biennially",
    }
)

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_LIST_MARKER = re.compile(r"^[ \t]*\d+[.)][ \t]", re.MULTILINE)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_WORDS = re.compile(r"[^\W\d_]+")


def unknown_placeholders(text: str) -> list[str]:
    """Names in braces that are not settings, in order of first use."""
    found: list[str] = []
    for name in _PLACEHOLDER.findall(text or ""):
        if name not in PLACEHOLDERS and name not in found:
            found.append(name)
    return found


def stated_numbers(text: str) -> list[str]:
    """The digits and number words the text states itself (placeholders excluded),
    each once, in order of first use."""
    prose = _PLACEHOLDER.sub(" ", _LIST_MARKER.sub("", text or ""))
    found: list[str] = []
    for match in re.finditer(f"{_DIGITS.pattern}|{_WORDS.pattern}", prose):
        token = match.group(0)
        is_number = token[0].isdigit() or token.lower() in NUMBER_WORDS
        if is_number and token not in found:
            found.append(token)
    return found


def _count(value: int, unit: str) -> str:
    return f"{value} {unit}" if value == 1 else f"{value} {unit}s"


def placeholder_values(settings: Mapping[str, int]) -> dict[str, str]:
    """What each placeholder becomes for these settings: the number with its unit."""
    return {
        "approvals_required": _count(settings["approvals_required"], "approval"),
        "rereview_interval_days": _count(settings["rereview_interval_days"], "day"),
        "review_turnaround_days": _count(settings["review_turnaround_days"], "day"),
    }


def fill_placeholders(text: str, settings: Mapping[str, int]) -> str:
    """The text with every known placeholder replaced by its setting (unknown ones stay)."""
    values = placeholder_values(settings)
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")


def problems(text: str) -> list[str]:
    """Sentences saying what in the text breaks the rule; empty when it follows it."""
    found = []
    unknown = unknown_placeholders(text)
    if unknown:
        names = ", ".join("{" + name + "}" for name in unknown)
        allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        found.append(f"Unknown placeholder {names}: the text may use {allowed}.")
    numbers = stated_numbers(text)
    if numbers:
        quoted = ", ".join(f"“{n}”" for n in numbers[:8])
        found.append(
            f"The policy text states numbers of its own ({quoted}). Numbers come from the "
            "settings: write {approvals_required}, {rereview_interval_days} or "
            "{review_turnaround_days} where the text needs one, and reword anything else "
            "(for example “nobody” for “no one”)."
        )
    return found
