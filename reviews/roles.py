"""The platform's roles as Django groups, and the permissions each one holds.

Created and kept in step by migrations (see ``reviews/migrations``), so a new
installation has them before anyone logs in. Board membership itself is the
BoardMember record: the Board group only grants the admin views a reviewer needs.
"""

from __future__ import annotations

VIEW = "view"

# app_label -> model -> actions, per group.
ROLE_PERMISSIONS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "Editors": {
        "articles": {
            "article": ("add", "change", "view"),
            "source": ("add", "change", "view"),
            "articlevariant": ("view",),
            "followupquestion": ("change", "view"),
        },
        "reviews": {
            "editorialpolicyversion": ("add", "view"),
            "reviewitem": ("view",),
            "revision": ("view",),
            "reviewdecision": ("view",),
            "boardmember": ("view",),
        },
    },
    "Board": {
        "articles": {
            "article": ("view",),
            "source": ("view",),
            "articlevariant": ("view",),
            "followupquestion": ("view",),
        },
        "reviews": {
            "editorialpolicyversion": ("view",),
            "reviewitem": ("view",),
            "revision": ("view",),
            "reviewdecision": ("view",),
            "boardmember": ("view",),
        },
    },
    "Administrators": {
        "auth": {"user": ("add", "change", "view"), "group": ("add", "change", "view")},
        "articles": {
            "article": ("view",),
            "source": ("view",),
            "articlevariant": ("view",),
            "followupquestion": ("view",),
        },
        "reviews": {
            "editorialpolicyversion": ("view",),
            "reviewitem": ("view",),
            "revision": ("view",),
            "reviewdecision": ("view",),
            "boardmember": ("add", "change", "view"),
        },
    },
}

# Custom permissions (app_label, codename) per group.
ROLE_EXTRA_PERMISSIONS = {
    "Editors": [("reviews", "submit_for_review")],
    "Board": [("reviews", "review_content")],
    "Administrators": [],
}


def sync_roles(apps, schema_editor=None) -> None:
    """Create the groups and give them exactly the permissions above (idempotent)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, by_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for app_label, models in by_app.items():
            for model, actions in models.items():
                wanted += [(app_label, f"{action}_{model}") for action in actions]
        wanted += ROLE_EXTRA_PERMISSIONS[group_name]
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        group.permissions.set(permissions)
