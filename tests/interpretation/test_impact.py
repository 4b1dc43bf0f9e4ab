"""The board sees what a pending change does to the clinical test set before approving it:
the cases whose outcome changes, live beside pending, each to be confirmed; the
confirmations are recorded on the decision and in its audit event.

The demo is loaded once for the class (Django's setUpTestData), each test rolled back.
"""

from __future__ import annotations

import pytest
from django.test import TestCase

from interpretation import services
from interpretation.models import ClinicalTestCase, FeverRule, GuidanceBlock
from reviews import registry
from reviews import services as review
from reviews.models import AuditEvent, AuditEventKind, ReviewState
from tests.factories import make_board_member, make_editor
from tests.helpers import StaffClient, load_demo


def desk(item) -> str:
    return f"/admin/reviews/reviewqueue/{item.pk}/review/"


class ImpactOnTheClinicalTestSet(TestCase):
    client_class = StaffClient

    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.alice_editor = make_editor("alice_editor", first_name="Alice", last_name="Editor")
        cls.carol_reviewer = make_board_member(
            "carol_reviewer", credentials="MD, PhD, Infectious Diseases"
        )

    def esmo_fever_rule(self):
        """An editor proposes the older ESMO fever figure (38.5 °C); Carol starts the review."""
        rule = services.save_reference(
            FeverRule.objects.get(),
            by=self.alice_editor,
            reason="Use the ESMO 2010 figure",
            single_c=38.5,
        )
        revision = review.submit(rule, by=self.alice_editor, note="Use the ESMO 2010 figure")
        review.start_review(revision, by=self.carol_reviewer)
        return revision

    def test_the_desk_shows_the_cases_a_pending_change_alters_side_by_side(self):
        revision = self.esmo_fever_rule()
        self.client.force_login(self.carol_reviewer)
        html = self.client.get(desk(revision.item)).content.decode()
        assert "Impact on the clinical test set" in html
        assert "idsa-single-38-3" in html  # 38.3 °C with ANC 0.4: febrile neutropenia today
        assert (
            "alerts: [febrile_neutropenia; critical_value.ANC.low] → [critical_value.ANC.low]"
            in html
        )
        assert "fever-normal-counts" not in html, "38.6 °C is a fever either way"
        # One checkbox per changed case in the decision form.
        assert 'name="approve-confirmed" value="case:idsa-single-38-3"' in html

    def test_approving_needs_each_changed_case_confirmed_and_keeps_what_was_typed(self):
        revision = self.esmo_fever_rule()
        self.client.force_login(self.carol_reviewer)
        item = revision.item
        typed = {
            "action": "approve",
            "approve-comment": "The ESMO figure is older; checking the cases.",
            "approve-conflict_of_interest": "none",
        }
        response = self.client.post(desk(item), typed)
        html = response.content.decode()
        assert response.status_code == 400
        assert "Confirm each of these before approving" in html
        assert "The ESMO figure is older; checking the cases." in html, "nothing typed is lost"
        revision.refresh_from_db()
        assert revision.status == ReviewState.UNDER_REVIEW

        keys = [r.key for r in registry.approval_requirements(item, revision)]
        assert "case:idsa-single-38-3" in keys
        response = self.client.post(desk(item), {**typed, "approve-confirmed": keys})
        assert response.status_code == 302
        revision.refresh_from_db()
        assert revision.status == ReviewState.APPROVED
        decision = revision.decisions.get()
        assert [c["key"] for c in decision.confirmations] == keys
        assert decision.confirmations[0]["label"].startswith("Case “")
        event = AuditEvent.objects.get(kind=AuditEventKind.APPROVE, revision=revision)
        assert event.data["confirmed"] == decision.confirmations

    def test_the_service_refuses_an_approval_until_every_case_is_confirmed(self):
        revision = self.esmo_fever_rule()
        keys = [r.key for r in registry.approval_requirements(revision.item, revision)]
        with pytest.raises(review.TransitionRefused, match=f"{len(keys)} left"):
            review.approve(revision, by=self.carol_reviewer)
        with pytest.raises(review.TransitionRefused, match="1 left"):
            review.approve(revision, by=self.carol_reviewer, confirmed=keys[1:])
        review.approve(revision, by=self.carol_reviewer, confirmed=keys)

    def test_a_change_that_alters_no_case_needs_no_confirmation(self):
        block = GuidanceBlock.objects.get(
            finding="thrombocytosis", section="next_steps", severity="", audience=""
        )
        services.save_reference(
            block,
            by=self.alice_editor,
            reason="Clearer",
            body_markdown=block.body_markdown + "\nMore.",
        )
        revision = review.submit(block, by=self.alice_editor)
        review.start_review(revision, by=self.carol_reviewer)
        self.client.force_login(self.carol_reviewer)
        html = self.client.get(desk(revision.item)).content.decode()
        assert "No case of the approved test set changes outcome with this revision." in html
        assert registry.approval_requirements(revision.item, revision) == []
        review.approve(revision, by=self.carol_reviewer)

    def test_a_new_test_case_is_run_against_the_live_content(self):
        case = services.create(
            ClinicalTestCase,
            by=self.alice_editor,
            name="anc-1400-is-severe",
            rule="A deliberately wrong expectation",
            patient={"age": 40, "sex": "female"},
            values=[{"analyte": "ANC", "value": 1400, "unit": "/uL"}],
            expected={"findings": [["neutropenia", "severe"]]},
        )
        revision = review.submit(case, by=self.alice_editor)
        review.start_review(revision, by=self.carol_reviewer)
        self.client.force_login(self.carol_reviewer)
        html = self.client.get(desk(revision.item)).content.decode()
        assert "This test case with the live content" in html
        assert "findings: expected [[&#x27;neutropenia&#x27;, &#x27;severe&#x27;]]" in html
        (requirement,) = registry.approval_requirements(revision.item, revision)
        assert requirement.key == "fails:anc-1400-is-severe"
        with pytest.raises(review.TransitionRefused):
            review.approve(revision, by=self.carol_reviewer)

    def test_articles_get_no_panel_and_no_requirement(self):
        from articles.models import Article
        from reviews.selectors import review_item_of

        item = review_item_of(
            Article.objects.get(slug="what-does-leukopenia-with-neutropenia-indicate")
        )
        panels = registry.desk_panels(item, item.latest_revision, item.live_revision)
        # An article's desk shows its page as readers will see it, and no impact panel.
        assert [p.template for p in panels] == ["admin/articles/review_page.html"]
        assert registry.approval_requirements(item, item.latest_revision) == []
        self.client.force_login(self.carol_reviewer)
        assert "Impact on the clinical test set" not in self.client.get(desk(item)).content.decode()
