"""What each app gives the review workflow, declared on its own ``AppConfig``.

The workflow knows content only through this registry, so adding a reviewable
kind touches the app that owns it and nothing in ``reviews``. An app may declare:

``reviewable_models``
    Names of its models whose rows go through the workflow (each subclasses
    :class:`reviews.models.Reviewable`; one that sets ``periodic_rereview = False``
    never falls due for re-review).
``readable_before_approval``
    Names of reviewable models whose first revision readers may read while it
    waits for the board (with the caution banner, as the editorial policy allows).
    Every other kind is shown to readers only once approved.
``role_permissions``
    What the platform's roles need on models: ``{role: {"app_label.model":
    actions}}``. An action is ``add``, ``change``, ``delete`` or ``view``, or the
    codename of a custom permission.
``exported``
    True when ``export_content`` / ``import_content`` carry the app's tables.
``reader_surrogate_keys(item)``
    A method returning the surrogate keys of the reader pages a change to this
    review item touches (``reviews.frontend_cache`` purges them).
``review_desk``
    Dotted path of a module that extends the review desk for the app's
    reviewable content (see :func:`desk_panels`). It defines two functions:

    ``desk_panels(item, pending, live) -> list[DeskPanel]``
        Panels the desk shows for a :class:`~reviews.models.ReviewItem`, given
        its pending and live :class:`~reviews.models.Revision` (either may be
        None). Each panel is a template name and its context.
    ``approval_requirements(item, revision) -> list[ApprovalRequirement]``
        What a board member must confirm, one checkbox each, before
        ``reviews.services.approve`` accepts an approval of ``revision``; the
        confirmations are recorded on the decision and in its audit event.
        Called inside the approval's transaction, with the item's row locked.

Roles are Django groups, kept equal to the declarations after every ``migrate``
(see :func:`sync_roles`), so a new installation has them before anyone logs in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps
from django.db import models

ROLES = ("Editors", "Board", "Administrators")
MODEL_ACTIONS = ("add", "change", "delete", "view")


def reviewable_models() -> list[type[models.Model]]:
    """Every model whose rows go through the review workflow, app by app."""
    return [
        config.get_model(name)
        for config in apps.get_app_configs()
        for name in getattr(config, "reviewable_models", ())
    ]


def readable_before_approval() -> list[type[models.Model]]:
    """Reviewable models whose never-approved revisions readers may see, with a banner."""
    return [
        config.get_model(name)
        for config in apps.get_app_configs()
        for name in getattr(config, "readable_before_approval", ())
    ]


def rereviewed_models() -> list[type[models.Model]]:
    """Reviewable models whose approved content falls due for periodic re-review
    (``Reviewable.periodic_rereview``)."""
    return [model for model in reviewable_models() if getattr(model, "periodic_rereview", True)]


def is_reviewable(model: type[models.Model]) -> bool:
    return model in reviewable_models()


def exported_apps() -> list[AppConfig]:
    """The apps whose tables a content export carries, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if getattr(config, "exported", False)]


@dataclass(frozen=True)
class DeskPanel:
    """A panel of the review desk: ``template`` rendered with ``context`` (as ``panel``).

    ``shows_the_page``: the panel shows the content as readers will see it, so the
    desk folds the field-by-field text diff away (a click opens it)."""

    template: str
    context: dict
    shows_the_page: bool = False


@dataclass(frozen=True)
class ApprovalRequirement:
    """Something a board member confirms before approving: ``key`` is what
    ``approve(confirmed=...)`` names, ``label`` the sentence beside the checkbox."""

    key: str
    label: str


def _desk_extension(item) -> ModuleType | None:
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(item.content_type_id).model_class()
    if model is None:
        return None
    path = getattr(apps.get_app_config(model._meta.app_label), "review_desk", None)
    return import_module(path) if path else None


def desk_panels(item, pending, live) -> list[DeskPanel]:
    """The extra panels the owning app gives the review desk of ``item``."""
    extension = _desk_extension(item)
    return list(extension.desk_panels(item, pending, live)) if extension else []


def approval_requirements(item, revision) -> list[ApprovalRequirement]:
    """What must be confirmed before ``revision`` of ``item`` may be approved."""
    extension = _desk_extension(item)
    return list(extension.approval_requirements(item, revision)) if extension else []


def _codename(action: str, model: str) -> str:
    return f"{action}_{model}" if action in MODEL_ACTIONS else action


def role_permissions(app_configs: Iterable[AppConfig] | None = None) -> dict[str, set]:
    """Role → {(app_label, codename)}: every permission the apps declare for it."""
    wanted: dict[str, set] = {role: set() for role in ROLES}
    for config in app_configs if app_configs is not None else apps.get_app_configs():
        for role, grants in getattr(config, "role_permissions", {}).items():
            if role not in wanted:
                raise ValueError(f"{config.label} grants permissions to unknown role {role!r}.")
            for label, actions in grants.items():
                app_label, model = label.split(".")
                wanted[role].update((app_label, _codename(a, model)) for a in actions)
    return wanted


def sync_roles(**kwargs) -> None:
    """Create the role groups and give each exactly the permissions declared (idempotent).

    Connected to ``post_migrate``: the permissions of every app are created first,
    so a role may name any installed model.
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.management import create_contenttypes

    using = kwargs.get("using", "default")
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0, using=using)
        create_permissions(config, verbosity=0, using=using)
    for role, wanted in role_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        held = {
            (p.content_type.app_label, p.codename): p
            for p in Permission.objects.using(using).select_related("content_type")
        }
        missing = sorted(wanted - held.keys())
        if missing:
            raise LookupError(f"The {role} role names permissions that do not exist: {missing}")
        group.permissions.set([held[key] for key in wanted])


def surrogate_keys_for(item) -> list[str]:
    """The surrogate keys of the reader pages a change to ``item`` touches."""
    model = item.content_type.model_class()
    config = apps.get_containing_app_config(model.__module__)
    keys = getattr(config, "reader_surrogate_keys", None)
    return list(keys(item)) if keys is not None else []
