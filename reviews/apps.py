from django.apps import AppConfig
from django.db.models.signals import post_migrate

_ACCESS = ("view",)


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Medical review"

    # The editorial policy is the board's: editors draft versions, the board
    # approves them through the same workflow as any content (see reviews.registry).
    reviewable_models = ("EditorialPolicyVersion",)

    # What the roles need on the workflow's own records (see reviews.registry). The
    # records change only through the services, so most roles only look at them.
    role_permissions = {
        "Editors": {
            # Drafts only: a version takes effect once the board approves it.
            "reviews.editorialpolicyversion": ("add", "change", "view"),
            "reviews.reviewitem": _ACCESS,
            "reviews.reviewqueue": _ACCESS,
            "reviews.auditevent": _ACCESS,
            "reviews.revision": ("view", "submit_for_review"),
            "reviews.reviewdecision": _ACCESS,
            "reviews.boardmember": _ACCESS,
            "reviews.specialty": ("view",),
        },
        "Board": {
            "reviews.editorialpolicyversion": _ACCESS,
            "reviews.reviewitem": _ACCESS,
            "reviews.reviewqueue": _ACCESS,
            "reviews.auditevent": _ACCESS,
            "reviews.revision": ("view", "review_content"),
            "reviews.reviewdecision": _ACCESS,
            "reviews.boardmember": _ACCESS,
            "reviews.specialty": ("view",),
        },
        "Administrators": {
            "auth.user": ("add", "change", "view"),
            "auth.group": ("add", "change", "view"),
            "reviews.editorialpolicyversion": _ACCESS,
            "reviews.reviewitem": _ACCESS,
            "reviews.reviewqueue": _ACCESS,
            "reviews.auditevent": _ACCESS,
            "reviews.revision": ("view", "release_any_claim"),
            "reviews.reviewdecision": _ACCESS,
            "reviews.boardmember": ("add", "change", "view"),
            "reviews.specialty": ("add", "change", "view"),
        },
    }
    exported = True
    # Work the periodic trigger (`manage.py enqueue_periodic_tasks`) hands to the worker.
    periodic_tasks = ("reviews.tasks.publish_due_items", "reviews.tasks.send_review_reminders")

    def reader_surrogate_keys(self, item):
        # The editorial policy is shown on its own page and named on every reader page.
        return ["policy"]

    def ready(self):
        from .registry import sync_roles

        post_migrate.connect(sync_roles, sender=self, dispatch_uid="reviews.sync_roles")
