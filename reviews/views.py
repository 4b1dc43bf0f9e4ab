"""Public pages of the review workflow: the editorial policy, and the transparency
page where the audit chain's signed checkpoints and the sign-offs' receipts are
published for anyone to check."""

import json

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import audit, selectors
from .models import AuditCheckpoint, EditorialPolicyVersion, PolicyTerms
from .reader_cache import shared_reader_view

CHECKPOINTS_SHOWN = 20


@shared_reader_view("policy")
def editorial_policy(request):
    """The version in force, its settings (from its fields) and the change log of
    approved versions. Drafts and versions waiting for the board are never shown."""
    approved = EditorialPolicyVersion.objects.approved().select_related(
        "review_item__live_revision", "review_item__scheduled_revision"
    )
    context = {
        "current": EditorialPolicyVersion.objects.current(),
        "versions": list(approved.order_by("-number")),
        "defaults": PolicyTerms(),
        "today": timezone.localdate(),
    }
    # Rendered without the request: the page is kept and shared (reviews.reader_cache).
    return HttpResponse(render_to_string("reviews/editorial_policy.html", context))


@require_safe
def transparency(request):
    checkpoints = [
        (checkpoint, audit.as_published(checkpoint))
        for checkpoint in selectors.latest_checkpoints(CHECKPOINTS_SHOWN)
    ]
    return render(
        request,
        "reviews/transparency.html",
        {
            "checkpoints": checkpoints,
            "public_key": audit.public_key_base64(),
            "public_key_pem": audit.public_key_pem(),
            "development_keys": audit.using_development_keys(),
            "site": request.build_absolute_uri("/").rstrip("/"),
        },
    )


# A checkpoint never changes once signed.
@require_safe
@cache_control(public=True, max_age=86400)
def checkpoint_json(request, sequence: int):
    checkpoint = selectors.checkpoint_at(sequence)
    if checkpoint is None or checkpoint.sequence != sequence:
        raise Http404("No checkpoint was signed at this point of the chain.")
    return JsonResponse(audit.as_published(checkpoint), json_dumps_params={"indent": 1})


# A receipt is served while readers are shown what it signed off: it may go.
@require_safe
@cache_control(public=True, max_age=300)
def receipt_json(request, sequence: int):
    receipt = selectors.sign_off_receipt(sequence)
    if receipt is None:
        raise Http404("No sign-off of content readers are shown was recorded by this event.")
    event = receipt.event
    return JsonResponse(
        {
            "sequence": event.sequence,
            "kind": event.kind,
            "recorded_at": event.occurred_at.isoformat(),
            "content_hash": event.data.get("content_hash") or event.revision.content_hash,
            "decision_digest": event.data.get("decision_digest"),
            "entry_hash": event.entry_hash,
            "checkpoint": audit.as_published(receipt.checkpoint) if receipt.checkpoint else None,
            "snapshot": receipt.snapshot,
            "how_to_verify": request.build_absolute_uri(reverse("reviews:transparency")),
        },
        json_dumps_params={"indent": 1, "ensure_ascii": False},
    )


class CheckpointFeed(Feed):
    """The signed checkpoints as an Atom feed: keep them, and a rewritten chain shows."""

    feed_type = Atom1Feed
    title = "Audit chain checkpoints"
    subtitle = "Signed statements of the length and head of the record of every review decision."

    def link(self) -> str:
        return reverse("reviews:transparency")

    def items(self):
        return selectors.latest_checkpoints(CHECKPOINTS_SHOWN)

    def item_title(self, checkpoint: AuditCheckpoint) -> str:
        return f"Checkpoint at event #{checkpoint.sequence}"

    def item_description(self, checkpoint: AuditCheckpoint) -> str:
        # Atom1Feed marks the summary type="html": the JSON goes in escaped.
        return escape(json.dumps(audit.as_published(checkpoint), indent=1))

    def item_link(self, checkpoint: AuditCheckpoint) -> str:
        return reverse("reviews:checkpoint", kwargs={"sequence": checkpoint.sequence})

    def item_guid(self, checkpoint: AuditCheckpoint) -> str:
        return f"audit-checkpoint:{checkpoint.sequence}:{checkpoint.signed_at.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, checkpoint: AuditCheckpoint):
        return checkpoint.signed_at

    def item_updateddate(self, checkpoint: AuditCheckpoint):
        return checkpoint.signed_at
