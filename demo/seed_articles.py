"""Demo content and users for a development installation (``manage.py seed_demo``).

Idempotent: running it twice changes nothing; an existing account is never
changed. All writes go through the services, so the demo has a real audit trail.
An article that a database holds in an earlier wording is brought up to date
through the workflow: the corrected wording is submitted as a new revision with
the article's ``correction`` as the reason, and approved by a demo board member
where the demo's article is approved; nothing is edited in place. Development
only: the demo passwords and authenticator keys are public (the command refuses
with DEBUG off).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles import services
from articles.models import Article, Source
from reviews import services as review
from reviews.models import PENDING_STATES, EditorialPolicyVersion, Specialty
from reviews.selectors import review_item_of

from . import texts


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    group: str | None
    credentials: str | None = None
    superuser: bool = False
    # Named with these credentials on the articles they write.
    author_credentials: str | None = None
    specialty: str | None = None


# Development passwords only: they are printed in the README and never used in production.
DEMO_USERS = [
    DemoUser(
        "editor",
        "editor-demo-2026",
        "Elena",
        "Marsh",
        "Editors",
        author_credentials="RN, MSc Clinical Nursing",
    ),
    DemoUser(
        "reviewer1",
        "reviewer1-demo-2026",
        "Samuel",
        "Okafor",
        "Board",
        "MD, Hematology",
        specialty="Hematology",
    ),
    DemoUser(
        "reviewer2",
        "reviewer2-demo-2026",
        "Priya",
        "Raman",
        "Board",
        "MD, PhD, Infectious Diseases",
        specialty="Infectious Diseases",
    ),
    DemoUser("admin", "admin-demo-2026", "Ada", "Admin", "Administrators", superuser=True),
]


def demo_totp_key(username: str) -> str:
    """The demo accounts' second-factor secret: derived from the name, so public.

    ``manage.py demo_code <username>`` prints the current code, for demo accounts
    only and only with DEBUG on. Real people register their own app at log-in.
    """
    return hashlib.sha256(f"demo-authenticator:{username}".encode()).hexdigest()[:40]


def _ensure_user(spec: DemoUser, log):
    """The demo account, created with its group, demo authenticator and board seat
    only when no account of that name exists. An existing account is used as it is:
    its password, groups, devices, board membership and superuser flag are never
    touched (it may be someone's real account)."""
    User = get_user_model()
    user = User.objects.filter(username=spec.username).first()
    if user is not None:
        return user
    user = User(
        username=spec.username,
        first_name=spec.first_name,
        last_name=spec.last_name,
        email=f"{spec.username}@example.org",
        is_staff=True,
        is_superuser=spec.superuser,
    )
    user.set_password(spec.password)
    user.save()
    log(f"Created user {spec.username}")
    if spec.group:
        user.groups.add(Group.objects.get(name=spec.group))
    TOTPDevice.objects.create(
        user=user, name="Demo authenticator", key=demo_totp_key(user.username), confirmed=True
    )
    log(f"Registered the demo authenticator for {spec.username}")
    if spec.credentials:
        review.add_board_member(
            user=user, credentials=spec.credentials, by=None, reason="Demo board member"
        )
        log(f"Added {spec.username} to the medical board")
    if spec.author_credentials:
        services.save_author_profile(
            user=user,
            display_name=f"{spec.first_name} {spec.last_name}",
            credentials=spec.author_credentials,
            by=None,
            reason="Demo author",
        )
        log(f"Named {spec.username} as an author")
    return user


def _ensure_sources(editor, log) -> None:
    for data in texts.SOURCES:
        if not Source.objects.filter(key=data["key"]).exists():
            fields = {k: v for k, v in data.items() if k not in {"key", "title"}}
            services.create_source(
                by=editor, key=data["key"], title=data["title"], reason="Demo source", **fields
            )
            log(f"Added source {data['key']}")


def _ensure_policy(editor, reviewer, log) -> None:
    """Each version drafted by the editor, submitted and approved by the board."""
    for data in texts.POLICY_VERSIONS:
        if EditorialPolicyVersion.objects.filter(number=data["number"]).exists():
            continue
        version = review.draft_policy_version(
            by=editor,
            reason="Demo policy",
            effective_date=timezone.localdate(),
            body_markdown=data["body"],
            about_markdown=data.get("about", ""),
            change_note=data["change_note"],
            approvals_required=data["approvals_required"],
            rereview_interval_days=data["rereview_interval_days"],
            review_turnaround_days=data["review_turnaround_days"],
        )
        revision = review.submit(version, by=editor, note=data["change_note"])
        review.start_review(revision, by=reviewer)
        review.approve(revision, by=reviewer, comment="Agreed for the board.")
        log(f"Added editorial policy version {version.number}, approved by the board")


def _variants(data: dict) -> dict:
    return {
        audience: {"short_answer": texts["short_answer"], "body_markdown": texts["body"]}
        for audience, texts in data.get("variants", {}).items()
    }


def _wordings(data: dict) -> dict:
    """What the demo's article says, audience by audience, as its snapshot holds it."""
    wordings = {"default": (data.get("short_answer", ""), data["body"])}
    for audience, wording in data.get("variants", {}).items():
        wordings[audience] = (wording["short_answer"], wording["body"])
    return wordings


def _wordings_of(snapshot: dict) -> dict:
    return {
        audience: (wording["short_answer"], wording["body_markdown"])
        for audience, wording in snapshot["wordings"].items()
    }


def _ensure_article(data: dict, *, editor, reviewer, log) -> None:
    approved = data["state"] in {"approved", "approved_with_update"}
    article = Article.objects.filter(slug=data["slug"]).first()
    if article is None:
        article = services.create_article(
            by=editor,
            title=data["title"],
            slug=data["slug"],
            topic=data.get("topic", ""),
            short_answer=data.get("short_answer", ""),
            body_markdown=data["body"],
            variants=_variants(data),
            reason="Demo article",
        )
        revision = review.submit(article, by=editor, note="First version for the board.")
        if approved:
            review.start_review(revision, by=reviewer)
            review.approve(revision, by=reviewer, comment=data.get("reviewer_comment", ""))
        log(f"Added article {data['slug']} ({data['state']})")
    else:
        item = review_item_of(article)
        shown = item.live_revision if approved else item.latest_revision
        if shown is None or _wordings_of(shown.snapshot) != _wordings(data):
            reason = data["correction"]
            article = services.edit_article(
                article,
                by=editor,
                reason=reason,
                short_answer=data.get("short_answer", ""),
                body_markdown=data["body"],
                variants=_variants(data),
            )
            revision = review.submit(article, by=editor, note=reason)
            if approved:
                review.start_review(revision, by=reviewer)
                review.approve(revision, by=reviewer, comment="Checked against the sources.")
            log(f"Submitted a corrected revision of {data['slug']}: {reason}")
    if data["state"] == "approved_with_update":
        latest = review_item_of(article).latest_revision
        if latest.status not in PENDING_STATES:
            update = data["update"]
            article = services.edit_article(
                article, by=editor, reason=update["reason"], body_markdown=update["body"]
            )
            review.submit(article, by=editor, note=update["reason"])


def _ensure_specialties(users, log) -> None:
    """The demo board's specialties, for a member who has none yet."""
    for spec in DEMO_USERS:
        member = getattr(users[spec.username], "board_membership", None)
        if spec.specialty is None or member is None or member.specialties.exists():
            continue
        specialty = Specialty.objects.filter(name__iexact=spec.specialty).first()
        specialty = specialty or review.add_specialty(
            name=spec.specialty, by=None, reason="Demo specialty"
        )
        review.set_specialties(member, specialties=[specialty], by=None, reason="Demo board member")
        log(f"Gave {spec.username} the specialty {specialty}")


def seed_demo(log=lambda message: None) -> None:
    with transaction.atomic():
        users = {spec.username: _ensure_user(spec, log) for spec in DEMO_USERS}
        _ensure_specialties(users, log)
        editor = users["editor"]
        _ensure_sources(editor, log)
        _ensure_policy(editor, users["reviewer1"], log)
        for data in texts.ARTICLES:
            _ensure_article(data, editor=editor, reviewer=users["reviewer1"], log=log)
