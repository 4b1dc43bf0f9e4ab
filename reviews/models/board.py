"""The medical board: its members, and the name shown for a person."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from ..history import HistoriedQuerySet
from ..validators import SingleLine
from .base import Undeletable


class Specialty(Undeletable):
    """A medical specialty board members hold (a managed list), which the editorial
    policy can require among the approvals of a topic's content."""

    name = models.CharField(max_length=100, unique=True, validators=[SingleLine("name")])

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name


def parse_specialty_rules(text: str) -> tuple[tuple[str, str], ...]:
    """``(topic, specialty)`` pairs from lines "Topic: Specialty" (blank lines skipped).
    Raises ValueError naming a line that is not of that form."""
    rules = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        topic, colon, specialty = line.partition(":")
        if not colon or not topic.strip() or not specialty.strip():
            raise ValueError(
                f'Line {number} ("{line.strip()}") is not "Topic: Specialty", '
                'e.g. "Blood counts: Hematology".'
            )
        rules.append((" ".join(topic.split()), " ".join(specialty.split())))
    return tuple(rules)


class BoardMember(Undeletable):
    """A member of the medical advisory board, with the credentials shown on sign-offs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_membership"
    )
    credentials = models.CharField(
        max_length=200,
        help_text='Shown beside the name on sign-offs, e.g. "MD, Hematology".',
        validators=[SingleLine("credentials")],
    )
    is_active = models.BooleanField(
        default=True, help_text="Only active members may review and approve."
    )
    joined_on = models.DateField(default=datetime.date.today)
    # The member's public page, /board/<slug>/: given when they join, never reused.
    slug = models.SlugField(max_length=120, unique=True, editable=False)
    declared_interests = models.TextField(
        blank=True,
        help_text="What the member declares that readers may weigh: employment, funding, "
        "shares, advisory roles. Shown on their public page.",
    )
    specialties = models.ManyToManyField(
        Specialty,
        blank=True,
        related_name="members",
        help_text="What the policy may require among a topic's approvals.",
    )

    objects = HistoriedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[specialties])

    class Meta:
        ordering = ["user__last_name", "user__username"]

    def __str__(self) -> str:
        return f"{display_name(self.user)}, {self.credentials}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._free_slug(display_name(self.user))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("board-member", kwargs={"slug": self.slug})

    @classmethod
    def _free_slug(cls, name: str) -> str:
        """An address for a new member's public page, from their name: never one that
        another member (present or former) has."""
        base = slugify(name)[:100] or "member"
        slug, number = base, 2
        while cls._base_manager.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug


def display_name(user) -> str:
    """The name shown for a person on public pages."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
