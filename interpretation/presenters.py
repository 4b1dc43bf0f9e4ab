"""What the result page, the JSON API and the FHIR conclusion say: the engine's answer
in approved words.

Pure functions over plain data: the engine's Interpretation and the approved
reference data and guidance (``LiveReference``) in, a :class:`ResultPage` out.
Every sentence comes from an approved guidance block found through
:func:`interpretation.wording.find_block`; a slot without a block raises
:class:`WordingMissing` (the tool then says it is not available), never a
sentence of ours. ``manage.py check`` reports such a gap before it can happen.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from articles.citations import renumber_citations

from . import engine, wording
from .engine import units
from .reference import GuidanceText, LiveReference


class WordingMissing(RuntimeError):
    """No approved block fills a slot the page needs (a configuration error)."""


# --------------------------------------------------------------------------- parts of the page


@dataclass(frozen=True)
class Text:
    """An approved block as shown on this page (citations numbered for the page)."""

    title: str
    html: str


@dataclass(frozen=True)
class Reason:
    """An alert behind the instruction: its approved text and the values that raised it."""

    key: str
    title: str
    html: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class InstructionBox:
    """The one instruction (never "today" beside "now") and the alerts behind it."""

    level: str
    urgent: bool
    title: str
    html: str
    reasons: tuple[Reason, ...]
    # Its numbered references, when shown without a result page (the form asked again).
    references: tuple[dict, ...] = ()


@dataclass(frozen=True)
class FindingLine:
    code: str
    severity: str | None
    text: str
    detail: str  # the values and grades behind it, for professionals


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Text, ...]


@dataclass(frozen=True)
class Segment:
    # SVG coordinates as text with at most two decimals (no "12.979999999999999").
    x: str
    width: str
    kind: str  # below, normal, above, or a severity band code
    label: str


@dataclass(frozen=True)
class Picture:
    """Where a value sits, in the 0..300 coordinates of a small SVG, with the mark
    where clinicians usually become concerned (a harm anchor) when it is on the scale."""

    segments: tuple[Segment, ...]
    marker_x: str
    anchor_x: str | None
    anchor_text: str
    title: str
    description: str


@dataclass(frozen=True)
class ValueRow:
    code: str
    name: str
    value: str
    unit: str
    entered: str
    range_text: str
    flag: str | None
    flag_label: str
    band_label: str
    grade_text: str
    computed: bool
    picture: Picture | None


@dataclass(frozen=True)
class LegendItem:
    kind: str
    label: str


@dataclass
class ResultPage:
    headline: str
    audience: str | None
    instruction: InstructionBox | None
    declined: Text | None
    findings_title: str
    findings: list[FindingLine]
    values_title: str
    rows: list[ValueRow]
    show_grades: bool
    legend: list[LegendItem]
    sections: list[Section]
    references: list[dict]
    guidance: list[tuple[str, Text]] = field(default_factory=list)  # (section, block) for the API


# --------------------------------------------------------------------------- wording


class _Words:
    """Finds the approved blocks of one page and numbers their citations in order of use."""

    def __init__(self, reference: LiveReference, audience: str | None) -> None:
        self.reference, self.audience = reference, audience
        self.numbers: dict[str, int] = {}

    def block(
        self, key: str, section: str, severity: str | None = None, *, required: bool = True
    ) -> GuidanceText | None:
        found = wording.find_block(self.reference.guidance, key, severity, section, self.audience)
        if found is None and required:
            raise WordingMissing(
                f"No approved guidance block for key {key!r}, severity {severity or 'any'!r}, "
                f"section {section!r}."
            )
        return found

    def title(self, key: str, section: str, severity: str | None = None) -> str:
        return self.block(key, section, severity).title

    def text(self, block: GuidanceText) -> Text:
        for key in block.references:
            self.numbers.setdefault(key, len(self.numbers) + 1)
        return Text(block.title, renumber_citations(block.html, block.references, self.numbers))

    def references(self) -> list[dict]:
        citations = self.reference.citations
        return [
            {"number": number, "key": key, "html": citations[key][0], "text": citations[key][1]}
            for key, number in self.numbers.items()
            if key in citations
        ]


def _show(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    text = f"{value:.3f}".rstrip("0").rstrip(".") or "0"
    return f"{text} {units.display_unit(unit)}".strip()


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def temperature_text(value: object, unit: object) -> str:
    """The temperature as entered, for the alerts that name it ("Temperature: 38.6 °C");
    empty when there is none or it cannot be read."""
    if value is None or value == "":
        return ""
    try:
        ucum = units.normalize_unit(unit, "temperature")
    except units.UnitError:
        return ""
    return f"Temperature: {value} {units.display_unit(ucum)}"


def instruction_box(
    instruction: engine.Instruction | None,
    words: _Words,
    values: tuple[engine.ValueResult, ...] = (),
    temperature: str = "",
) -> InstructionBox | None:
    """The one instruction in approved words, with each alert behind it naming its values."""
    if instruction is None:
        return None
    block = words.text(words.block(instruction.message_key, wording.INSTRUCTION))
    by_code = {v.analyte: v for v in values}
    reasons = []
    for alert in instruction.alerts:
        text = words.text(words.block(alert.message_key, wording.ALERT))
        shown = [
            f"{by_code[code].name}: {_show(by_code[code].value, by_code[code].unit)}"
            for code in alert.analytes
            if code in by_code
        ]
        if alert.code != "critical_value" and temperature:
            shown.insert(0, temperature)
        reasons.append(Reason(alert.message_key, text.title, text.html, tuple(shown)))
    return InstructionBox(
        level=instruction.level,
        urgent=instruction.level != engine.NON_URGENT,
        title=block.title,
        html=block.html,
        reasons=tuple(reasons),
    )


# --------------------------------------------------------------------------- headline


def _severity_of(result: engine.Interpretation, code: str) -> str | None:
    return next((f.severity for f in result.findings if f.code == code), None)


def headline_slot(result: engine.Interpretation) -> tuple[str, str, str | None]:
    """(key, section, severity) of the page's headline."""
    if result.declined_reason:
        return wording.declined_key(result.declined_reason), wording.DECLINED, None
    codes = [f.code for f in result.findings]
    if codes:
        first = result.findings[0]
        if first.code in ("neutropenia", "leukopenia") and {"neutropenia", "leukopenia"} <= set(
            codes
        ):
            both = {_severity_of(result, "neutropenia"), _severity_of(result, "leukopenia")}
            severity = both.pop() if len(both) == 1 else None
            return wording.LEUKOPENIA_WITH_NEUTROPENIA, wording.HEADLINE, severity
        return first.code, wording.HEADLINE, first.severity
    if result.any_flagged:
        return wording.FLAGGED, wording.HEADLINE, None
    if result.fever:
        return wording.FEVER, wording.HEADLINE, None
    return wording.NORMAL, wording.HEADLINE, None


# --------------------------------------------------------------------------- values and pictures

FLAG_LABELS = {
    "N": "Normal",
    "L": "Low",
    "H": "High",
    "LL": "Critically low",
    "HH": "Critically high",
    "A": "Abnormal",
}
RANGE_SOURCE_LABELS = {
    "default": "typical adult range",
    "lab": "your lab's range",
    "duffy_null": "Duffy-null lower limit",
}
WIDTH = 300.0
# A concern mark further out than this many times the range's upper limit would squeeze
# the range to a sliver: it is named under the picture instead of drawn.
ANCHOR_SCALE_LIMIT = 3.0


def _coordinate(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _anchor(row: engine.ValueResult, reference: LiveReference) -> tuple[float, str] | None:
    """Where clinicians usually become concerned (the critical limit, reviewed data), and
    on which side: below a low limit, above a high one (the nearer for this value)."""
    limit = reference.data.critical_limit(row.analyte)
    if limit is None:
        return None
    sides = [(v, s) for v, s in ((limit.low, "below"), (limit.high, "above")) if v is not None]
    if not sides:
        return None
    return min(sides, key=lambda side: abs(side[0] - row.value))


def picture_for(
    row: engine.ValueResult, reference: LiveReference, *, declined: bool
) -> Picture | None:
    if row.low is None and row.high is None:
        return None
    unit = units.display_unit(row.unit)
    low = row.low if row.low is not None else 0.0
    high = row.high if row.high is not None else max(low * 2, row.value)
    top = max(high * 1.5, row.value * 1.1, high + (high - low) * 0.5)
    anchor = _anchor(row, reference)
    if anchor is not None and anchor[0] <= high * ANCHOR_SCALE_LIMIT:
        top = max(top, anchor[0] * 1.1)
    if top <= 0:
        return None

    def x(value: float) -> float:
        return round(min(max(value, 0.0), top) / top * WIDTH, 2)

    bands = [] if declined else [b for b in reference.data.bands_for(row.analyte)]
    cuts = {0.0, low, high, top}
    cuts |= {b.upper for b in bands if b.upper is not None and 0 < b.upper < top}
    edges = sorted(c for c in cuts if 0 <= c <= top)
    segments = []
    for start, end in zip(edges, edges[1:], strict=False):
        middle = (start + end) / 2
        band = next(
            (
                b
                for b in bands
                if b.code != engine.NO_FINDING_BAND
                and (b.lower is None or b.lower <= middle)
                and (b.upper is None or middle < b.upper)
            ),
            None,
        )
        if band is not None:
            kind, label = band.code, band.label
        elif row.low is not None and middle < row.low:
            kind, label = "below", "Below the range"
        elif row.high is not None and middle > row.high:
            kind, label = "above", "Above the range"
        else:
            kind, label = "normal", "Within the range"
        if segments and segments[-1][2] == kind:
            segments[-1] = (segments[-1][0], end, kind, label)
        else:
            segments.append((start, end, kind, label))
    drawn = tuple(
        Segment(_coordinate(x(s)), _coordinate(round(x(e) - x(s), 2)), kind, label)
        for s, e, kind, label in segments
    )
    anchor_x, anchor_text = None, ""
    if anchor is not None:
        value, side = anchor
        anchor_text = (
            f"Concern mark: clinicians usually become concerned {side} {_fmt(value)} {unit}"
        )
        if value <= top:
            anchor_x = _coordinate(x(value))
        else:
            anchor_text += " (beyond this scale)"
    flag = FLAG_LABELS.get(row.interpretation or "", "Not judged")
    description = (
        f"{flag}. The range used is {_fmt(row.low)} to {_fmt(row.high)} {unit}; "
        f"the marker shows where {_fmt(row.value)} sits on a scale from 0 to {_fmt(top)}."
    )
    if anchor_text:
        description += f" {anchor_text}."
    return Picture(
        drawn,
        _coordinate(x(row.value)),
        anchor_x,
        anchor_text,
        f"{row.name}: {_fmt(row.value)} {unit}",
        description,
    )


def value_row(row: engine.ValueResult, reference: LiveReference, *, declined: bool) -> ValueRow:
    unit = units.display_unit(row.unit)
    band_label = ""
    bands = {b.code: b for b in reference.data.bands_for(row.analyte)}
    if row.band and row.band != engine.NO_FINDING_BAND and row.band in bands:
        band_label = bands[row.band].label
        if row.band_detail:
            rules = reference.data.rules_for(row.analyte, sex=None, duffy_null=False)
            detail = next((b for b in rules.sub_bands if b.code == row.band_detail), None)
            band_label += f" ({detail.label.lower() if detail else row.band_detail})"
    grade_text = f"{row.grade_table} v{row.grade_version} grade {row.grade}" if row.grade else ""
    entered = ""
    if row.entered_value is not None and row.entered_unit and row.entered_unit != row.unit:
        entered = f"{_fmt(row.entered_value)} {units.display_unit(row.entered_unit)}"
    range_text = ""
    if row.low is not None or row.high is not None:
        source = RANGE_SOURCE_LABELS.get(row.range_source or "", "")
        range_text = f"{_fmt(row.low)}–{_fmt(row.high)} {unit}" + (f" ({source})" if source else "")
    value = _fmt(row.value)
    if row.comparator:
        value = f"{row.comparator}{value}"
    return ValueRow(
        code=row.analyte,
        name=row.name,
        value=value,
        unit=unit,
        entered=entered,
        range_text=range_text,
        flag=row.interpretation,
        flag_label=FLAG_LABELS.get(row.interpretation or "", "Not interpreted"),
        band_label=band_label,
        grade_text=grade_text,
        computed=row.computed,
        picture=picture_for(row, reference, declined=declined),
    )


def _legend(rows: list[ValueRow]) -> list[LegendItem]:
    """The keys the pictures use, in the order they appear, then the marks."""
    seen: dict[str, str] = {}
    for row in rows:
        if row.picture is not None:
            for segment in row.picture.segments:
                seen.setdefault(segment.kind, segment.label)
    items = [LegendItem(kind, label) for kind, label in seen.items()]
    if items:
        items.append(LegendItem("marker", "Your value"))
    if any(row.picture is not None and row.picture.anchor_x for row in rows):
        items.append(LegendItem("anchor", "Where clinicians usually become concerned"))
    return items


# --------------------------------------------------------------------------- the page


def _finding_detail(finding: engine.Finding, result: engine.Interpretation) -> str:
    parts = []
    for value in result.values:
        if value.analyte in finding.analytes:
            text = f"{value.analyte} {_show(value.value, value.unit)}"
            if value.grade:
                text += f", {value.grade_table} v{value.grade_version} grade {value.grade}"
            parts.append(text)
    return "; ".join(parts)


def build_page(
    result: engine.Interpretation,
    reference: LiveReference,
    audience: str | None,
    *,
    temperature: str = "",
) -> ResultPage:
    """Assemble the page: the one instruction first, the headline, the decline or the
    findings, the values, then each guidance section once, in approved words."""
    words = _Words(reference, audience)
    instruction = instruction_box(result.instruction, words, result.values, temperature)
    key, section, severity = headline_slot(result)
    headline = words.block(key, section, severity)
    declined = words.text(headline) if result.declined_reason else None

    findings = [
        FindingLine(
            f.code,
            f.severity,
            words.title(f.code, wording.HEADLINE, f.severity),
            _finding_detail(f, result),
        )
        for f in result.findings
    ]
    slots: list[tuple[str, str | None]] = [(f.code, f.severity) for f in result.findings]
    if any(v.range_source == wording.DUFFY for v in result.values):
        slots.append((wording.DUFFY, None))
    if result.reassurance_allowed:
        slots.append((wording.NORMAL, None))
    elif result.any_flagged and not result.findings and not result.declined_reason:
        slots.append((wording.FLAGGED, None))
    slots.extend((alert.message_key, None) for alert in result.alerts)

    sections, guidance = [], []
    for name in wording.GUIDANCE_SECTIONS:
        blocks: list[GuidanceText] = []
        for slot_key, slot_severity in slots:
            found = words.block(slot_key, name, slot_severity, required=False)
            if found is not None and found not in blocks:
                blocks.append(found)
        if blocks:
            shown = tuple(words.text(block) for block in blocks)
            sections.append(Section(name, words.title(wording.PAGE, name), shown))
            guidance.extend((name, text) for text in shown)

    declined_flag = result.declined_reason is not None
    rows = [value_row(v, reference, declined=declined_flag) for v in result.values]
    return ResultPage(
        headline=headline.title,
        audience=audience,
        instruction=instruction,
        declined=declined,
        findings_title=words.title(wording.PAGE, "findings"),
        findings=findings,
        values_title=words.title(wording.PAGE, "values"),
        rows=rows,
        show_grades=audience == "professional"
        or result.declined_reason == engine.DECLINED_ANTICANCER_TREATMENT,
        legend=_legend(rows),
        sections=sections,
        references=words.references(),
        guidance=guidance,
    )


def provisional_instruction(
    errors: engine.InputErrors, reference: LiveReference, audience: str | None
) -> InstructionBox | None:
    """The instruction that already holds while the input is being corrected, when urgent."""
    instruction = errors.provisional_instruction
    if instruction is None or instruction.level == engine.NON_URGENT:
        return None
    words = _Words(reference, audience)
    box = instruction_box(instruction, words)
    return dataclasses.replace(box, references=tuple(words.references()))


def conclusion(page: ResultPage) -> str:
    """The page in one paragraph of plain text (the FHIR DiagnosticReport's conclusion):
    the one instruction and the alerts behind it, then the headline and the findings."""
    parts = []
    box = page.instruction
    if box is not None:
        reasons = "; ".join(dict.fromkeys(reason.title for reason in box.reasons))
        parts.append(f"{box.title}: {reasons}." if reasons else f"{box.title}.")
    if page.findings:
        parts.append("; ".join(line.text for line in page.findings) + ".")
    else:
        parts.append(page.headline.rstrip(".") + ".")
    return " ".join(parts)
