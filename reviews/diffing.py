"""Word-level, side-by-side diffs of two revision snapshots. Plain Python, no Django."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# Numbers (1.5, 10,000, 0.62) stay whole: a changed threshold shows as one changed word.
_TOKENS = re.compile(r"\d+(?:[.,]\d+)*|\w+|\s+|[^\s\w]")
# Snapshot keys that are derived from the reviewed text, or shown elsewhere.
_SKIP_KEYS = {"sources", "references", "kind"}
_SKIP_SUFFIXES = ("_html",)


@dataclass(frozen=True)
class FieldDiff:
    label: str
    old_html: str
    new_html: str
    changed: bool


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text or "")


def side_by_side(old: str, new: str) -> tuple[str, str]:
    """Two HTML fragments: the old text with removals in <del>, the new with additions in <ins>."""
    a, b = _tokens(old), _tokens(new)
    left: list[str] = []
    right: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = html.escape("".join(a[i1:i2]))
        new_part = html.escape("".join(b[j1:j2]))
        if tag == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<del>{old_part}</del>")
        if new_part:
            right.append(f"<ins>{new_part}</ins>")
    return "".join(left), "".join(right)


def _label(path: tuple[str, ...]) -> str:
    return " › ".join(part.replace("_", " ") for part in path)


def text_fields(
    snapshot: Mapping[str, Any], path: tuple[str, ...] = (), *, skip_rendered: bool = True
) -> Iterator:
    """(path, text) for every reviewed text or number in a snapshot, in a stable order
    (with ``skip_rendered=False``, the rendered HTML fields too)."""
    for key in sorted(snapshot):
        if key in _SKIP_KEYS or (skip_rendered and key.endswith(_SKIP_SUFFIXES)):
            continue
        value = snapshot[key]
        if isinstance(value, Mapping):
            yield from text_fields(value, (*path, key), skip_rendered=skip_rendered)
        elif isinstance(value, list):
            yield (*path, key), "\n".join(str(v) for v in value)
        elif value is not None:
            yield (*path, key), str(value)


def snapshot_diff(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> list[FieldDiff]:
    old_fields = dict(text_fields(old or {}))
    new_fields = dict(text_fields(new))
    paths = sorted(set(old_fields) | set(new_fields))
    diffs = []
    for path in paths:
        before, after = old_fields.get(path, ""), new_fields.get(path, "")
        left, right = side_by_side(before, after)
        diffs.append(FieldDiff(_label(path), left, right, before != after))
    return diffs


def citation_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, list]:
    before = set((old or {}).get("sources", {}))
    after = set(new.get("sources", {}))
    return {"added": sorted(after - before), "removed": sorted(before - after)}


# A rendered fragment as tags, words, spaces and punctuation: tags are kept whole.
_HTML_TOKENS = re.compile(r"<[^>]*>|&[#\w]+;|\d+(?:[.,]\d+)*|\w+|\s+|[^\s\w<&]+")


def _whole_changes(opcodes, b: list[str]) -> list[tuple]:
    """The opcodes with a change's inner spaces kept inside it: a sentence replaced by
    another reads as one deletion and one insertion, not word by word interleaved."""
    merged: list[list] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < index < len(opcodes) - 1
        if tag == "equal" and between and all(t.isspace() for t in b[j1:j2]):
            tag = "replace"
        if tag != "equal" and merged and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = i2, j2
            continue
        merged.append([tag, i1, i2, j1, j2])
    return [tuple(m) for m in merged]


def rendered_diff(old_html: str, new_html: str) -> str:
    """The new rendered (sanitized) HTML with the words added in <ins> and the words
    removed in <del>, where they were: the page as readers will see it, changes marked.

    Only text is wrapped; every tag of the new fragment is kept as it is and the old
    fragment's tags are dropped, so the result has the new fragment's structure. Both
    inputs are HTML the sanitizer wrote; nothing here adds markup but <ins> and <del>.
    """
    a = _HTML_TOKENS.findall(old_html or "")
    b = _HTML_TOKENS.findall(new_html or "")
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in _whole_changes(matcher.get_opcodes(), b):
        if tag == "equal":
            out.extend(b[j1:j2])
            continue
        removed = "".join(t for t in a[i1:i2] if not t.startswith("<"))
        if removed.strip():
            out.append(f"<del>{removed}</del>")
        run: list[str] = []
        for token in b[j1:j2]:
            if token.startswith("<"):
                if "".join(run).strip():
                    out.append(f"<ins>{''.join(run)}</ins>")
                else:
                    out.extend(run)
                run = []
                out.append(token)
            else:
                run.append(token)
        if "".join(run).strip():
            out.append(f"<ins>{''.join(run)}</ins>")
        else:
            out.extend(run)
    return "".join(out)
