"""The admin's second factor (ASVS 4.3.1): password, then a code from an authenticator app."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.helpers import code_for, current_code, load_demo, log_in

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-password-2026"


@pytest.fixture
def staff():
    user = UserFactory(username="sam_staff", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def staff_with_app(staff):
    TOTPDevice.objects.create(user=staff, name="Phone", confirmed=True)
    return staff


def password_only(client, user):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/reviews/reviewqueue/", "/admin/articles/article/", "/admin/auth/user/"],
)
def test_a_password_alone_opens_no_admin_page(client, staff_with_app, path):
    password_only(client, staff_with_app)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/verify/?next=")
    assert client.get("/admin/verify/").status_code == 200


def test_the_right_code_opens_the_admin_and_a_wrong_one_does_not(client, staff_with_app, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # this test is about matching, not slowing down
    password_only(client, staff_with_app)

    wrong = client.post("/admin/verify/?next=/admin/reviews/", {"code": "000000"})
    if current_code(staff_with_app.username) == "000000":  # one chance in a million
        pytest.skip("the current code happens to be 000000")
    assert wrong.status_code == 400
    page = wrong.content.decode()
    assert "That code does not match" in page
    assert 'aria-invalid="true"' in page
    assert 'value="000000"' in page  # what the person typed is kept
    assert client.get("/admin/").status_code == 302

    right = client.post(
        "/admin/verify/", {"code": current_code(staff_with_app.username), "next": "/admin/reviews/"}
    )
    assert right.status_code == 302
    assert right["Location"] == "/admin/reviews/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "This field is required."),
        ("12345", "Enter the six digits"),
        ("12ab56", "Enter the six digits"),
    ],
)
def test_malformed_codes_are_named_and_explained(client, staff_with_app, typed, message):
    password_only(client, staff_with_app)
    response = client.post("/admin/verify/", {"code": typed})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_spaces_in_a_code_are_ignored(client, staff_with_app):
    password_only(client, staff_with_app)
    code = current_code(staff_with_app.username)
    response = client.post("/admin/verify/", {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302


def test_wrong_codes_slow_the_next_attempt_down(client, staff_with_app, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    password_only(client, staff_with_app)
    right = current_code(staff_with_app.username)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    assert client.post("/admin/verify/", {"code": wrong}).status_code == 400
    # Even the right code is refused while the wait lasts, and the page says why.
    response = client.post("/admin/verify/", {"code": right})
    assert response.status_code == 400
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_code_is_accepted_once(client, staff_with_app):
    password_only(client, staff_with_app)
    code = current_code(staff_with_app.username)
    assert client.post("/admin/verify/", {"code": code}).status_code == 302
    other = type(client)()
    password_only(other, staff_with_app)
    assert other.post("/admin/verify/", {"code": code}).status_code == 400  # replayed


def test_verifying_starts_a_new_session_id(client, staff_with_app):
    password_only(client, staff_with_app)
    before = client.cookies["sessionid"].value
    client.post("/admin/verify/", {"code": current_code(staff_with_app.username)})
    assert client.cookies["sessionid"].value != before


def test_someone_without_an_app_registers_one_first(client, staff):
    password_only(client, staff)
    response = client.get("/admin/", follow=True)
    assert response.request["PATH_INFO"] == "/admin/verify/setup/"
    page = response.content.decode()
    assert "<svg" in page and "QR code" in page
    assert "style=" not in page.split("<body", 1)[1]  # CSP: no inline styles
    secret = re.search(r'class="mfa-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    # The page shows the same unconfirmed device until it is confirmed.
    assert client.get("/admin/verify/setup/").content.decode().count(secret[:4]) >= 1
    assert TOTPDevice.objects.filter(user=staff).count() == 1

    assert client.post("/admin/verify/setup/", {"code": "12345"}).status_code == 400
    response = client.post("/admin/verify/setup/?next=/admin/", {"code": code_for(key)})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed and device.bin_key == key
    assert client.get("/admin/").status_code == 200
    # Someone with an app cannot be shown a new secret by going back to the set-up page.
    client.logout()
    password_only(client, staff)
    response = client.get("/admin/verify/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/verify/?")


def test_the_log_in_helper_walks_both_steps_for_a_new_person(client, staff):
    assert log_in(client, staff.username, PASSWORD)
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/admin/"])
def test_the_next_address_stays_on_this_site(client, staff_with_app, target):
    password_only(client, staff_with_app)
    response = client.post(
        "/admin/verify/", {"code": current_code(staff_with_app.username), "next": target}
    )
    assert response["Location"] == "/admin/"


def test_people_who_are_not_staff_are_sent_to_the_log_in_page(client):
    reader = UserFactory(username="just_a_reader", is_staff=False)
    client.force_login(reader)
    for path in ("/admin/verify/", "/admin/verify/setup/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not TOTPDevice.objects.filter(user=reader).exists()


def test_the_public_site_does_not_ask_for_a_code(client, staff_with_app):
    password_only(client, staff_with_app)
    assert client.get("/").status_code == 200
    assert client.get("/interpret/").status_code == 200


def test_the_demo_code_command_gives_a_working_code_for_demo_accounts_only(
    client, settings, capsys
):
    load_demo()
    settings.DEBUG = True  # the test runner turns DEBUG off; the command needs it on
    capsys.readouterr()
    call_command("demo_code", "reviewer1")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", code)
    client.post("/admin/login/", {"username": "reviewer1", "password": "reviewer1-demo-2026"})
    assert client.post("/admin/verify/", {"code": code}).status_code == 302

    # A demo account whose app was replaced by a real one gets no code from the command.
    device = TOTPDevice.objects.get(user__username="editor")
    device.key = "00" * 20
    device.save()
    with pytest.raises(CommandError, match="no demo authenticator"):
        call_command("demo_code", "editor")
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG on"):
        call_command("demo_code", "reviewer1")


def test_administrators_see_devices_but_never_their_secret(client, admin_user, staff_with_app):
    device = TOTPDevice.objects.get(user=staff_with_app)
    client.force_login(admin_user)
    listing = client.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200 and "sam_staff" in listing.content.decode()
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/delete/").status_code == 200
