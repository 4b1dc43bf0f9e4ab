"""An answer at once, from reviewed words only: the approved passages that best
match a reader's follow-up question.

Candidates come from the search index: the articles readers are shown whose shown
revision the board approved (``SearchEntry.approved``; never content waiting for
review, never withdrawn content, which has no entry), found by any word of the
question; and the approved guidance of the results tool (``interpretation``'s
live reference data, built from approved revisions only). Each article is cut
into its sections (its short answer, then each ``##`` section of its body) from
the snapshot of the approved revision readers are shown; each guidance block is a
passage. Passages are ranked by the question's words they hold, rarer words
counting more. Nothing is written for the question: every word shown is approved
text, with where it comes from, its review state and its citations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from reviews.models import PolicyTerms, ReviewState
from reviews.selectors import shown_to_readers_q

from .citations import citation_keys, format_ama_linked
from .models import Article, SearchEntry
from .snapshots import DEFAULT_WORDING
from .snippets import markdown_to_text

PASSAGES_SHOWN = 3
ARTICLES_CONSIDERED = 8
PASSAGE_LENGTH = 700

# Words that say nothing about what a question is about.
_STOP_WORDS_TEXT = """a about after all also am an and any are as at be because been before being
but by can could did do does doing for from get got had has have having he her his how i if in
into is it its me mean means might more most my no not of on or our should so some such than
that the their them then there these they this those to too up us very was we were what when
where which while who why will with would you your"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_WORD = re.compile(r"[a-z0-9]+")
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Passage:
    """One approved passage: its words, where it comes from and what it cites."""

    heading: str
    text: str
    source_title: str
    source_url: str
    kind: str  # "article" or "guidance"
    review_state: str
    reviewed_at: object = None
    citations: list[str] = field(default_factory=list)  # linked AMA references (HTML)
    score: float = 0.0


def question_terms(question: str) -> list[str]:
    """The words of a question worth matching, each once, in a form that matches its
    plural and other endings (a crude stem: the word less its last two letters, at
    least four)."""
    terms: list[str] = []
    for word in _WORD.findall((question or "").lower()):
        if word in STOP_WORDS or len(word) < 3:
            continue
        stem = word[: max(4, len(word) - 2)] if len(word) > 4 else word
        if stem not in terms:
            terms.append(stem)
    return terms


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _matched(terms: Iterable[str], words: set[str]) -> set[str]:
    return {term for term in terms if any(word.startswith(term) for word in words)}


def _candidate_entries(terms: list[str], policy_terms: PolicyTerms) -> list[int]:
    """Approved articles readers are shown holding any of the terms, best first:
    the search index (FTS5 on SQLite, the tsvector on PostgreSQL)."""
    visible = SearchEntry.objects.filter(
        shown_to_readers_q("article__review_item__", terms=policy_terms), approved=True
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank
        from django.db.models import F

        query = SearchQuery(
            " | ".join(f"{t}:*" for t in terms), search_type="raw", config="english"
        )
        rows = (
            visible.filter(document=query)
            .annotate(rank=SearchRank(F("document"), query))
            .order_by("-rank", "pk")
            .values_list("pk", flat=True)[:ARTICLES_CONSIDERED]
        )
        return list(rows)
    match = " OR ".join(f'"{t}"*' for t in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH %s "
            "ORDER BY bm25(articles_search_fts, 3.0, 2.0, 1.0), rowid LIMIT %s",
            [match, ARTICLES_CONSIDERED * 4],
        )
        best = [row[0] for row in cursor.fetchall()]
    shown = set(visible.filter(pk__in=best).values_list("pk", flat=True))
    return [pk for pk in best if pk in shown][:ARTICLES_CONSIDERED]


def _sections(markdown: str) -> list[tuple[str, str]]:
    """A body's ``##`` sections as (heading, Markdown); text before the first heading
    is a section without one."""
    parts = _HEADING.split(markdown or "")
    sections = [("", parts[0])] if parts[0].strip() else []
    for index in range(1, len(parts) - 1, 2):
        sections.append((parts[index].strip(), parts[index + 1]))
    return sections


def _shorten(text: str) -> str:
    if len(text) <= PASSAGE_LENGTH:
        return text
    cut = text[:PASSAGE_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def _article_passages(article_ids: list[int]) -> list[Passage]:
    passages = []
    rows = Article.objects.filter(pk__in=article_ids).with_revisions()
    for article in rows:
        item = article.review_item
        revision = item.shown_revision(terms=PolicyTerms())
        if revision is None or revision.status != ReviewState.APPROVED:
            continue  # never a word the board has not approved
        snapshot = revision.snapshot
        wording = snapshot["wordings"][DEFAULT_WORDING]
        sources = snapshot.get("sources", {})
        url = SearchEntry(slug=snapshot["slug"]).get_absolute_url()
        pieces = [("Short answer", wording.get("short_answer", ""))]
        pieces += _sections(wording.get("body_markdown", ""))
        for heading, markdown in pieces:
            text = markdown_to_text(markdown)
            if not text:
                continue
            cited = [format_ama_linked(sources[k]) for k in citation_keys(markdown) if k in sources]
            passages.append(
                Passage(
                    heading=heading or snapshot["title"],
                    text=text,
                    source_title=snapshot["title"],
                    source_url=url,
                    kind="article",
                    review_state="Approved by the medical board",
                    reviewed_at=item.last_reviewed_at,
                    citations=cited,
                )
            )
    return passages


def _guidance_passages() -> list[Passage]:
    """The approved guidance of the results tool, default wording, blocks with text.
    (The interpretation app builds it from approved revisions only.)"""
    from django.urls import reverse

    from interpretation.reference import ReferenceDataMissing, live_reference

    from .snippets import html_to_text

    try:
        reference = live_reference()
    except ReferenceDataMissing:
        return []
    passages = []
    for (_key, _severity, _section, audience), block in reference.guidance.items():
        if audience or not block.html:
            continue
        text = html_to_text(block.html)
        if not text:
            continue
        passages.append(
            Passage(
                heading=block.title,
                text=text,
                source_title="Guidance from our blood count results tool",
                source_url=reverse("interpretation:form"),
                kind="guidance",
                review_state="Approved by the medical board",
                citations=[
                    reference.citations[k][0] for k in block.references if k in reference.citations
                ],
            )
        )
    return passages


def best_passages(question: str, *, policy_terms: PolicyTerms, limit: int = PASSAGES_SHOWN):
    """The approved passages that best match ``question``, best first (at most one
    per article section or guidance block, at most two from one article)."""
    terms = question_terms(question)
    if not terms:
        return []
    passages = _article_passages(_candidate_entries(terms, policy_terms)) + _guidance_passages()
    words = [(p, _words(f"{p.heading} {p.text}")) for p in passages]
    frequency = {t: sum(1 for _, w in words if _matched([t], w)) for t in terms}
    needed = min(2, len(terms))
    scored = []
    for passage, passage_words in words:
        matched = _matched(terms, passage_words)
        if len(matched) < needed:
            continue
        score = sum(math.log(1 + len(words) / frequency[t]) for t in matched)
        # Words of the question in the heading, or in the title of the article the
        # passage belongs to, say the passage is about it.
        score += 0.5 * len(_matched(terms, _words(passage.heading)))
        if passage.kind == "article":
            score += 0.5 * len(_matched(terms, _words(passage.source_title)))
        scored.append((score, passage))
    scored.sort(key=lambda pair: -pair[0])
    chosen: list[Passage] = []
    per_source: dict[str, int] = {}
    seen_texts: set[str] = set()
    for score, passage in scored:
        if per_source.get(passage.source_title, 0) >= 2 or passage.text in seen_texts:
            continue
        per_source[passage.source_title] = per_source.get(passage.source_title, 0) + 1
        seen_texts.add(passage.text)
        chosen.append(
            Passage(**{**passage.__dict__, "text": _shorten(passage.text), "score": score})
        )
        if len(chosen) == limit:
            break
    return chosen
