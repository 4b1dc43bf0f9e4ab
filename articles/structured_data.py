"""What an article page says about itself to machines: schema.org JSON-LD and Open Graph.

Built from the ReaderPage (the shown revision's snapshot and its sign-offs), so
it says exactly what the page shows and costs no query of its own. Addresses are
absolute, on ``settings.SITE_URL``: the page is cached whatever host asked for it,
and a canonical address must not depend on the request's Host header.

The JSON-LD follows schema.org's definitions
(https://schema.org/MedicalWebPage):

- ``reviewedBy`` (Person, with ``hasCredential`` an
  EducationalOccupationalCredential) and ``lastReviewed`` (a Date) are given only
  once the board has approved the shown revision: a page waiting for review
  claims no reviewer.
- ``medicalAudience`` must be a MedicalAudience (or a MedicalAudienceType), so
  every wording maps to a MedicalAudience whose ``audienceType`` names the
  readers: see ``AUDIENCE_TYPES``.
"""

from __future__ import annotations

import datetime
from textwrap import shorten

from django.conf import settings
from django.utils import timezone

from .models import Audience
from .selectors import ReaderPage
from .snippets import html_to_text

SITE_NAME = "Reviewed Medical Answers"
DESCRIPTION_LENGTH = 200

# Which readers each wording is written for, as a MedicalAudience's audienceType.
# "Clinician" is one of schema.org's MedicalAudienceType values and "Patient" is
# schema.org's own MedicalAudience subtype. Caregivers and students have no
# schema.org term: audienceType is free text, so they are named as they are
# (MedicalResearcher, the other MedicalAudienceType value, would misdescribe
# students). The general (default) wording is written for patients.
AUDIENCE_TYPES = {
    Audience.PATIENT: "Patient",
    Audience.CAREGIVER: "Caregiver",
    Audience.PROFESSIONAL: "Clinician",
    Audience.STUDENT: "Student",
}
DEFAULT_AUDIENCE_TYPE = "Patient"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def modified_at(revision) -> datetime.datetime:
    """When the revision readers are shown last changed for them: its approval,
    else (never approved) its submission."""
    return revision.approved_at or revision.submitted_at


def short_answer_text(wording: dict) -> str:
    """The short answer as plain text (no markup, no citation numbers)."""
    return html_to_text(wording.get("short_answer_html", ""))


def _audience_type(page: ReaderPage) -> str:
    if page.audience and not page.wording_missing:
        return AUDIENCE_TYPES[Audience(page.audience)]
    return DEFAULT_AUDIENCE_TYPE


def _person(name: str, credentials: str) -> dict:
    person = {"@type": "Person", "name": name}
    if credentials:
        person["hasCredential"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": credentials,
        }
    return person


def _authors(page: ReaderPage) -> list[dict]:
    """One Person per author of the shown revision, with their credentials."""
    return [_person(a["name"], a["credentials"]) for a in page.authors]


def _reviewers(page: ReaderPage) -> list[dict]:
    """One Person per board member who signed off (approved or re-confirmed), in order."""
    people: dict[tuple[str, str], dict] = {}
    for signoff in page.signoffs:
        person = _person(signoff.name, signoff.credentials)
        people.setdefault((signoff.name, signoff.credentials), person)
    return list(people.values())


def _citation(reference: dict, source: dict) -> dict:
    work = {"@type": "CreativeWork", "name": reference["text"]}
    if source.get("doi"):
        work["url"] = f"https://doi.org/{source['doi']}"
    elif source.get("url"):
        work["url"] = source["url"]
    return work


def article_json_ld(page: ReaderPage) -> dict:
    """The schema.org MedicalWebPage describing the article as this page shows it."""
    snapshot = page.revision.snapshot
    url = absolute_url(page.url)
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": page.title,
        "headline": page.title,
        "inLanguage": "en",
        "about": {"@type": "MedicalCondition", "name": page.topic or page.title},
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": _audience_type(page)},
        "dateModified": modified_at(page.revision).isoformat(),
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "url": absolute_url("/"),
        },
    }
    authors = _authors(page)
    if authors:
        data["author"] = authors
    description = short_answer_text(page.wording)
    if description:
        data["description"] = description
    sources = snapshot.get("sources", {})
    citations = [
        _citation(reference, sources.get(reference.get("key"), {}))
        for reference in page.wording.get("references", [])
    ]
    if citations:
        data["citation"] = citations
    if page.approved:
        if page.last_reviewed:
            data["lastReviewed"] = timezone.localdate(page.last_reviewed).isoformat()
        reviewers = _reviewers(page)
        if reviewers:
            data["reviewedBy"] = reviewers
    return data


def open_graph(page: ReaderPage) -> dict:
    """The Open Graph properties of the article page, and its canonical address."""
    return {
        "url": absolute_url(page.url),
        "title": page.title,
        "description": shorten(
            short_answer_text(page.wording), DESCRIPTION_LENGTH, placeholder="…"
        ),
        "site_name": SITE_NAME,
        "modified_time": modified_at(page.revision).isoformat(),
    }


def board_member_json_ld(member) -> dict:
    """The schema.org Person a board member's page describes: their name, credentials
    and the organisation whose answers they review."""
    person = _person(member.user.get_full_name() or member.user.get_username(), member.credentials)
    return {
        "@context": "https://schema.org",
        **person,
        "url": absolute_url(member.get_absolute_url()),
        "memberOf": {"@type": "Organization", "name": SITE_NAME, "url": absolute_url("/")},
    }
