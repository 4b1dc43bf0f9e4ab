"""Pasted BibTeX or RIS turned into the fields of new sources.

Pure Python, no Django: the service (``services.import_sources``) checks the
keys against the database and saves. What is guarded here:

- Every entry is read on its own, so one broken entry is reported by its
  number (and its key when it has one) instead of silently dropped, and every
  problem is reported at once. ``parse_sources`` raises only
  ``SourceImportError``, whatever the text.
- Keys are slugs as ``[@key]`` markers need them: the BibTeX citekey or the
  RIS ID, lowercased; else the first author's surname and the year.
- Authors are written in AMA style ("Gibson C, Berliner N"), the form the
  Source.authors field and ``citations.format_ama`` expect.
- The kind is a guess from the entry type and the title; editors check it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import rispy
from bibtexparser.bibdatabase import UndefinedString
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import splitname
from bibtexparser.latexenc import latex_to_unicode

from .identifiers import IdentifierError, normalize_doi, normalize_pmid

__all__ = [
    "FORMATS",
    "FIELD_LIMITS",
    "ParsedEntry",
    "ParsedSources",
    "SourceImportError",
    "parse_sources",
]

BIBTEX, RIS, AUTO = "bibtex", "ris", "auto"
FORMATS = {BIBTEX: "BibTeX", RIS: "RIS", AUTO: "Detect automatically"}

# The Source model's field lengths (a test checks they match), so that a long
# value gets a sentence naming the entry rather than a database error.
KEY_LIMIT = 80
AUTHORS_LIMIT = 500
FIELD_LIMITS = {
    "title": 500,
    "journal": 300,
    "volume": 30,
    "issue": 30,
    "pages": 30,
    "doi": 200,
    "pmid": 20,
    "url": 500,
}
_FIELD_NAMES = {"journal": "journal or publisher", "doi": "DOI", "pmid": "PMID", "url": "URL"}

# A whole library at once is not what this is for, and pyparsing is slow on huge input.
MAX_CHARACTERS = 200_000

# AMA: with more than six authors, the first three and "et al".
_AMA_AUTHORS_BEFORE_ET_AL = 3

_BIBTEX_ENTRY = re.compile(r"(?<![\w.+-])@[ \t]*([A-Za-z]+)[ \t\r\n]*[{(]")
_BIBTEX_KEY = re.compile(r"^@[ \t]*[A-Za-z]+[ \t\r\n]*[{(][ \t\r\n]*([^,\s{}()\"]+)[ \t\r\n]*,")
_BIBTEX_NO_KEY = re.compile(r"^@[ \t]*[A-Za-z]+[ \t\r\n]*[{(](?=[ \t\r\n]*,)")
_NO_KEY = "no-key-given"
_BIBTEX_NOT_REFERENCES = {"comment", "preamble", "string"}
_RIS_START = re.compile(r"^[ \t]*TY  -", re.MULTILINE)
_RIS_END = re.compile(r"^[ \t]*ER  -", re.MULTILINE)

# Entry types (BibTeX and biblatex, then RIS) read as books; then as journal articles.
_BOOK_TYPES = {"book", "inbook", "incollection", "booklet", "mvbook", "collection"}
_BOOK_TYPES |= {"reference", "bookinbook", "chap", "ebook", "echap", "edbook", "encyc", "dict"}
_JOURNAL_TYPES = {"article", "jour", "jfull", "ejour", "mgzn", "inpr"}
_GUIDELINE_TITLE = re.compile(
    r"\bguidelines?\b|\brecommendations?\b|\bconsensus statement\b|\bpractice parameters?\b",
    re.IGNORECASE,
)
_TRIAL_TITLE = re.compile(r"\brandomi[sz]ed\b|\btrials?\b", re.IGNORECASE)

_PMID_NOTE = re.compile(r"\bPMID:?\s*([0-9]{1,9})\b", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]+")
_NAME_SUFFIXES = {"Jr", "Sr", "II", "III", "IV"}
_INITIALS = re.compile(r"^[A-Z]{1,3}$")


class SourceImportError(ValueError):
    """The pasted text holds entries that cannot become sources; ``errors`` says why,
    one sentence per problem, each naming its entry."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class ParsedEntry:
    label: str  # 'Entry 2 ("smith2020")', for messages
    fields: dict[str, Any]  # Source field values


@dataclass(frozen=True)
class ParsedSources:
    format: str  # "BibTeX" or "RIS", as people call them
    entries: list[ParsedEntry] = field(default_factory=list)


def parse_sources(text: str, format: str = AUTO) -> ParsedSources:
    """The sources in ``text``, in the order pasted.

    Raises ``SourceImportError`` listing every problem; then no entry is returned.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise SourceImportError(["Paste one or more BibTeX or RIS entries."])
    if len(text) > MAX_CHARACTERS:
        raise SourceImportError(
            [f"Paste at most {MAX_CHARACTERS:,} characters at a time (this has {len(text):,})."]
        )
    if format == AUTO:
        format = _detect(text)
    if format == BIBTEX:
        raws = list(_bibtex_entries(text))
    elif format == RIS:
        raws = list(_ris_entries(text))
    else:
        raise SourceImportError([f'"{format}" is not a format we read: choose BibTeX or RIS.'])
    if not raws:
        raise SourceImportError([_nothing_found(format)])

    for raw in raws:
        if not raw.problems:
            raw.problems = _check(raw.fields)
    _assign_keys(raws)
    errors = [f"{raw.label}: {problem}" for raw in raws for problem in raw.problems]
    if errors:
        raise SourceImportError(errors)
    return ParsedSources(FORMATS[format], [ParsedEntry(raw.label, raw.fields) for raw in raws])


@dataclass
class _RawEntry:
    number: int
    given_key: str  # the citekey or ID as written, "" when none
    fields: dict[str, Any]
    problems: list[str]

    @property
    def label(self) -> str:
        if self.given_key:
            return f'Entry {self.number} ("{self.given_key}")'
        return f"Entry {self.number}"


def _detect(text: str) -> str:
    ris = _RIS_START.search(text)
    bibtex = _BIBTEX_ENTRY.search(text)
    if ris and (not bibtex or ris.start() < bibtex.start()):
        return RIS
    if bibtex:
        return BIBTEX
    raise SourceImportError(
        [
            "This is neither BibTeX (entries start like @article{key,) nor RIS "
            '(records start with a line "TY  - JOUR").'
        ]
    )


def _nothing_found(format: str) -> str:
    if format == BIBTEX:
        return "No BibTeX entries found: each one starts like @article{key,"
    return 'No RIS records found: each one starts with a line like "TY  - JOUR".'


# BibTeX ------------------------------------------------------------------------------


def _bibtex_entries(text: str) -> Iterator[_RawEntry]:
    """Each reference entry, read on its own with the @string definitions before it."""
    starts = list(_BIBTEX_ENTRY.finditer(text))
    ends = [*(match.start() for match in starts[1:]), len(text)] if starts else []
    chunks = [
        (match.group(1).lower(), text[match.start() : end])
        for match, end in zip(starts, ends, strict=True)
    ]
    strings = "\n".join(chunk for kind, chunk in chunks if kind == "string")
    references = [chunk for kind, chunk in chunks if kind not in _BIBTEX_NOT_REFERENCES]
    for number, chunk in enumerate(references, start=1):
        written_key = _BIBTEX_KEY.match(chunk)
        given_key = written_key.group(1) if written_key else ""
        # bibtexparser needs a key; an entry pasted without one gets a made-up key later.
        chunk = _BIBTEX_NO_KEY.sub(rf"\g<0>{_NO_KEY}", chunk, count=1)
        entry = _RawEntry(number, given_key, {}, [])
        parser = BibTexParser(
            common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True
        )
        try:
            found = parser.parse(f"{strings}\n{chunk}", partial=True).entries
        except UndefinedString as exc:
            name = exc.args[0] if exc.args else ""
            entry.problems.append(f"put the value {name} in braces, like {{{name}}}")
        except Exception:  # pyparsing and bibtexparser raise many kinds on broken input
            entry.problems.append("could not be read as BibTeX; check its braces and commas")
        else:
            if len(found) != 1:
                entry.problems.append("could not be read as BibTeX; check its braces and commas")
            else:
                found_key = found[0].get("ID", "")
                entry.given_key = "" if found_key == _NO_KEY else found_key or given_key
                entry.fields = _bibtex_fields(found[0])
        yield entry


def _bibtex_fields(record: dict[str, str]) -> dict[str, Any]:
    def value(*names: str) -> str:
        for name in names:
            if record.get(name, "").strip():
                return _plain(latex_to_unicode(record[name]))
        return ""

    kind = record.get("ENTRYTYPE", "").lower()
    pmid = value("pmid")
    if not pmid and value("eprinttype").lower() == "pubmed":
        pmid = value("eprint")
    if not pmid:
        note = _PMID_NOTE.search(value("note") + " " + value("annote"))
        pmid = note.group(1) if note else ""
    year = value("year") or value("date")[:4]
    return {
        "type": kind,
        "authors": [_ama_name(name) for name in _bibtex_names(record.get("author", ""))],
        "title": value("title"),
        "journal": value(
            "journal", "journaltitle", "publisher", "institution", "organization", "school"
        ),
        "year": year,
        "volume": value("volume"),
        "issue": value("number", "issue"),
        "pages": value("pages"),
        "doi": value("doi"),
        "pmid": pmid,
        "url": value("url"),
    }


def _bibtex_names(authors: str) -> list[str]:
    """The names in a BibTeX author list, split on "and" outside braces."""
    names, current, depth = [], [], 0
    for word in re.split(r"(\s+)", authors):
        depth += word.count("{") - word.count("}")
        if depth <= 0 and word.lower() == "and":
            names.append("".join(current))
            current = []
        else:
            current.append(word)
    names.append("".join(current))
    return [name.strip() for name in names if name.strip()]


def _ama_name(name: str) -> str:
    """One BibTeX name in AMA form: "Gibson, Carolyn A." -> "Gibson CA"."""
    words = name.split()
    # "Gibson CA", as PubMed writes names, is already AMA.
    if "," not in name and len(words) > 1 and _INITIALS.match(words[-1]):
        return _plain(latex_to_unicode(name))
    try:
        parts = splitname(name, strict_mode=False)
    except Exception:  # an odd name is kept as written rather than refused
        return _plain(latex_to_unicode(name))
    if not parts:
        return ""

    def joined(key: str) -> str:
        return _plain(latex_to_unicode(" ".join(parts.get(key, []))))

    surname = " ".join(part for part in (joined("von"), joined("last")) if part)
    suffix = joined("jr").rstrip(".")
    return " ".join(part for part in (surname, _initials(joined("first")), suffix) if part)


# RIS ---------------------------------------------------------------------------------


def _ris_entries(text: str) -> Iterator[_RawEntry]:
    """Each record from its TY line to the next, an ER line added when it was left off."""
    starts = [match.start() for match in _RIS_START.finditer(text)]
    ends = [*starts[1:], len(text)] if starts else []
    for number, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
        lines = [line.strip() for line in text[start:end].split("\n")]
        chunk = "\n".join(lines)
        if not _RIS_END.search(chunk):
            chunk += "\nER  - "
        entry = _RawEntry(number, "", {}, [])
        try:
            found = rispy.loads(chunk, skip_unknown_tags=True)
        except Exception:  # rispy raises several kinds on broken input
            found = []
        if len(found) != 1:
            entry.problems.append("could not be read as RIS; check its tag lines")
        else:
            entry.given_key = _text(found[0].get("id"))
            entry.fields = _ris_fields(found[0])
        yield entry


def _ris_fields(record: dict[str, Any]) -> dict[str, Any]:
    def value(*names: str) -> str:
        for name in names:
            found = _plain(_text(record.get(name)))
            if found:
                return found
        return ""

    kind = value("type_of_reference").lower()
    journal_first = ("journal_name", "alternate_title1", "alternate_title2", "secondary_title")
    journal = value(
        *(("publisher", *journal_first) if kind in _BOOK_TYPES else (*journal_first, "publisher")),
        "alternate_title3",
    )
    start, end = value("start_page"), value("end_page")
    pmid = value("accession_number")
    if not re.fullmatch(r"[0-9]{1,9}", pmid):
        notes = " ".join(_texts(record.get("notes")) + [value("note")])
        found = _PMID_NOTE.search(notes)
        pmid = found.group(1) if found else ""
    names = _texts(record.get("authors")) or _texts(record.get("first_authors"))
    return {
        "type": kind,
        "authors": [_ris_name(name) for name in names],
        "title": value("title", "primary_title"),
        "journal": journal,
        "year": value("year", "publication_year", "date").split("/")[0].strip(),
        "volume": value("volume"),
        "issue": value("number"),
        "pages": f"{start}-{end}" if start and end and end != start else start,
        "doi": value("doi"),
        "pmid": pmid,
        "url": next((url for url in _texts(record.get("urls")) if url), ""),
    }


def _ris_name(name: str) -> str:
    """One RIS name ("Gibson, Carolyn A." or "Gibson, C.A., Jr.") in AMA form."""
    parts = [_plain(part) for part in name.split(",")]
    if len(parts) == 1:
        words = parts[0].split()
        if len(words) > 1 and _INITIALS.match(words[-1]):
            return parts[0]  # already "Gibson CA"
        if len(words) > 1:
            return f"{words[-1]} {_initials(' '.join(words[:-1]))}"
        return parts[0]
    surname, first, *suffixes = parts
    first_names = first.split()
    if len(first_names) > 1 and first_names[-1].rstrip(".") in _NAME_SUFFIXES:
        suffixes.insert(0, first_names.pop())  # "Benz, Edward J. Jr."
    suffixes = [suffix.rstrip(".") for suffix in suffixes]
    return " ".join(part for part in (surname, _initials(" ".join(first_names)), *suffixes) if part)


def _text(value: Any) -> str:
    texts = _texts(value)
    return texts[0] if texts else ""


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


# Shared ------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """A value without BibTeX's protective braces, on one line."""
    return " ".join(text.replace("{", "").replace("}", "").split())


def _initials(first_names: str) -> str:
    """ "Carolyn Ann" -> "CA"; "C. A." -> "CA"; "Jean-Pierre" -> "JP"; "CA" stays."""
    initials = []
    for word in re.split(r"[\s.\-]+", first_names):
        if _INITIALS.match(word):
            initials.append(word)
        else:
            initials.append(next((char.upper() for char in word if char.isalpha()), ""))
    return "".join(initials)


def _surname(ama_name: str) -> str:
    """ "van der Berg J" -> "van der Berg"; "Smith JA Jr" -> "Smith"."""
    words = ama_name.split()
    while len(words) > 1 and (words[-1] in _NAME_SUFFIXES or _INITIALS.match(words[-1])):
        words.pop()
    return " ".join(words)


def _check(fields: dict[str, Any]) -> list[str]:
    """Tidy ``fields`` into Source values in place; the problems, if any."""
    problems = []
    if not fields["title"]:
        problems.append("no title")

    year = fields.pop("year")
    if not year:
        fields["year"] = None
    elif not _DIGITS.fullmatch(year):
        problems.append(f'the year "{year}" is not a number')
    elif not 1000 <= int(year) <= 2999:
        problems.append(f'the year "{year}" is not a year we can cite')
    else:
        fields["year"] = int(year)

    fields["pages"] = re.sub(r"\s*(?:--?|\N{EN DASH}|\N{EM DASH})\s*", "-", fields["pages"])
    for name, normalize in (("doi", normalize_doi), ("pmid", normalize_pmid)):
        try:
            fields[name] = normalize(fields[name])
        except IdentifierError as exc:
            problems.append(exc.problem)
    if fields["url"] and not re.match(r"https?://", fields["url"], re.IGNORECASE):
        problems.append(f'the URL "{fields["url"]}" does not start with http:// or https://')

    authors = [name for name in fields.pop("authors") if name]
    fields["authors"] = ", ".join(authors)
    if len(fields["authors"]) > AUTHORS_LIMIT:
        # What a reference shows anyway with this many authors.
        fields["authors"] = ", ".join([*authors[:_AMA_AUTHORS_BEFORE_ET_AL], "et al"])
    fields["first_surname"] = _surname(authors[0]) if authors else ""

    for name, limit in FIELD_LIMITS.items():
        if len(fields[name]) > limit:
            shown = _FIELD_NAMES.get(name, name)
            problems.append(f"the {shown} field is longer than {limit} characters")
    fields["kind"] = _kind(fields.pop("type"), fields["title"])
    return problems


def _kind(entry_type: str, title: str) -> str:
    if entry_type in _BOOK_TYPES:
        return "textbook"
    if _GUIDELINE_TITLE.search(title):
        return "guideline"
    if entry_type in _JOURNAL_TYPES:
        return "trial" if _TRIAL_TITLE.search(title) else "review"
    return "other"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_]+", "-", ascii_text.lower()).strip("-_")
    return slug[:KEY_LIMIT].rstrip("-_")


def _assign_keys(raws: list[_RawEntry]) -> None:
    """Give each readable entry its key; a key given twice is a problem of the second."""
    taken: dict[str, int] = {}
    # Given keys first, whether or not their entry has other problems, so that every
    # repeat is reported at once and a made-up key never takes one someone wrote.
    for raw in raws:
        key = _slug(raw.given_key)
        if not key:
            continue
        if key in taken:
            raw.problems.append(f'the key "{key}" is used by entry {taken[key]} as well')
        else:
            taken[key] = raw.number
        raw.fields["key"] = key
    for raw in raws:
        if raw.problems or raw.fields.get("key"):
            continue
        name = _slug(raw.fields["first_surname"]) or _slug(raw.fields["title"])[:40].rstrip("-_")
        stem = _slug(f"{name}-{raw.fields['year'] or ''}") or "source"
        key, suffix = stem, 1
        while key in taken:
            suffix += 1
            key = f"{stem[: KEY_LIMIT - 4]}-{suffix}"
        taken[key] = raw.number
        raw.fields["key"] = key
    for raw in raws:
        raw.fields.pop("first_surname", None)
