"""Articles that answer one question each, their sources and audience wordings.

Markdown is rendered to sanitized HTML by the services when content is saved,
never per page view. What readers see is not these rows but the snapshot in the
article's live revision (see ``reviews``): editing an article changes its
working copy only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from reviews.history import HistoriedQuerySet
from reviews.models import (
    PENDING_STATES,
    PolicyTerms,
    Reviewable,
    ReviewItem,
    Revision,
    Undeletable,
)
from reviews.validators import SingleLine

from .snippets import excerpt, markdown_to_text


class Audience(models.TextChoices):
    PATIENT = "patient", "Patient"
    CAREGIVER = "caregiver", "Caregiver"
    PROFESSIONAL = "professional", "Healthcare professional"
    STUDENT = "student", "Student"


class SourceKind(models.TextChoices):
    GUIDELINE = "guideline", "Guideline"
    REVIEW = "review", "Review"
    TRIAL = "trial", "Trial"
    TEXTBOOK = "textbook", "Textbook"
    OTHER = "other", "Other"


class Source(Undeletable):
    """A reusable reference, cited in Markdown as ``[@key]``."""

    key = models.SlugField(max_length=80, unique=True, help_text="Cite it in Markdown as [@key].")
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.REVIEW)
    authors = models.CharField(
        max_length=500, blank=True, help_text='AMA style: "Gibson C, Berliner N".'
    )
    title = models.CharField(max_length=500, validators=[SingleLine("title")])
    journal = models.CharField("journal or publisher", max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    volume = models.CharField(max_length=30, blank=True)
    issue = models.CharField(max_length=30, blank=True)
    pages = models.CharField(max_length=30, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    pmid = models.CharField("PMID", max_length=20, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    # What an editor writes of a source, in the order forms show it: the one list
    # the admin form, the services and the snapshots use.
    CITATION_FIELDS = (
        "key",
        "kind",
        "authors",
        "title",
        "journal",
        "year",
        "volume",
        "issue",
        "pages",
        "doi",
        "pmid",
        "url",
    )

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"[@{self.key}] {self.title}"

    # Besides a title, a reference needs at least one of these for a reader to find it.
    FINDABLE_BY = ("authors", "journal", "year", "doi", "pmid", "url")

    def clean(self) -> None:
        """A title alone is not a reference: readers could not find the work."""
        super().clean()
        if self.title and not any(getattr(self, name) for name in self.FINDABLE_BY):
            raise ValidationError(
                "A title alone does not let readers find the work: add its authors, "
                "journal or publisher, year, DOI, PMID or URL."
            )

    def as_citation_data(self) -> dict:
        """The fields a reference list needs, as plain data for snapshots and formatting."""
        return {name: getattr(self, name) for name in self.CITATION_FIELDS}


class Topic(Undeletable):
    """One of the topics articles are filed under: a managed list, so a typo in an
    article's form cannot start a new topic. Readers see the topic's name as it was
    in the revision they are shown."""

    name = models.CharField(
        max_length=100,
        unique=True,
        validators=[SingleLine("topic")],
        help_text="As readers see it.",
    )
    slug = models.SlugField(max_length=100, unique=True)

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AuthorProfile(Undeletable):
    """How a person who writes articles is named on them: the name and credentials
    readers see in the byline and in the page's JSON-LD (never a username)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="author_profile"
    )
    display_name = models.CharField(
        max_length=200,
        validators=[SingleLine("display name")],
        help_text='The name readers see, e.g. "Elena Marsh".',
    )
    credentials = models.CharField(
        max_length=200,
        validators=[SingleLine("credentials")],
        help_text='Qualifications shown beside the name, e.g. "RN, MSc Nursing".',
    )

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(display_name="") & ~Q(credentials=""),
                name="author_profile_names_and_credentials",
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.credentials}"

    def as_byline(self) -> dict:
        return {"name": self.display_name, "credentials": self.credentials}


class ArticleQuerySet(HistoriedQuerySet):
    def live(self, terms: PolicyTerms | None = None) -> ArticleQuerySet:
        """What a reader may see: articles whose review item has a revision shown to
        readers under the editorial policy ``terms``
        (``reviews.selectors.shown_to_readers_q``). Drafts never are.

        The single definition of "published", used by every public view. Pass the
        terms of the policy in force when you have them (one policy query per page);
        without them they are read here.
        """
        from reviews.selectors import current_terms, shown_to_readers_q

        terms = terms if terms is not None else current_terms()
        return self.filter(shown_to_readers_q("review_item__", terms=terms))

    def for_readers(self, terms: PolicyTerms | None = None) -> ArticleQuerySet:
        """``live()`` articles with what readers are shown of each joined: its
        ``search_entry`` (title, slug, topic of the shown revision)."""
        return self.live(terms).filter(search_entry__isnull=False).select_related("search_entry")

    def approved(self) -> ArticleQuerySet:
        """Articles the board has approved and put live (the feed and "recently
        reviewed"): shown to readers whatever the policy, with their entry joined."""
        return self.filter(
            review_item__live_revision__isnull=False, search_entry__isnull=False
        ).select_related("search_entry")

    def with_revisions(self) -> ArticleQuerySet:
        return self.select_related(
            "review_item__content_type",
            "review_item__live_revision",
            "review_item__latest_revision",
            "review_item__scheduled_revision",
        )


class Article(Reviewable, Undeletable):
    """One question and its answer, in a default wording and audience variants."""

    title = models.CharField(
        "question", max_length=200, unique=True, validators=[SingleLine("question")]
    )
    slug = models.SlugField(max_length=200, unique=True)
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Choose from the list; an administrator or editor adds topics under Topics.",
    )
    short_answer = models.TextField("short answer (Markdown)", blank=True)
    short_answer_html = models.TextField(editable=False, default="")
    body_markdown = models.TextField("body (Markdown)")
    body_html = models.TextField(editable=False, default="")
    references = models.JSONField(
        editable=False, default=list, help_text="Cited source keys in order of first use."
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="authored_articles"
    )
    sources = models.ManyToManyField(
        Source, through="Citation", related_name="articles", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[authors])

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The address readers know the article by: the slug of the revision they are
        shown (the working copy's slug only before the article is first submitted)."""
        shown = SearchEntry.objects.filter(article_id=self.pk).values_list("slug", flat=True)
        return reverse("articles:detail", kwargs={"slug": shown.first() or self.slug})

    def clean(self) -> None:
        """The address is not another article's: neither the one readers know it by,
        nor the one a revision waiting for the board or for its go-live time gives it."""
        super().clean()
        if not self.slug:
            return
        shown = SearchEntry.objects.filter(slug=self.slug).exclude(article_id=self.pk)
        if shown.exists():
            raise ValidationError(
                {
                    "slug": [
                        f"Readers know “{self.slug}” as the address of “{shown.get().title}”; "
                        "choose another."
                    ]
                }
            )
        coming = (
            ReviewItem.objects.filter(content_type=ContentType.objects.get_for_model(Article))
            .exclude(object_id=self.pk)
            .filter(
                Q(
                    latest_revision__status__in=PENDING_STATES,
                    latest_revision__snapshot__slug=self.slug,
                )
                | Q(scheduled_revision__snapshot__slug=self.slug)
            )
        )
        if coming.exists():
            raise ValidationError(
                {
                    "slug": [
                        f"“{self.slug}” is the address of another article in a revision on its "
                        "way to readers; choose another."
                    ]
                }
            )

    # Reviewable ------------------------------------------------------------------
    def review_title(self) -> str:
        return self.title

    def review_contributor_ids(self) -> set[int]:
        ids = set(self.authors.values_list("pk", flat=True)) | {self.created_by_id}
        ids |= set(
            self.history.exclude(history_user=None).values_list("history_user_id", flat=True)
        )
        ids |= set(
            ArticleVariant.history.filter(article_id=self.pk)
            .exclude(history_user=None)
            .values_list("history_user_id", flat=True)
        )
        return ids

    def review_snapshot(self) -> dict:
        from .snapshots import article_snapshot

        return article_snapshot(self)

    def review_submit_refusal(self, previous: Revision | None) -> str | None:
        """A withdrawn article stays withdrawn: the board's decision is not undone by
        a new revision readers would never see."""
        item = ReviewItem.objects.filter(pk=self.review_item_id).first()
        if item is not None and item.withdrawn_at is not None:
            return (
                f"The medical board withdrew this article on {item.withdrawn_at:%-d %B %Y}; "
                "it cannot be submitted again. Write a new article instead."
            )
        return None


class ArticleVariant(Undeletable):
    """The article's short answer and body worded for one audience."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="variants")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    short_answer = models.TextField("short answer (Markdown)", blank=True)
    short_answer_html = models.TextField(editable=False, default="")
    body_markdown = models.TextField("body (Markdown)")
    body_html = models.TextField(editable=False, default="")
    references = models.JSONField(editable=False, default=list)

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "audience"], name="one_variant_per_audience"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=[a for a, _ in Audience.choices]),
                name="variant_audience_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.title} ({self.get_audience_display()})"


class Citation(models.Model):
    """Which sources an article's texts cite (derived from the markers on save)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "source"], name="cite_source_once")
        ]

    def __str__(self) -> str:
        return f"{self.article} cites {self.source.key}"


class FollowUpQuestion(models.Model):
    """A reader's follow-up question, stored for the editors."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        ANSWERED = "answered", "Answered"
        SPAM = "spam", "Spam"

    MAX_LENGTH = 1000

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="questions")
    audience = models.CharField(max_length=20, choices=Audience.choices, blank=True)
    question = models.TextField(max_length=MAX_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_questions",
        help_text="The article that answers this question",
    )

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-asked_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="answered") | Q(answered_by__isnull=False),
                name="answered_question_names_its_article",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:80]

    def clean(self) -> None:
        """An answered question names the published article that answers it."""
        super().clean()
        if self.status == self.Status.ANSWERED and self.answered_by_id is None:
            raise ValidationError(
                {"answered_by": ["Choose the published article that answers this question."]}
            )
        if self.answered_by_id is not None:
            if self.status != self.Status.ANSWERED:
                raise ValidationError(
                    {
                        "answered_by": [
                            "Only an answered question names an article. Set the status "
                            "to Answered, or clear this field."
                        ]
                    }
                )
            if not Article.objects.live().filter(pk=self.answered_by_id).exists():
                raise ValidationError(
                    {
                        "answered_by": [
                            f'"{self.answered_by}" is not published yet. Choose an article '
                            "readers can see."
                        ]
                    }
                )


class ProblemReport(models.Model):
    """A reader's report of something wrong on a page, for the editors' inbox."""

    class Page(models.TextChoices):
        ARTICLE = "article", "An article"
        RESULT = "result", "The result page"

    class Status(models.TextChoices):
        NEW = "new", "New"
        CHECKING = "checking", "Being checked"
        CORRECTED = "corrected", "Corrected"
        NO_CHANGE = "no_change", "Checked: no change needed"
        SPAM = "spam", "Spam"

    MAX_LENGTH = 2000
    SOURCE_MAX_LENGTH = 500

    page = models.CharField(max_length=10, choices=Page.choices)
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problem_reports",
        help_text="The article the report concerns (none for the result page).",
    )
    what_is_wrong = models.TextField(max_length=MAX_LENGTH)
    source = models.CharField(
        max_length=SOURCE_MAX_LENGTH, blank=True, help_text="Where the reader read otherwise."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    reported_at = models.DateTimeField(auto_now_add=True)

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(page="article", article__isnull=False)
                | Q(page="result", article__isnull=True),
                name="problem_report_names_its_article",
            ),
        ]

    def __str__(self) -> str:
        return self.what_is_wrong[:80]


# About two lines of a card on a laptop, four on a phone.
SHORT_ANSWER_CARD_WIDTH = 200


class SearchEntry(models.Model):
    """What readers are shown of one published article: its title, address, topic
    and text, for every reader list and for search.

    Derived data, not content: written by ``articles.search_index`` from the
    revision readers are shown (``ReviewItem.reader_revision``) in the same
    transaction as every workflow change to it, so it is never ahead of or behind
    that revision, and rebuilt from the revisions by ``manage.py
    rebuild_search_index``. Whether readers see the article at all is
    ``Article.objects.live()`` (the editorial policy decides it for content never
    approved), so reader pages read it through ``Article.objects.for_readers()``
    (or ``approved()``).
    Never the working copy: an unreviewed edit of a title, slug or topic is not
    here. On PostgreSQL ``document`` holds the weighted tsvector behind a GIN
    index; on SQLite an FTS5 table mirrors the rows (see the migration that
    creates this model).
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    title = models.TextField()
    slug = models.SlugField(max_length=200, unique=True)
    topic = models.CharField(max_length=100, blank=True)
    short_answer = models.TextField(blank=True)
    body = models.TextField(blank=True)
    approved = models.BooleanField(default=False)
    modified_at = models.DateTimeField(
        help_text="When the shown revision last changed for readers: approved, else submitted."
    )
    document = SearchVectorField(null=True, editable=False)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def short_answer_text(self) -> str:
        """The start of the short answer as plain text, for an article's card in a
        reader list: citation markers and Markdown removed, cut at a word."""
        return excerpt(markdown_to_text(self.short_answer), (), SHORT_ANSWER_CARD_WIDTH)
