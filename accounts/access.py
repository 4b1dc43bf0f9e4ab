"""Who may change which account, group or permission in the admin (ASVS 4.1.3).

Administrators (the Administrators role) manage people: they create accounts,
reset passwords, put people in roles and remove lost authenticator devices. They
never gain powers they do not hold:

- only a superuser grants superuser status, or changes a superuser's account;
- only a superuser changes another administrator's account (a peer's password
  or roles would be a way to act as them);
- nobody changes their own groups or permissions;
- people get permissions through roles (groups), never one by one, except from
  a superuser;
- the roles' permissions are defined in code (``reviews.registry``: each app's
  ``role_permissions``, kept in force after every migrate), so nobody edits a
  role group's name or permissions in the admin: they would silently differ
  from the code until the next migrate;
- a group outside the roles gets only permissions its editor holds, and nobody
  changes the permissions of a group they belong to.

Board membership is a service of its own (``reviews.services.board``).
Each function returns the sentence that refuses an action, or None.
"""

from __future__ import annotations

from reviews.registry import ROLES

ADMINISTRATORS = "Administrators"

GRANT_SUPERUSER = "Only a superuser can grant superuser status."
CHANGE_SUPERUSER = "Only a superuser can change a superuser's account."
CHANGE_PEER = "Only a superuser can change another administrator's account."
OWN_GROUPS = (
    "Nobody changes their own groups or permissions: ask another administrator "
    "(a superuser) to do it."
)
PERMISSIONS_BY_ROLE = (
    "People get their permissions through their roles (groups); only a superuser "
    "gives a permission to one person."
)
ROLE_IS_CODE = (
    "The {name} role's name and permissions are set in the code and restored after "
    "every update; change them there, not here."
)
OWN_GROUP_PERMISSIONS = "Nobody changes the permissions of a group they belong to."
NOT_HELD = "You can only give a group permissions you hold yourself; you do not hold: {names}."


def is_role(group) -> bool:
    """A group the platform's roles define (its permissions come from the code)."""
    return group is not None and group.pk is not None and group.name in ROLES


def account_refusal(actor, account) -> str | None:
    """Why ``actor`` may not change ``account`` at all (None: they may)."""
    if actor.is_superuser or account is None or account.pk is None:
        return None
    if account.is_superuser:
        return CHANGE_SUPERUSER
    if account.pk != actor.pk and account.groups.filter(name=ADMINISTRATORS).exists():
        return CHANGE_PEER
    return None


def grant_refusals(
    actor, account, *, superuser: bool, groups_changed: bool, permissions_given: bool
) -> dict[str, str]:
    """Field -> sentence, for what ``actor`` asks to grant ``account`` (a new one: None)."""
    if actor.is_superuser:
        return {}
    refusals = {}
    if superuser:
        refusals["is_superuser"] = GRANT_SUPERUSER
    is_self = account is not None and account.pk == actor.pk
    if is_self and groups_changed:
        refusals["groups"] = OWN_GROUPS
    if permissions_given:
        refusals["user_permissions"] = OWN_GROUPS if is_self else PERMISSIONS_BY_ROLE
    return refusals


def group_refusal(actor, group, *, renamed: bool, permissions: set | None) -> str | None:
    """Why ``actor`` may not save ``group`` with these changes (None: they may).

    ``permissions`` is the new set of ``Permission`` rows when they change, else None.
    """
    if is_role(group) and (renamed or permissions is not None):
        return ROLE_IS_CODE.format(name=group.name)
    if actor.is_superuser or permissions is None:
        return None
    if group.pk is not None and actor.groups.filter(pk=group.pk).exists():
        return OWN_GROUP_PERMISSIONS
    held = actor.get_all_permissions()
    missing = sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in permissions
        if f"{p.content_type.app_label}.{p.codename}" not in held
    )
    if missing:
        return NOT_HELD.format(names=", ".join(missing))
    return None
