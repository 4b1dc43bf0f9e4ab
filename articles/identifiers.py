"""DOIs and PubMed IDs: one normalisation and one check, used by the source form,
the source services and the BibTeX/RIS importer. Plain Python, no Django.

A DOI is stored bare (``10.1182/blood-2014-02-482612``): pasted as a link
(``https://doi.org/10.…``, ``http://dx.doi.org/10.…``) or with a ``doi:`` prefix,
the prefix is removed. A PMID is stored as its digits: a ``PMID:`` prefix or a
PubMed link is removed. Anything else is refused with a sentence naming the field.
"""

from __future__ import annotations

import re

__all__ = ["IdentifierError", "normalize_doi", "normalize_pmid"]

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.|www\.)?doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
# "10." + a registrant code (digits, perhaps dotted) + "/" + a suffix without spaces.
_DOI = re.compile(r"10\.[0-9]{4,9}(?:\.[0-9]+)*/[^\s]+")
_PMID_PREFIX = re.compile(
    r"^(?:https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/"
    r"|pmid:?\s*)",
    re.IGNORECASE,
)
_PMID = re.compile(r"[1-9][0-9]{0,8}")

DOI_EXAMPLE = "10.1182/blood-2014-02-482612"


class IdentifierError(ValueError):
    """An identifier that is not one. ``problem`` reads after an entry's name in an
    import report; ``str()`` is the sentence for a form field."""

    def __init__(self, field: str, problem: str):
        self.field = field
        self.problem = problem
        super().__init__(problem[0].upper() + problem[1:] + ".")


def normalize_doi(raw: str | None) -> str:
    """The DOI as stored, or "" for none. Raises IdentifierError naming the DOI."""
    text = (raw or "").strip()
    doi = _DOI_PREFIX.sub("", text).strip().rstrip("/")
    if not doi:
        return ""
    if not _DOI.fullmatch(doi):
        raise IdentifierError(
            "doi",
            f'the DOI "{text}" is not a DOI: write it as 10., the registrant number, a '
            f"slash and the rest, e.g. {DOI_EXAMPLE} (a doi.org link works too)",
        )
    return doi


def normalize_pmid(raw: str | int | None) -> str:
    """The PMID as stored (its digits), or "" for none. Raises IdentifierError."""
    text = str(raw if raw is not None else "").strip()
    pmid = _PMID_PREFIX.sub("", text).strip().rstrip("/")
    if not pmid:
        return ""
    if not _PMID.fullmatch(pmid):
        raise IdentifierError(
            "pmid",
            f'the PMID "{text}" is not a PubMed ID: it is a number of up to nine digits, '
            "e.g. 24869938",
        )
    return pmid
