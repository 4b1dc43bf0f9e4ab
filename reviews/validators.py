"""Validators for text that content models share.

A title is one line: it becomes a mail subject, a page's ``<title>`` and a feed
entry, and a line break or other control character there breaks them (Django
refuses a mail header with a newline, so the board's notice would be lost).
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible


def has_control_characters(text: str) -> bool:
    """True when ``text`` holds a line break, tab, NUL or any other control character."""
    return any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text)


@deconstructible
class SingleLine:
    """Refuse line breaks, tabs and other control characters, naming the field."""

    def __init__(self, label: str):
        self.label = label

    def __call__(self, value) -> None:
        if value and has_control_characters(str(value)):
            raise ValidationError(
                f"The {self.label} must be one line of text: remove line breaks, tabs "
                "and other control characters.",
                code="control_characters",
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, SingleLine) and other.label == self.label
