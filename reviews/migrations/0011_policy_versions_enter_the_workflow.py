"""Versions stored before the board approved the editorial policy enter the workflow.

Those versions were never approved by the board: each enters the review workflow
here as a submitted revision (submitted by the editor who added it), so it waits
in the board's queue, fixed as it is, and no version is in force until the board
has approved one. A version with no recorded author is left as a draft.
"""

import hashlib
import json

from django.db import migrations

CONTENT_FIELDS = (
    "number",
    "effective_date",
    "change_note",
    "body_markdown",
    "body_html",
    "approvals_required",
    "rereview_interval_days",
    "review_turnaround_days",
    "show_waiting_for_review",
    "show_sent_back",
)
REASON = "Entered the review workflow: the editorial policy is approved by the board"


def _record(apps, obj, *, history_type: str, when) -> None:
    """A history row for ``obj``, as django-simple-history writes one."""
    model = type(obj)
    historical = apps.get_model("reviews", f"Historical{model.__name__}")
    values = {field.attname: getattr(obj, field.attname) for field in model._meta.concrete_fields}
    historical.objects.create(
        **values,
        history_date=when,
        history_type=history_type,
        history_change_reason=REASON,
        history_user_id=None,
    )


def enter_the_workflow(apps, schema_editor):
    from django.utils import timezone

    ContentType = apps.get_model("contenttypes", "ContentType")
    EditorialPolicyVersion = apps.get_model("reviews", "EditorialPolicyVersion")
    ReviewItem = apps.get_model("reviews", "ReviewItem")
    Revision = apps.get_model("reviews", "Revision")
    versions = EditorialPolicyVersion.objects.filter(
        review_item__isnull=True, created_by__isnull=False
    ).order_by("number")
    if not versions.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="reviews", model="editorialpolicyversion"
    )
    now = timezone.now()
    for version in versions:
        snapshot = {name: getattr(version, name) for name in CONTENT_FIELDS}
        snapshot["effective_date"] = version.effective_date.isoformat()
        snapshot = {"kind": "editorial_policy", **snapshot}
        canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        item = ReviewItem.objects.create(
            content_type=content_type,
            object_id=version.pk,
            title=f"Editorial policy version {version.number}",
            created_at=now,
        )
        revision = Revision.objects.create(
            item=item,
            number=1,
            snapshot=snapshot,
            content_hash=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
            status="submitted",
            submitted_by_id=version.created_by_id,
            submitted_at=now,
            note="Added before the board approved policy versions.",
            contributor_ids=[version.created_by_id],
        )
        item.latest_revision = revision
        item.save()
        version.review_item = item
        version.save()
        _record(apps, item, history_type="+", when=now)
        _record(apps, revision, history_type="+", when=now)
        _record(apps, version, history_type="~", when=now)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reviews", "0010_policy_under_review"),
    ]

    operations = [migrations.RunPython(enter_the_workflow, migrations.RunPython.noop)]
