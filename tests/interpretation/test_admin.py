"""Editors keep reference data and guidance in the admin, through the services."""

from __future__ import annotations

import pytest

from interpretation import services
from interpretation.models import Analyte, ReferenceRange
from reviews.models import ReviewState

pytestmark = pytest.mark.django_db


@pytest.fixture
def wbc_range(alice_editor):
    wbc = services.create(
        Analyte,
        by=alice_editor,
        code="WBC",
        name="White blood cells",
        loinc="6690-2",
        kind="count",
    )
    return services.create(ReferenceRange, by=alice_editor, analyte=wbc, low=4.5, high=11.0)


def test_an_editor_changes_a_range_with_a_reason(client, alice_editor, wbc_range):
    client.force_login(alice_editor)
    url = f"/admin/interpretation/referencerange/{wbc_range.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "analyte": wbc_range.analyte_id,
            "low": "4.0",
            "high": "11.0",
            "sex": "",
            "population": "general",
            "note": "",
            "source": "",
            "change_reason": "Local lab range",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    wbc_range.refresh_from_db()
    assert wbc_range.low == 4.0
    latest = wbc_range.history.first()
    assert (latest.history_user, latest.history_change_reason) == (alice_editor, "Local lab range")


def test_bad_input_names_the_field_and_keeps_the_rest(client, alice_editor, wbc_range):
    client.force_login(alice_editor)
    url = f"/admin/interpretation/referencerange/{wbc_range.pk}/change/"
    response = client.post(
        url,
        {
            "analyte": wbc_range.analyte_id,
            "low": "12",
            "high": "11.0",
            "sex": "",
            "population": "general",
            "note": "kept note",
            "source": "",
            "change_reason": "x",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "upper limit must be above the lower limit" in html
    assert "kept note" in html
    wbc_range.refresh_from_db()
    assert wbc_range.low == 4.5


def test_submitting_from_the_admin_enters_the_workflow(client, alice_editor, wbc_range):
    client.force_login(alice_editor)
    response = client.post(
        "/admin/interpretation/referencerange/",
        {"action": "submit_for_review", "_selected_action": [wbc_range.pk]},
        follow=True,
    )
    assert "revision 1 submitted for review" in response.content.decode()
    wbc_range.refresh_from_db()
    assert wbc_range.review_item.latest_revision.status == ReviewState.SUBMITTED


def test_board_members_may_look_but_not_edit(client, bob_reviewer, wbc_range):
    client.force_login(bob_reviewer)
    url = f"/admin/interpretation/referencerange/{wbc_range.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"low": "1", "high": "2", "change_reason": "x"})
    assert response.status_code == 403
    assert client.get("/admin/interpretation/referencerange/add/").status_code == 403
