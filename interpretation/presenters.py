"""Turn the engine's answer into what the result page and the API show.

Pure functions over plain data: the engine's Interpretation plus the reviewed
guidance in, a ResultPage out — headline, the reader's values beside the ranges
with a picture of where each sits, the guidance sections in the reader's
wording, urgent boxes first, and the numbered citations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.citations import renumber_citations

from . import engine
from .engine import units
from .reference import GuidanceText, LiveReference

SECTIONS = [
    ("meaning", "What this means"),
    ("infection_risk", "Infection risk"),
    ("causes", "Causes to investigate"),
    ("next_steps", "Next steps"),
    ("seek_care", "When to seek care now"),
    ("monitoring", "Monitoring"),
]

FINDING_NAMES = {
    "neutropenia": "neutropenia",
    "leukopenia": "leukopenia",
    "lymphopenia": "lymphopenia",
    "anemia": "anemia",
    "thrombocytopenia": "thrombocytopenia",
    "pancytopenia": "pancytopenia",
    "leukocytosis": "leukocytosis",
    "neutrophilia": "neutrophilia",
    "thrombocytosis": "thrombocytosis",
}

ALERT_TITLES = {
    "febrile_neutropenia": "Fever with neutropenia: seek emergency care now",
    "fever_with_low_anc": "Fever with a low neutrophil count: seek emergency care now",
    "fever_during_anticancer_treatment": "Fever during anticancer treatment: seek care now",
    "fever_with_low_wbc_no_anc": "Fever with a low white cell count: seek care now",
    "critical_value.ANC.low": "A very low neutrophil count: seek care now",
    "critical_value.WBC.high": "A very high white cell count: seek care now",
    "critical_value.PLT.low": "A very low platelet count: contact a clinician today",
    "critical_value.HGB.low": "A very low hemoglobin: contact a clinician today",
}
# When an alert has no title of its own, its action level gives one.
LEVEL_TITLES = {
    engine.EMERGENCY: "A critical value: seek care now",
    engine.SAME_DAY: "A critical value: contact a clinician today",
    engine.NON_URGENT: "Fever: when to get care",
}


def alert_title(alert: engine.Alert) -> str:
    return (
        ALERT_TITLES.get(alert.message_key)
        or ALERT_TITLES.get(alert.code)
        or LEVEL_TITLES.get(alert.level, alert.code)
    )


FLAG_LABELS = {
    "N": "Normal",
    "L": "Low",
    "H": "High",
    "LL": "Critically low",
    "HH": "Critically high",
}

RANGE_SOURCE_LABELS = {
    "default": "typical adult range",
    "lab": "your lab's range",
    "duffy_null": "Duffy-null range",
}


def finding_title(finding: engine.Finding) -> str:
    name = FINDING_NAMES.get(finding.code, finding.code.replace("_", " "))
    return f"{finding.severity} {name}" if finding.severity else name


def headline(result: engine.Interpretation) -> str:
    """'Mild leukopenia with mild neutropenia', as the reference page heads its result."""
    if result.declined:
        return "We cannot interpret these results"
    titles = {f.code: finding_title(f) for f in result.findings}
    if not titles:
        # "Within the usual ranges" only when nothing is flagged and no alert or fever applies.
        if result.reassurance_allowed:
            return "Your values are within the usual ranges"
        if result.any_flagged:
            return "Some of your values are outside the usual ranges"
        return "You have a fever: see when to get care"
    if "leukopenia" in titles and "neutropenia" in titles:
        first = f"{titles.pop('leukopenia')} with {titles.pop('neutropenia')}"
        rest = list(titles.values())
        parts = [first, *rest]
    else:
        parts = list(titles.values())
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Segment:
    # SVG coordinates as text with at most two decimals (no "12.979999999999999").
    x: str
    width: str
    kind: str  # below, normal, above, or a severity band code
    label: str


@dataclass(frozen=True)
class Picture:
    """Where a value sits among its bands, in the 0..300 coordinates of a small SVG."""

    segments: tuple[Segment, ...]
    marker_x: str
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
class Block:
    title: str
    html: str
    approved: bool


@dataclass
class ResultPage:
    headline: str
    declined: str | None
    alerts: list[tuple[str, list[Block]]]
    rows: list[ValueRow]
    sections: list[tuple[str, str, list[Block]]]
    references: list[dict]
    findings: list[dict]
    unapproved: bool
    audience: str | None
    wording_missing: bool = False
    reference_unapproved: tuple[str, ...] = field(default_factory=tuple)
    # Which reviewed guidance blocks the page shows, in order, and for whom: the
    # guidance sections and references follow from it alone (no lab values in it).
    guidance_key: tuple = ()


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


WIDTH = 300.0


def _coordinate(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _segment(start: float, end: float, kind: str, label: str) -> Segment:
    return Segment(_coordinate(start), _coordinate(round(end - start, 2)), kind, label)


def picture_for(row: engine.ValueResult, reference: LiveReference) -> Picture | None:
    if row.low is None and row.high is None:
        return None
    low = row.low if row.low is not None else 0.0
    high = row.high if row.high is not None else max(low * 2, row.value)
    top = max(high * 1.5, row.value * 1.1, high + (high - low) * 0.5)
    bottom = 0.0
    if top <= bottom:  # a range of 0 to 0 with a value of 0: nothing to scale against
        return None

    def x(value: float) -> float:
        clamped = min(max(value, bottom), top)
        return round((clamped - bottom) / (top - bottom) * WIDTH, 2)

    segments: list[Segment] = []
    bands = [b for b in reference.data.bands_for(row.analyte) if b.parent is None]
    cuts = sorted({b.upper for b in bands if b.upper is not None and b.upper < low})
    start = bottom
    for cut in [*cuts, low]:
        if cut <= start:
            continue
        band = next((b for b in bands if (b.lower or -1e18) <= start < (b.upper or 1e18)), None)
        kind = band.code if band and band.code != "none" else "below"
        label = band.label if band and band.code != "none" else "Below the range"
        segments.append(_segment(x(start), x(cut), kind, label))
        start = cut
    segments.append(_segment(x(low), x(high), "normal", "Within the range"))
    segments.append(_segment(x(high), WIDTH, "above", "Above the range"))
    unit = units.display_unit(row.unit)
    flag = FLAG_LABELS.get(row.interpretation or "", "Not judged")
    title = f"{row.name}: {_fmt(row.value)} {unit}"
    description = (
        f"{flag}. The range used is {_fmt(row.low)} to {_fmt(row.high)} {unit}; "
        f"the marker shows where {_fmt(row.value)} sits on a scale from 0 to {_fmt(top)}."
    )
    return Picture(tuple(segments), _coordinate(x(row.value)), title, description)


def value_row(row: engine.ValueResult, reference: LiveReference) -> ValueRow:
    unit = units.display_unit(row.unit)
    band_label = ""
    if row.band and row.band != "none":
        band = next((b for b in reference.data.bands_for(row.analyte) if b.code == row.band), None)
        band_label = band.label if band else row.band
        if row.band_detail:
            detail = next(
                (b for b in reference.data.bands_for(row.analyte) if b.code == row.band_detail),
                None,
            )
            band_label += f" ({detail.label.lower() if detail else row.band_detail})"
    grade_text = f"{row.grade_table} v{row.grade_version} grade {row.grade}" if row.grade else ""
    entered = ""
    if row.entered_value is not None and row.entered_unit and row.entered_unit != row.unit:
        entered = f"{_fmt(row.entered_value)} {units.display_unit(row.entered_unit)}"
    range_text = ""
    if row.low is not None or row.high is not None:
        source = RANGE_SOURCE_LABELS.get(row.range_source or "", "")
        range_text = f"{_fmt(row.low)}–{_fmt(row.high)} {unit}" + (f" ({source})" if source else "")
    return ValueRow(
        code=row.analyte,
        name=row.name,
        value=_fmt(row.value),
        unit=unit,
        entered=entered,
        range_text=range_text,
        flag=row.interpretation,
        flag_label=FLAG_LABELS.get(row.interpretation or "", "Not interpreted"),
        band_label=band_label,
        grade_text=grade_text,
        computed=row.computed,
        picture=picture_for(row, reference),
    )


def _block(
    reference: LiveReference, finding: str, severity: str, section: str, audience: str | None
) -> tuple[tuple[str, str, str, str], GuidanceText] | None:
    guidance = reference.guidance
    for key in (
        (finding, severity, section, audience or ""),
        (finding, severity, section, ""),
        (finding, "", section, audience or ""),
        (finding, "", section, ""),
    ):
        if key in guidance:
            return key, guidance[key]
    return None


def build_page(
    result: engine.Interpretation, reference: LiveReference, audience: str | None
) -> ResultPage:
    """Assemble the page: urgent alerts first, then each section's blocks in finding order."""
    shown: list[GuidanceText] = []
    seen: set[GuidanceText] = set()
    shown_keys: list[tuple[str, str, str, str]] = []

    def pick(finding: str, severity: str, section: str) -> GuidanceText | None:
        found = _block(reference, finding, severity, section, audience)
        if found is not None and found[1] not in seen:
            key, text = found
            seen.add(text)
            shown.append(text)
            shown_keys.append(key)
            return text
        return None

    # One instruction: boxes only for the alerts behind it, and none for fever guidance.
    alerts: list[tuple[str, list[GuidanceText]]] = []
    instruction = result.instruction
    urgent = (
        () if instruction is None or instruction.level == engine.NON_URGENT else instruction.alerts
    )
    for alert in urgent:
        blocks = [pick(alert.code, "", "seek_care")]
        alerts.append((alert_title(alert), [b for b in blocks if b]))

    keys = [(k.finding, k.severity or "") for k in result.guidance_keys]
    keys = [k for k in keys if k[0] not in {a.code for a in result.alerts}]
    if any(v.range_source == "duffy_null" for v in result.values):
        keys.append(("duffy_null", ""))
    if result.reassurance_allowed:
        keys.append(("normal", ""))
    for alert in result.alerts:
        keys.append((alert.code, ""))  # their other sections (why this threshold) follow

    sections = []
    for section, label in SECTIONS:
        blocks = [b for b in (pick(f, s, section) for f, s in keys) if b]
        if blocks:
            sections.append((section, label, blocks))

    numbers: dict[str, int] = {}
    for text in shown:
        for key in text.references:
            numbers.setdefault(key, len(numbers) + 1)

    def render(text: GuidanceText) -> Block:
        return Block(
            text.title, renumber_citations(text.html, text.references, numbers), text.approved
        )

    references = [
        {
            "number": number,
            "key": key,
            "html": reference.citations[key][0],
            "text": reference.citations[key][1],
        }
        for key, number in numbers.items()
        if key in reference.citations
    ]
    return ResultPage(
        headline=headline(result),
        declined=result.declined,
        alerts=[(title, [render(b) for b in blocks]) for title, blocks in alerts],
        rows=[value_row(v, reference) for v in result.values],
        sections=[(key, label, [render(b) for b in blocks]) for key, label, blocks in sections],
        references=references,
        findings=[
            {"code": f.code, "severity": f.severity, "title": finding_title(f).capitalize()}
            for f in result.findings
        ],
        unapproved=bool(reference.unapproved) or any(not b.approved for b in shown),
        audience=audience,
        reference_unapproved=reference.unapproved,
        guidance_key=(audience or "", tuple(shown_keys)),
    )
