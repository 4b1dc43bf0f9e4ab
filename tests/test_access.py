"""Each URL for each role, with the exact status (Read the Docs' test_privacy_urls style)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews import services as review
from tests.factories import ArticleFactory, approved_policy

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "editor", "reviewer", "admin"]


@pytest.fixture
def people(dave_reader, alice_editor, bob_reviewer, admin_user):
    return {
        "anonymous": None,
        "reader": dave_reader,
        "editor": alice_editor,
        "reviewer": bob_reviewer,
        "admin": admin_user,
    }


@pytest.fixture
def objects(alice_editor, bob_reviewer):
    published = ArticleFactory(by=alice_editor, slug="published-question")
    revision = review.submit(published, by=alice_editor)
    draft = ArticleFactory(by=alice_editor, slug="draft-question")
    approved_policy(editor=alice_editor, approvers=[bob_reviewer], change_note="First version")
    published.refresh_from_db()
    return {
        "published": published,
        "draft": draft,
        "revision": revision,
        "item": published.review_item,
    }


def url_table(o):
    """URL -> expected status for anonymous, reader, editor, reviewer, admin."""
    login = 302  # the admin sends people without staff access to its login page
    return {
        "/": [200] * 5,
        "/healthz": [200] * 5,
        "/editorial-policy/": [200] * 5,
        f"/articles/{o['published'].slug}/": [200] * 5,
        f"/articles/{o['draft'].slug}/": [404] * 5,
        "/admin/": [login, login, 200, 200, 200],
        "/admin/articles/article/": [login, login, 200, 200, 200],
        "/admin/articles/article/add/": [login, login, 200, 403, 200],
        f"/admin/articles/article/{o['published'].pk}/change/": [login, login, 200, 200, 200],
        f"/admin/articles/article/{o['published'].pk}/history/": [login, login, 200, 200, 200],
        f"/admin/articles/article/{o['published'].pk}/delete/": [login, login, 403, 403, 403],
        "/admin/articles/source/": [login, login, 200, 200, 200],
        "/admin/articles/source/add/": [login, login, 200, 403, 200],
        "/admin/articles/source/import/": [login, login, 200, 403, 200],
        "/admin/articles/followupquestion/": [login, login, 200, 200, 200],
        "/admin/reviews/reviewitem/": [login, login, 200, 200, 200],
        f"/admin/reviews/reviewitem/{o['item'].pk}/change/": [login, login, 200, 200, 200],
        f"/admin/reviews/revision/{o['revision'].pk}/change/": [login, login, 200, 200, 200],
        "/admin/reviews/revision/add/": [login, login, 403, 403, 403],
        "/admin/reviews/reviewdecision/": [login, login, 200, 200, 200],
        "/admin/reviews/editorialpolicyversion/": [login, login, 200, 200, 200],
        "/admin/reviews/editorialpolicyversion/add/": [login, login, 200, 403, 200],
        "/admin/reviews/boardmember/": [login, login, 200, 200, 200],
        "/admin/reviews/boardmember/add/": [login, login, 403, 403, 200],
        "/admin/auth/user/": [login, login, 403, 403, 200],
        "/admin/reviews/reviewqueue/": [login, login, 200, 200, 200],
        f"/admin/reviews/reviewqueue/{o['item'].pk}/review/": [login, login, 200, 200, 200],
        "/admin/reviews/reviewqueue/999999/review/": [login, login, 404, 404, 404],
        "/admin/reviews/reviewqueue/audit/": [login, login, 200, 200, 200],
        "/admin/reviews/citationcheck/": [login, login, 404, 404, 404],
        "/admin/reviews/auditevent/": [login, login, 200, 200, 200],
    }


def test_every_url_answers_each_role_with_the_expected_status(client, people, objects):
    failures = []
    for url, expected in url_table(objects).items():
        for role, status in zip(ROLES, expected, strict=True):
            client.logout()
            if people[role] is not None:
                client.force_login(people[role])
            got = client.get(url).status_code
            if got != status:
                failures.append(f"{role} GET {url}: expected {status}, got {got}")
    assert failures == []


def test_anonymous_admin_visitors_go_to_the_login_page(client):
    response = client.get("/admin/reviews/revision/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_roles_hold_exactly_their_permissions():
    from django.contrib.auth.models import Group

    from reviews.registry import role_permissions

    for name, wanted in role_permissions().items():
        held = set(
            Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
        assert held == wanted, name
        assert wanted, name
