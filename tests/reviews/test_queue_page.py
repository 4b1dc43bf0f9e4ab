"""The review queue page: search, pages, filters, and a list kept only until the
workflow changes or its minute is over."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.text import slugify

from reviews import services as review
from reviews.history import save_recorded
from reviews.models import ReviewItem
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/reviews/reviewqueue/"


def rows(html: str) -> list[str]:
    return re.findall(r'<td class="field-title_link"><a href="[^"]+">([^<]+)</a>', html)


def claimed_by(html: str) -> list[str]:
    return re.findall(r'<td class="field-claimed_by_name">([^<]+)</td>', html)


def submit(editor, title: str, *, days_ago: int = 0) -> ReviewItem:
    revision = review.submit(ArticleFactory(by=editor, title=title, slug=slugify(title)), by=editor)
    if days_ago:
        revision.submitted_at = timezone.now() - datetime.timedelta(days=days_ago)
        save_recorded(revision, by=editor, reason="Test: submitted earlier")
    return revision.item


@pytest.fixture
def three_waiting(alice_editor):
    return [
        submit(alice_editor, "Oldest question?", days_ago=10),
        submit(alice_editor, "Middle question?", days_ago=5),
        submit(alice_editor, "Newest question?", days_ago=1),
    ]


@pytest.fixture
def frozen_minute(monkeypatch):
    """The clock (``timezone.now``) stands at 10 seconds past a minute until the test
    moves it on, so no minute ends between two looks by chance. Rows created after
    this use the fixed time only where they ask ``timezone.now`` at call time."""
    start = timezone.now().replace(second=10, microsecond=0)
    clock = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])

    def move(seconds: int) -> None:
        clock["now"] = start + datetime.timedelta(seconds=seconds)

    return move


def test_a_claim_shows_on_the_next_look(
    client, three_waiting, bob_reviewer, carol_reviewer, frozen_minute
):
    client.force_login(bob_reviewer)
    assert claimed_by(client.get(QUEUE).content.decode()) == ["—", "—", "—"]
    review.claim(three_waiting[1], by=carol_reviewer)
    html = client.get(QUEUE).content.decode()
    assert claimed_by(html) == ["—", "Carol Reviewer", "—"]
    assert rows(client.get(QUEUE + "?show=unclaimed").content.decode()) == [
        "Oldest question?",
        "Newest question?",
    ]
    review.release(three_waiting[1], by=carol_reviewer)
    assert claimed_by(client.get(QUEUE).content.decode()) == ["—", "—", "—"]


def test_each_member_sees_their_own_list(
    client, three_waiting, bob_reviewer, carol_reviewer, frozen_minute
):
    review.claim(three_waiting[0], by=bob_reviewer)
    client.force_login(bob_reviewer)
    assert rows(client.get(QUEUE + "?show=mine").content.decode()) == ["Oldest question?"]
    client.force_login(carol_reviewer)
    assert rows(client.get(QUEUE + "?show=mine").content.decode()) == []


def test_a_second_look_before_any_event_reads_only_the_chain_head(
    client, three_waiting, bob_reviewer, django_assert_num_queries, frozen_minute
):
    client.force_login(bob_reviewer)
    first = client.get(QUEUE).content.decode()
    # The session, the user, the second-factor device, the user's and groups'
    # permissions, the audit chain's head: the list itself comes from the cache.
    with django_assert_num_queries(6):
        again = client.get(QUEUE).content.decode()
    assert (
        rows(again) == rows(first) == ["Oldest question?", "Middle question?", "Newest question?"]
    )


def submitters(html: str) -> set[str]:
    return set(re.findall(r'<td class="field-submitted_by">([^<]+)</td>', html))


def test_a_list_is_never_kept_past_its_minute(
    client, three_waiting, alice_editor, bob_reviewer, frozen_minute
):
    client.force_login(bob_reviewer)
    assert submitters(client.get(QUEUE).content.decode()) == {"Alice Editor"}
    # A change outside the workflow (an account's name: no event) waits for the minute.
    alice_editor.first_name = "Alicia"
    alice_editor.save()
    assert submitters(client.get(QUEUE).content.decode()) == {"Alice Editor"}
    frozen_minute(49)
    assert submitters(client.get(QUEUE).content.decode()) == {"Alice Editor"}
    frozen_minute(50)
    assert submitters(client.get(QUEUE).content.decode()) == {"Alicia Editor"}


def test_searching_by_title_keeps_the_filter(client, three_waiting, bob_reviewer):
    client.force_login(bob_reviewer)
    html = client.get(QUEUE + "?q=oldest").content.decode()
    assert rows(html) == ["Oldest question?"]
    assert '1 result (<a href="?">Show all</a>)' in html
    assert 'value="oldest"' in html
    review.claim(three_waiting[0], by=bob_reviewer)
    html = client.get(QUEUE + "?show=unclaimed&q=question").content.decode()
    assert rows(html) == ["Middle question?", "Newest question?"]
    assert '2 results (<a href="?show=unclaimed">Show all</a>)' in html
    assert '<input type="hidden" name="show" value="unclaimed">' in html
    # Every word must be in the title; a quoted phrase is one word.
    assert rows(client.get(QUEUE + "?q=middle+question").content.decode()) == ["Middle question?"]
    assert rows(client.get(QUEUE + "?q=middle+oldest").content.decode()) == []
    assert rows(client.get(QUEUE + '?q="middle question"').content.decode()) == ["Middle question?"]
    assert rows(client.get(QUEUE + '?q="question middle"').content.decode()) == []
    assert rows(client.get(QUEUE + '?q="middle').content.decode()) == []
    # A filter link keeps the search; the search is shown escaped.
    html = client.get(QUEUE + '?q=<b>"x').content.decode()
    assert '<a href="?show=mine&amp;q=%3Cb%3E%22x">Mine</a>' in html
    assert 'value="&lt;b&gt;&quot;x"' in html
    assert "0 items waiting" in html


def test_fifty_items_to_a_page(client, alice_editor, bob_reviewer):
    for n in range(51):
        submit(alice_editor, f"Question {n:02d}?", days_ago=60 - n)
    client.force_login(bob_reviewer)
    html = client.get(QUEUE).content.decode()
    assert len(rows(html)) == 50 and rows(html)[0] == "Question 00?"
    assert '<span class="this-page" aria-current="page">1</span>' in html
    assert '<a href="?p=2">2</a>' in html
    assert "51 items waiting" in html
    assert rows(client.get(QUEUE + "?p=2").content.decode()) == ["Question 50?"]
    assert '<a href="?">1</a>' in client.get(QUEUE + "?p=2").content.decode()
    # A page that is not there: the first for a word or a number below 1, the last for
    # a number past the end.
    for first in ("two", "0", "-1", ""):
        assert rows(client.get(QUEUE + f"?p={first}").content.decode())[0] == "Question 00?"
    assert rows(client.get(QUEUE + "?p=9").content.decode()) == ["Question 50?"]


def test_an_unknown_filter_shows_everything(client, three_waiting, bob_reviewer):
    client.force_login(bob_reviewer)
    html = client.get(QUEUE + "?show=everything&o=1&e=1").content.decode()
    assert rows(html) == ["Oldest question?", "Middle question?", "Newest question?"]
    assert '<li class="selected"><a href="?" aria-current="true">All</a></li>' in html
