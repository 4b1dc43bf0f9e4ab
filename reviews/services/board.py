"""Membership of the medical board: who may review and approve, and the credentials
readers see on every sign-off.

Each change names its reason, is saved with its history row, and is appended
to the audit chain as a ``board_change`` event (readers see credentials, so the
reader stamp moves). The admin and the demo loader call these; nothing else
writes ``BoardMember`` rows.

Guarded, in every function:

- ``by`` is a person holding the permission (``reviews.add_boardmember`` to add,
  ``reviews.change_boardmember`` for the rest), or ``None`` for the installation
  itself (a management command run on the server, such as the demo loader);
- nobody adds, changes, deactivates or reactivates their own membership;
- a reason is required;
- credentials are one line, and not empty;
- declared interests are at most 2000 characters.
- specialties (``set_specialties``) are recorded like credentials.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from ..audit import record_event
from ..history import save_recorded
from ..models import AuditEventKind, BoardMember, Specialty, display_name
from ..validators import has_control_characters
from .steps import TransitionRefused

ADD_PERMISSION = "reviews.add_boardmember"
CHANGE_PERMISSION = "reviews.change_boardmember"


def refusal(*, by, member_user, permission: str = CHANGE_PERMISSION) -> str | None:
    """Why ``by`` may not change ``member_user``'s membership, or None if they may.

    For forms, to show the sentence before anything is saved; the services check
    the same again inside their transaction.
    """
    if by is None:
        return None
    if not (getattr(by, "is_authenticated", False) and by.is_active and by.has_perm(permission)):
        return "Only administrators who manage the medical board can change its membership."
    if member_user is not None and member_user.pk == by.pk:
        return (
            "Nobody changes their own board membership: ask another administrator, "
            "who will record why."
        )
    return None


def _require(*, by, member_user, permission: str = CHANGE_PERMISSION) -> None:
    sentence = refusal(by=by, member_user=member_user, permission=permission)
    if sentence:
        raise TransitionRefused(sentence)


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise TransitionRefused("Say why you are making this change to the board.")
    return reason


def _credentials(credentials: str) -> str:
    value = (credentials or "").strip()
    if not value:
        raise TransitionRefused(
            'Give the credentials shown beside the name on sign-offs, e.g. "MD, Hematology".'
        )
    if has_control_characters(value):
        raise TransitionRefused(
            "The credentials must be one line of text: remove line breaks, tabs and "
            "other control characters."
        )
    if len(value) > BoardMember._meta.get_field("credentials").max_length:
        raise TransitionRefused("The credentials are longer than 200 characters.")
    return value


DECLARED_INTERESTS_MAX_LENGTH = 2000


def _record(member: BoardMember, *, by, change: str, summary: str, reason: str, **data) -> None:
    record_event(
        AuditEventKind.BOARD_CHANGE,
        actor=by,
        summary=f"{summary} ({reason})",
        data={
            "change": change,
            "member_user_id": member.user_id,
            "member": display_name(member.user),
            "credentials": member.credentials,
            "is_active": member.is_active,
            "reason": reason,
            **data,
        },
    )


def _lock(member: BoardMember) -> BoardMember:
    return BoardMember.objects.select_for_update().select_related("user").get(pk=member.pk)


def add_board_member(
    *, user, credentials: str, by, reason: str, joined_on: datetime.date | None = None
) -> BoardMember:
    """Put ``user`` on the medical board with the credentials shown on their sign-offs.

    Guarded as the module says, and: the person has an active account and is not
    on the board already (a former member is reactivated instead).
    """
    _require(by=by, member_user=user, permission=ADD_PERMISSION)
    reason = _reason(reason)
    credentials = _credentials(credentials)
    with transaction.atomic():
        existing = BoardMember.objects.select_for_update().filter(user_id=user.pk).first()
        if existing is not None:
            state = "on the board" if existing.is_active else "a former member: reactivate them"
            raise TransitionRefused(f"{display_name(user)} is already {state}.")
        if not user.is_active:
            raise TransitionRefused(f"{display_name(user)}'s account is not active.")
        member = BoardMember(
            user=user,
            credentials=credentials,
            joined_on=joined_on or timezone.localdate(),
        )
        save_recorded(member, by=by, reason=f"Joined the board: {reason}")
        _record(
            member,
            by=by,
            change="added",
            summary=f"{display_name(user)}, {credentials}, joined the medical board",
            reason=reason,
        )
        return member


def change_credentials(member: BoardMember, *, credentials: str, by, reason: str) -> BoardMember:
    """Change the credentials shown on a member's future sign-offs (past sign-offs
    keep the credentials they were given with)."""
    _require(by=by, member_user=member.user)
    reason = _reason(reason)
    credentials = _credentials(credentials)
    with transaction.atomic():
        member = _lock(member)
        previous = member.credentials
        if previous == credentials:
            raise TransitionRefused("These are the member's credentials already.")
        member.credentials = credentials
        save_recorded(member, by=by, reason=f"Credentials changed: {reason}")
        _record(
            member,
            by=by,
            change="credentials",
            summary=(
                f"Credentials of {display_name(member.user)} changed from "
                f"“{previous}” to “{credentials}”"
            ),
            reason=reason,
            previous_credentials=previous,
        )
        return member


def change_declared_interests(member: BoardMember, *, interests: str, by, reason: str):
    """Change the interests a member declares on their public page (employment,
    funding, shares, advisory roles; empty when they declare none)."""
    _require(by=by, member_user=member.user)
    reason = _reason(reason)
    interests = (interests or "").strip()
    if len(interests) > DECLARED_INTERESTS_MAX_LENGTH:
        raise TransitionRefused(
            f"Keep the declared interests to {DECLARED_INTERESTS_MAX_LENGTH} characters."
        )
    with transaction.atomic():
        member = _lock(member)
        previous = member.declared_interests
        if previous == interests:
            raise TransitionRefused("These are the member's declared interests already.")
        member.declared_interests = interests
        save_recorded(member, by=by, reason=f"Declared interests changed: {reason}")
        _record(
            member,
            by=by,
            change="declared_interests",
            summary=f"Declared interests of {display_name(member.user)} changed",
            reason=reason,
            declared_interests=interests,
            previous_declared_interests=previous,
        )
        return member


def set_specialties(member: BoardMember, *, specialties, by, reason: str) -> BoardMember:
    """Set the specialties a member holds (what the policy may require among a topic's
    approvals): recorded in the history and the audit chain like credentials."""
    _require(by=by, member_user=member.user)
    reason = _reason(reason)
    wanted = sorted({specialty.pk: specialty for specialty in specialties}.values(), key=str)
    with transaction.atomic():
        member = _lock(member)
        previous = sorted(member.specialties.all(), key=str)
        if [s.pk for s in previous] == [s.pk for s in wanted]:
            raise TransitionRefused("These are the member's specialties already.")
        member.specialties.set(wanted)
        save_recorded(member, by=by, reason=f"Specialties changed: {reason}")
        names = ", ".join(map(str, wanted)) or "none"
        _record(
            member,
            by=by,
            change="specialties",
            summary=f"Specialties of {display_name(member.user)} set to {names}",
            reason=reason,
            specialties=[str(s) for s in wanted],
            previous_specialties=[str(s) for s in previous],
        )
        return member


def add_specialty(*, name: str, by, reason: str) -> Specialty:
    """Add a specialty to the list. Guarded like membership changes; a name on the
    list already (case aside) is refused."""
    _require(by=by, member_user=None, permission=ADD_PERMISSION)
    reason = _reason(reason)
    name = " ".join((name or "").split())
    if not name:
        raise TransitionRefused("Name the specialty.")
    if Specialty.objects.filter(name__iexact=name).exists():
        raise TransitionRefused(f"“{name}” is on the list already.")
    specialty = Specialty(name=name)
    save_recorded(specialty, by=by, reason=f"Specialty added: {reason}")
    return specialty


def set_board_member_active(member: BoardMember, *, active: bool, by, reason: str) -> BoardMember:
    """Deactivate a member (they may no longer review; their sign-offs stand) or
    reactivate a former one."""
    _require(by=by, member_user=member.user)
    reason = _reason(reason)
    with transaction.atomic():
        member = _lock(member)
        if member.is_active == active:
            state = "active" if active else "inactive"
            raise TransitionRefused(f"{display_name(member.user)} is {state} already.")
        member.is_active = active
        verb = "reactivated" if active else "deactivated"
        save_recorded(member, by=by, reason=f"Membership {verb}: {reason}")
        _record(
            member,
            by=by,
            change=verb,
            summary=f"Board membership of {display_name(member.user)} {verb}",
            reason=reason,
        )
        return member


def deactivate_board_member(member: BoardMember, *, by, reason: str) -> BoardMember:
    return set_board_member_active(member, active=False, by=by, reason=reason)


def reactivate_board_member(member: BoardMember, *, by, reason: str) -> BoardMember:
    return set_board_member_active(member, active=True, by=by, reason=reason)
