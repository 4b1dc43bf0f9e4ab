"""Least privilege in the admin (ASVS 4.1.3): administrators manage accounts, groups
and devices, but never grant themselves, or anyone, more than they hold.

One test per escalation path; each is refused with a sentence and changes nothing.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import access
from reviews import services as review
from reviews.models import AuditEvent, BoardMember
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def account_form(user: User, **changes) -> dict:
    """The change form as the admin's page submits it, with ``changes``."""
    joined = user.date_joined
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
    }
    if user.is_active:
        data["is_active"] = "on"
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(changes)
    return data


def change_account(client, user, **changes):
    return client.post(f"/admin/auth/user/{user.pk}/change/", account_form(user, **changes))


def powers(user: User) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (
        user.is_superuser,
        sorted(user.groups.values_list("name", flat=True)),
        sorted(user.user_permissions.values_list("codename", flat=True)),
        BoardMember.objects.filter(user=user, is_active=True).exists(),
    )


def refused(response, sentence: str):
    assert response.status_code == 200, "the form is shown again with the refusal"
    assert sentence in response.content.decode().replace("&#x27;", "'")


@pytest.fixture
def admin_client(client, ada_admin):
    client.force_login(ada_admin)
    return client


# The escalation paths ----------------------------------------------------------------


def test_an_administrator_cannot_make_themselves_a_superuser(admin_client, ada_admin):
    before = powers(ada_admin)
    refused(change_account(admin_client, ada_admin, is_superuser="on"), access.GRANT_SUPERUSER)
    assert powers(ada_admin) == before


def test_an_administrator_cannot_make_anyone_a_superuser(admin_client, alice_editor):
    before = powers(alice_editor)
    refused(change_account(admin_client, alice_editor, is_superuser="on"), access.GRANT_SUPERUSER)
    assert powers(alice_editor) == before


def test_an_administrator_cannot_create_a_superuser(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "mallory",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "is_superuser": "on",
        },
    )
    refused(response, access.GRANT_SUPERUSER)
    assert not User.objects.filter(username="mallory").exists()


def test_an_administrator_cannot_add_themselves_to_a_group(admin_client, ada_admin):
    before = powers(ada_admin)
    board = Group.objects.get(name="Board")
    administrators = Group.objects.get(name="Administrators")
    response = change_account(admin_client, ada_admin, groups=[administrators.pk, board.pk])
    refused(response, access.OWN_GROUPS)
    assert powers(ada_admin) == before


def test_an_administrator_cannot_give_themselves_a_permission(admin_client, ada_admin):
    before = powers(ada_admin)
    approve = Permission.objects.get(codename="review_content")
    refused(
        change_account(admin_client, ada_admin, user_permissions=[approve.pk]), access.OWN_GROUPS
    )
    assert powers(ada_admin) == before


def test_an_administrator_cannot_give_anyone_a_single_permission(admin_client, alice_editor):
    before = powers(alice_editor)
    approve = Permission.objects.get(codename="review_content")
    refused(
        change_account(admin_client, alice_editor, user_permissions=[approve.pk]),
        access.PERMISSIONS_BY_ROLE,
    )
    assert powers(alice_editor) == before


def test_an_administrator_cannot_add_themselves_to_the_board(admin_client, ada_admin):
    events = AuditEvent.objects.count()
    response = admin_client.post(
        "/admin/reviews/boardmember/add/",
        {
            "user": ada_admin.pk,
            "credentials": "MD",
            "is_active": "on",
            "joined_on": "2026-01-01",
            "change_reason": "I am a doctor too",
        },
    )
    refused(response, "Nobody changes their own board membership")
    assert not BoardMember.objects.filter(user=ada_admin).exists()
    assert AuditEvent.objects.count() == events


def test_an_administrator_cannot_reactivate_their_own_lapsed_membership(admin_client, ada_admin):
    otto = UserFactory(username="otto_admin", is_staff=True, groups=["Administrators"])
    member = review.add_board_member(
        user=ada_admin, credentials="MD", by=otto, reason="Medical director"
    )
    review.deactivate_board_member(member, by=otto, reason="Term ended")
    events = AuditEvent.objects.count()
    response = admin_client.post(
        f"/admin/reviews/boardmember/{member.pk}/change/",
        {"credentials": "MD, PhD", "is_active": "on", "change_reason": "Back again"},
    )
    refused(response, "Nobody changes their own board membership")
    member.refresh_from_db()
    assert (member.is_active, member.credentials) == (False, "MD")
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", ["ada_admin", "admin_user"])
def test_nobody_edits_a_roles_permissions_in_the_admin(client, request, who):
    """Roles are defined in code and synced after migrate: an edit here would silently
    differ until the next migrate, so not even a superuser makes one."""
    client.force_login(request.getfixturevalue(who))
    board = Group.objects.get(name="Board")
    before = sorted(board.permissions.values_list("pk", flat=True))
    everything = list(Permission.objects.values_list("pk", flat=True))
    response = client.post(
        f"/admin/auth/group/{board.pk}/change/", {"name": "Board", "permissions": everything}
    )
    refused(response, "The Board role's name and permissions are set in the code")
    assert sorted(board.permissions.values_list("pk", flat=True)) == before
    response = client.post(f"/admin/auth/group/{board.pk}/change/", {"name": "Reviewers"})
    refused(response, "set in the code")
    assert Group.objects.filter(name="Board").exists()
    assert client.get(f"/admin/auth/group/{board.pk}/delete/").status_code == 403


# Other groups, peers and superusers ----------------------------------------------------


def test_a_group_gets_only_permissions_its_editor_holds(admin_client, ada_admin):
    view_user = Permission.objects.get(codename="view_user")
    change_article = Permission.objects.get(codename="change_article")
    response = admin_client.post(
        "/admin/auth/group/add/", {"name": "Helpers", "permissions": [change_article.pk]}
    )
    refused(response, "you do not hold: articles.change_article")
    assert not Group.objects.filter(name="Helpers").exists()
    response = admin_client.post(
        "/admin/auth/group/add/", {"name": "Helpers", "permissions": [view_user.pk]}
    )
    assert response.status_code == 302
    helpers = Group.objects.get(name="Helpers")
    ada_admin.groups.add(helpers)  # as a superuser may do
    response = admin_client.post(
        f"/admin/auth/group/{helpers.pk}/change/",
        {"name": "Helpers", "permissions": [view_user.pk, change_article.pk]},
    )
    refused(response, access.OWN_GROUP_PERMISSIONS)
    assert list(helpers.permissions.all()) == [view_user]


def test_superusers_and_peers_accounts_are_read_only_for_administrators(admin_client, admin_user):
    otto = UserFactory(username="otto_admin", is_staff=True, groups=["Administrators"])
    for account, sentence in ((admin_user, access.CHANGE_SUPERUSER), (otto, access.CHANGE_PEER)):
        page = admin_client.get(f"/admin/auth/user/{account.pk}/change/")
        assert page.status_code == 200
        assert sentence in page.content.decode().replace("&#x27;", "'")
        assert 'name="_save"' not in page.content.decode()
        assert change_account(admin_client, account, email="x@example.org").status_code == 403
        assert admin_client.get(f"/admin/auth/user/{account.pk}/password/").status_code == 403
        assert User.objects.get(pk=account.pk).email != "x@example.org"


# What administrators do ----------------------------------------------------------------


def test_administrators_manage_accounts_roles_devices_and_the_board(
    admin_client, alice_editor, dave_reader
):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "sam",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 302
    sam = User.objects.get(username="sam")
    board = Group.objects.get(name="Board")
    response = change_account(admin_client, sam, is_staff="on", groups=[board.pk])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert powers(sam) == (False, ["Board"], [], False)
    response = admin_client.post(
        "/admin/reviews/boardmember/add/",
        {
            "user": sam.pk,
            "credentials": "MD, Hematology",
            "is_active": "on",
            "joined_on": "2026-01-01",
            "change_reason": "Elected by the board",
        },
    )
    assert response.status_code == 302
    assert BoardMember.objects.get(user=sam).credentials == "MD, Hematology"
    device = TOTPDevice.objects.create(user=alice_editor, name="Lost phone", confirmed=True)
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 200
    response = admin_client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    response = admin_client.post(
        f"/admin/auth/user/{dave_reader.pk}/password/",
        {"password1": "another-long-passphrase", "password2": "another-long-passphrase"},
    )
    assert response.status_code == 302
