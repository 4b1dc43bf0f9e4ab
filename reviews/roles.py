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
            "reviewqueue": ("view",),
            "auditevent": ("view",),
            "revision": ("view",),
            "reviewdecision": ("view",),
            "boardmember": ("view",),
        },
        "interpretation": {
            "analyte": ("add", "change", "view"),
            "referencerange": ("add", "change", "view"),
            "severityscale": ("add", "change", "view"),
            "gradingtable": ("add", "change", "view"),
            "criticallimit": ("add", "change", "view"),
            "feverrule": ("add", "change", "view"),
            "guidanceblock": ("add", "change", "view"),
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
            "reviewqueue": ("view",),
            "auditevent": ("view",),
            "revision": ("view",),
            "reviewdecision": ("view",),
            "boardmember": ("view",),
        },
        "interpretation": {
            "analyte": ("view",),
            "referencerange": ("view",),
            "severityscale": ("view",),
            "gradingtable": ("view",),
            "criticallimit": ("view",),
            "feverrule": ("view",),
            "guidanceblock": ("view",),
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
            "reviewqueue": ("view",),
            "auditevent": ("view",),
            "revision": ("view",),
            "reviewdecision": ("view",),
            "boardmember": ("add", "change", "view"),
        },
        "interpretation": {
            "analyte": ("view",),
            "referencerange": ("view",),
            "severityscale": ("view",),
            "gradingtable": ("view",),
            "criticallimit": ("view",),
            "feverrule": ("view",),
            "guidanceblock": ("view",),
        },
    },
}

# Custom permissions (app_label, codename) per group.
ROLE_EXTRA_PERMISSIONS = {
    "Editors": [("reviews", "submit_for_review")],
    "Board": [("reviews", "review_content")],
    "Administrators": [("reviews", "release_any_claim")],
}


def wanted_permissions(group_name: str) -> list[tuple[str, str]]:
    """(app_label, codename) of every permission the group should hold."""
    wanted = [
        (app_label, f"{action}_{model}")
        for app_label, models in ROLE_PERMISSIONS[group_name].items()
        for model, actions in models.items()
        for action in actions
    ]
    return wanted + ROLE_EXTRA_PERMISSIONS[group_name]


def sync_roles(apps, schema_editor=None) -> None:
    """Create the groups and give them exactly the permissions above (idempotent)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name in ROLE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = wanted_permissions(group_name)
        # Models added by later migrations have no permission yet at an earlier
        # migration; the latest roles migration grants them (a test checks the result).
        permissions = [
            permission
            for app_label, codename in wanted
            for permission in Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        ]
        group.permissions.set(permissions)
