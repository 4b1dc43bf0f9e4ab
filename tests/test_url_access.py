"""Every URL pattern of the project, for every role, with the exact status (the
one URL x role table; Read the Docs' test_privacy_urls style).

The test walks the URL resolver: a pattern with no row here fails the test, so a
new URL cannot ship without someone deciding who may see it. Objects a role may
not know exist answer 404 (drafts, apps a role has no access to).
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import URLResolver, get_resolver, reverse
from django.utils.text import slugify

from articles.models import Article
from reviews.models import ReviewItem
from reviews.registry import role_permissions
from tests.helpers import load_demo

pytestmark = pytest.mark.django_db

# "administrator" is a member of the Administrators role (not a superuser); "admin" is
# the demo's superuser.
ROLES = ("anonymous", "editor", "board", "administrator", "admin")
LOGIN = 302  # the admin sends people without staff access to its login page

# What each role may do in each admin: v(iew), a(dd), c(hange), d(elete), for the
# editor, the board member, the administrator and the superuser. The ModelAdmins
# narrow the groups' permissions (nothing in the audit trail is deleted).
ADMIN_ACCESS = {
    "articles.article": ("vac", "v", "v", "vac"),
    "articles.articlevariant": ("v", "v", "v", "v"),
    # How authors are named: editors and administrators keep the profiles.
    "articles.authorprofile": ("vac", "v", "vac", "vac"),
    "articles.followupquestion": ("vc", "v", "v", "vc"),
    # Readers' problem reports: editors set where each stands; only readers add them.
    "articles.problemreport": ("vc", "v", "v", "vc"),
    "articles.source": ("vac", "v", "v", "vac"),
    # The managed list of topics: editors add and rename topics; nothing is deleted.
    "articles.topic": ("vac", "v", "v", "vac"),
    # The group shown is a role: its name and permissions come from the code, and it
    # is never deleted (accounts.access).
    "auth.group": ("", "", "vac", "vac"),
    "auth.user": ("", "", "vac", "vacd"),
    "axes.accessattempt": ("", "", "", "vd"),
    "axes.accessfailurelog": ("", "", "", "vd"),
    "axes.accesslog": ("", "", "", "vd"),
    # Background work: administrators watch task results and outgoing mail (read-only).
    "django_tasks_database.dbtaskresult": ("", "", "v", "v"),
    "outbox.outgoingemail": ("", "", "v", "v"),
    "interpretation.analyte": ("vac", "v", "v", "vac"),
    # Second-factor devices: administrators see who has one and delete a lost one.
    "otp_totp.totpdevice": ("", "", "vd", "vd"),
    "interpretation.criticallimit": ("vac", "v", "v", "vac"),
    # One fever rule, ever: once it exists, nobody adds another (a change is a revision).
    "interpretation.feverrule": ("vc", "v", "v", "vc"),
    "interpretation.plausibilitylimit": ("vac", "v", "v", "vac"),
    "interpretation.clinicaltestcase": ("vac", "v", "v", "vac"),
    "interpretation.gradingtable": ("vac", "v", "v", "vac"),
    "interpretation.guidanceblock": ("vac", "v", "v", "vac"),
    "interpretation.referencerange": ("vac", "v", "v", "vac"),
    "interpretation.severityscale": ("vac", "v", "v", "vac"),
    "reviews.auditevent": ("v", "v", "v", "v"),
    "reviews.boardmember": ("v", "v", "vac", "vac"),
    # Specialties are added by those who manage the board, never renamed or deleted.
    "reviews.specialty": ("v", "v", "vac", "vac"),
    # Editors add and change drafts; a submitted version is only viewed (the board
    # approves it in the review queue).
    "reviews.editorialpolicyversion": ("vac", "v", "v", "vac"),
    "reviews.reviewdecision": ("v", "v", "v", "v"),
    "reviews.reviewitem": ("v", "v", "v", "v"),
    "reviews.reviewqueue": ("v", "v", "v", "v"),
    "reviews.revision": ("v", "v", "v", "v"),
}


def walk(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def admin_rows(objects: dict[str, int]) -> dict[str, tuple[str, list[int]]]:
    """pattern -> (concrete URL, statuses for anonymous, editor, board, administrator, admin)."""
    rows = {}
    from simple_history.admin import SimpleHistoryAdmin

    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        flags = ADMIN_ACCESS[label]
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        pk = objects[label]

        def status(flag, on=200, off=403, _flags=flags):
            return [LOGIN] + [on if flag in f else off for f in _flags]

        rows[base] = (f"/{base}", status("v"))
        rows[base + "add/"] = (f"/{base}add/", status("a"))
        rows[base + "<path:object_id>/change/"] = (f"/{base}{pk}/change/", status("v"))
        rows[base + "<path:object_id>/history/"] = (f"/{base}{pk}/history/", status("v"))
        rows[base + "<path:object_id>/delete/"] = (f"/{base}{pk}/delete/", status("d"))
        rows[base + "<path:object_id>/"] = (f"/{base}{pk}/", [LOGIN] * 5)
        if isinstance(model_admin, SimpleHistoryAdmin):
            rows[base + "^([^/]+)/history/([^/]+)/$"] = (
                f"/{base}{pk}/history/{objects.get(label + ':history', 1)}/",
                # One past version, read-only (reverting is off: it would bypass the services).
                status("v"),
            )
    return rows


@pytest.fixture
def people(objects, ada_admin, dave_reader):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return {
        "anonymous": None,
        "reader": dave_reader,
        "editor": User.objects.get(username="editor"),
        "board": User.objects.get(username="reviewer1"),
        "administrator": ada_admin,
        "admin": User.objects.get(username="admin"),
    }


@pytest.fixture
def objects():
    load_demo()
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="127.0.0.1")
    AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1")
    from articles import services

    services.ask_follow_up(
        article=Article.objects.get(slug="what-is-a-normal-absolute-neutrophil-count"),
        question="Does exercise change the count?",
    )
    services.report_problem(
        article=Article.objects.get(slug="what-is-a-normal-absolute-neutrophil-count"),
        what_is_wrong="A link is broken.",
    )
    # One email in the outbox, and the task that delivers it.
    from outbox.services import queue_email

    queue_email(
        key="url-access:someone@example.org",
        event="url-access",
        to="someone@example.org",
        subject="A test email",
        body="Hello.",
    )
    found = {}

    # The queue shows what waits for the board: the demo's submitted article (the
    # demo's first items are policy versions the board has approved).
    waiting = Article.objects.get(slug="what-does-leukopenia-with-neutropenia-indicate")

    for model in admin.site._registry:
        label = model._meta.label_lower
        found[label] = model._base_manager.order_by("pk").values_list("pk", flat=True).first()
        if label == "reviews.reviewqueue":
            found[label] = waiting.review_item_id
        history = getattr(model, "history", None)
        if history is not None and found[label] is not None:
            row = history.filter(**{model._meta.pk.attname: found[label]}).first()
            found[label + ":history"] = row.history_id if row else 1
    return found


def test_every_url_pattern_has_a_row_and_answers_as_expected(client, people, objects):
    published = Article.objects.get(slug="what-is-a-normal-absolute-neutrophil-count")
    seed_item = ReviewItem.objects.get(title="What does leukopenia with neutropenia indicate?")
    article_ct = published.review_item.content_type_id
    receipt_sequence = published.review_item.live_revision.decisions.get(
        kind="approve"
    ).audit_event.sequence
    table = {
        "": ("/", [200] * 5),
        "articles/<slug:slug>/": (f"/articles/{published.slug}/", [200] * 5),
        # The follow-up question form of a published article, for everyone.
        "articles/<slug:slug>/questions/": (f"/articles/{published.slug}/questions/", [200] * 5),
        # Remembers the reader's wording, then sends them to its address.
        "articles/<slug:slug>/for/<str:audience>/": (
            f"/articles/{published.slug}/for/professional/",
            [302] * 5,
        ),
        # Every article by topic; the short report form of an article and of the result page.
        "articles/": ("/articles/", [200] * 5),
        "articles/<slug:slug>/report/": (f"/articles/{published.slug}/report/", [200] * 5),
        "results/report/": ("/results/report/", [200] * 5),
        # Who stands behind the answers: the board, each member, the About page.
        "board/": ("/board/", [200] * 5),
        "board/<slug:slug>/": ("/board/samuel-okafor/", [200] * 5),
        "about/": ("/about/", [200] * 5),
        "editorial-policy/": ("/editorial-policy/", [200] * 5),
        # The audit record's public face: what it is, the key, the signed checkpoints.
        "transparency/": ("/transparency/", [200] * 5),
        "transparency/checkpoints.atom": ("/transparency/checkpoints.atom", [200] * 5),
        "transparency/checkpoints/<int:sequence>.json": (
            f"/transparency/checkpoints/{receipt_sequence}.json",
            [200] * 5,
        ),
        # The receipt of a sign-off readers are shown (the published article's approval).
        "transparency/receipts/<int:sequence>.json": (
            f"/transparency/receipts/{receipt_sequence}.json",
            [200] * 5,
        ),
        "interpret/": ("/interpret/", [200] * 5),
        "api/v1/interpret": ("/api/v1/interpret", [405] * 5),
        "api/v1/openapi.json": ("/api/v1/openapi.json", [200] * 5),
        "healthz": ("/healthz", [200] * 5),
        "search/": ("/search/?q=neutrophil", [200] * 5),
        "topics/<slug:slug>/": (f"/topics/{slugify(published.topic)}/", [200] * 5),
        "feeds/articles.atom": ("/feeds/articles.atom", [200] * 5),
        "sitemap.xml": ("/sitemap.xml", [200] * 5),
        "robots.txt": ("/robots.txt", [200] * 5),
        "admin/": ("/admin/", [LOGIN, 200, 200, 200, 200]),
        "admin/login/": ("/admin/login/", [200, 302, 302, 302, 302]),
        # The second factor's pages: people who have given it are sent on.
        "admin/verify/": ("/admin/verify/", [LOGIN, 302, 302, 302, 302]),
        "admin/verify/setup/": ("/admin/verify/setup/", [LOGIN, 302, 302, 302, 302]),
        "admin/logout/": ("/admin/logout/", [LOGIN, 405, 405, 405, 405]),  # logging out is a POST
        "admin/password_change/": ("/admin/password_change/", [LOGIN, 200, 200, 200, 200]),
        "admin/password_change/done/": (
            "/admin/password_change/done/",
            [LOGIN, 200, 200, 200, 200],
        ),
        "admin/auth/user/<id>/password/": (
            f"/admin/auth/user/{people['editor'].pk}/password/",
            [LOGIN, 403, 403, 200, 200],
        ),
        "admin/autocomplete/": ("/admin/autocomplete/", [LOGIN, 403, 403, 403, 403]),
        "admin/jsi18n/": ("/admin/jsi18n/", [LOGIN, 200, 200, 200, 200]),
        "admin/r/<path:content_type_id>/<path:object_id>/": (
            f"/admin/r/{article_ct}/{published.pk}/",
            [LOGIN, 302, 302, 302, 302],
        ),
        "admin/^(?P<app_label>axes|django_tasks_database|otp_totp|auth|outbox|reviews"
        "|articles|interpretation)/$": (
            "/admin/auth/",
            [LOGIN, 404, 404, 200, 200],
        ),
        "admin/(?P<url>.*)$": ("/admin/no-such-page/", [LOGIN, 404, 404, 404, 404]),
        "admin/reviews/reviewqueue/<int:item_id>/review/": (
            f"/admin/reviews/reviewqueue/{seed_item.pk}/review/",
            [LOGIN, 200, 200, 200, 200],
        ),
        "admin/reviews/reviewqueue/audit/": (
            "/admin/reviews/reviewqueue/audit/",
            [LOGIN, 200, 200, 200, 200],
        ),
        # Readers' questions grouped by article and topic: whoever sees the questions.
        "admin/articles/followupquestion/by-article/": (
            "/admin/articles/followupquestion/by-article/",
            [LOGIN, 200, 200, 200, 200],
        ),
        # Pasting BibTeX or RIS adds sources: those who may add sources (articles.source).
        "admin/articles/source/import/": (
            "/admin/articles/source/import/",
            [LOGIN, 200, 403, 403, 200],
        ),
        # The preview of an article's typed text is a POST from its form; a GET goes
        # back to the list, for those who may write articles.
        "admin/articles/article/preview/": (
            "/admin/articles/article/preview/",
            [LOGIN, 302, 403, 403, 302],
        ),
        **admin_rows(objects),
    }
    patterns = list(walk())
    missing = [p for p in patterns if p not in table]
    assert missing == [], f"every URL pattern needs a row in this table: {missing}"

    failures = []
    for pattern in patterns:
        url, expected = table[pattern]
        # A signed-in reader (an account with no role and no staff access) is
        # answered exactly as an anonymous visitor is.
        for role, status in zip(("reader", *ROLES), (expected[0], *expected), strict=True):
            client.logout()
            if people[role] is not None:
                client.force_login(people[role])
            got = client.get(url).status_code
            if got != status:
                failures.append(f"{role:9} GET {url}: expected {status}, got {got}")
    assert failures == [], "\n".join(failures)


def test_anonymous_admin_visitors_go_to_the_login_page(client):
    response = client.get("/admin/reviews/revision/")
    assert response.status_code == LOGIN
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_roles_hold_exactly_their_permissions():
    for name, wanted in role_permissions().items():
        held = set(
            Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
        assert wanted, name
        assert held == wanted, name


def test_drafts_are_404_not_403(client, people, objects, alice_editor):
    from tests.factories import ArticleFactory

    draft = ArticleFactory(by=alice_editor, slug="a-secret-draft")
    for role in ROLES:
        client.logout()
        if people[role]:
            client.force_login(people[role])
        assert client.get(f"/articles/{draft.slug}/").status_code == 404
        assert (
            client.post(f"/articles/{draft.slug}/questions/", {"question": "?"}).status_code == 404
        )
    assert re.match(r"^[a-z-]+$", draft.slug)
