"""Client addresses behind proxies: one setting (TRUSTED_PROXY_COUNT) for rate limits
and django-axes alike, read through django-ipware.

Regressions: with the proxy header trusted as a whole, a rotating X-Forwarded-For
passed every limit; a list (what nginx sends) or a missing header gave a 500 on the
API, the form and the follow-up box; axes locked accounts by the proxy's address.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import RequestFactory
from django.urls import reverse

from config.client_address import client_ip
from reviews import services as review
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.9"  # the nearest proxy: the connection the app sees
CLIENT = "198.51.100.7"
OTHER_CLIENT = "203.0.113.50"
EDGE = "192.0.2.200"  # an outer proxy (a CDN), for two trusted proxies

ODD_HEADERS = [
    None,  # missing
    "",
    "   ",
    "garbage",
    "198.51.100.7, 10.0.0.1",  # what nginx sends
    "1.1.1.1, 198.51.100.7, 10.0.0.1",
    "2001:db8::1",
    "[2001:db8::1]:443, 2001:db8::2",
    "198.51.100.7:5555",
    "unknown, , ,",
    "0.0.0.0",
    "::ffff:198.51.100.7",
    "1.2.3.4\x00",
    "ä, 🎉",
    "x" * 8000,
    ",".join(["203.0.113.1"] * 500),
]


def forwarded_as_proxies_would(count: int, client: str, sent_by_client: str | None) -> dict:
    """The request as the app receives it from ``client`` behind ``count`` proxies,
    each appending the address it received the connection from, after whatever
    X-Forwarded-For the client sent itself."""
    chain = ([sent_by_client] if sent_by_client is not None else []) + [client, EDGE][:count]
    meta = {"REMOTE_ADDR": PROXY if count else client}
    if chain:
        meta["HTTP_X_FORWARDED_FOR"] = ", ".join(chain)
    return meta


@pytest.mark.parametrize("count", [0, 1, 2])
@pytest.mark.parametrize("sent", ODD_HEADERS)
def test_the_client_address_is_what_the_trusted_proxies_say(settings, count, sent):
    """With no proxy, the connection's address (the header is the client's to write);
    behind proxies, the entry the outermost trusted proxy appended."""
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", **forwarded_as_proxies_would(count, CLIENT, sent))
    assert client_ip(request) == CLIENT


@pytest.mark.parametrize("count", [0, 1, 2])
@pytest.mark.parametrize("header", ODD_HEADERS)
def test_a_missing_or_short_header_falls_back_to_the_connection(settings, count, header):
    settings.TRUSTED_PROXY_COUNT = count
    meta = {"REMOTE_ADDR": PROXY}
    if header is not None:
        meta["HTTP_X_FORWARDED_FOR"] = header
    address = client_ip(RequestFactory().get("/", **meta))
    assert isinstance(address, str) and address  # never raises, always an address
    if count == 0 or header is None:
        assert address == PROXY


@pytest.fixture
def article(alice_editor):
    article = ArticleFactory(by=alice_editor)
    review.submit(article, by=alice_editor)
    return article


def ask(client, article, meta):
    url = reverse("articles:ask", kwargs={"slug": article.slug})
    return client.post(url, {"question": "Does it matter?"}, **meta)


API_BODY = json.dumps({"age": 40, "values": [{"analyte": "WBC", "value": 5, "unit": "10*9/L"}]})


def call_api(client, meta):
    return client.post("/api/v1/interpret", API_BODY, "application/json", **meta)


def fill_form(client, meta):
    return client.post("/interpret/", {"wbc_value": "5", "age": "40"}, **meta)


@pytest.mark.parametrize("count", [0, 1, 2])
def test_odd_headers_never_give_a_500(client, settings, live_ref, article, count, no_rate_limits):
    settings.TRUSTED_PROXY_COUNT = count
    statuses = set()
    for header in ODD_HEADERS:
        meta = {"REMOTE_ADDR": PROXY}
        if header is not None:
            meta["HTTP_X_FORWARDED_FOR"] = header
        statuses |= {
            call_api(client, meta).status_code,
            fill_form(client, meta).status_code,
            ask(client, article, meta).status_code,
        }
    assert statuses == {200}


@pytest.mark.parametrize("count", [0, 1, 2])
def test_rotating_the_header_does_not_pass_the_limits(client, settings, live_ref, article, count):
    settings.TRUSTED_PROXY_COUNT = count
    # Per hour: a burst that crosses the end of a rate window starts a new allowance
    # (per minute, about one run in a hundred did).
    settings.RATELIMIT_RATES = {"follow_up": "3/h", "interpret_api": "3/h", "interpret_form": "3/h"}

    def rotating():
        return forwarded_as_proxies_would(count, CLIENT, f"203.0.113.{uuid.uuid4().int % 250}")

    for send in (call_api, fill_form, lambda c, m: ask(c, article, m)):
        answers = [send(client, rotating()).status_code for _ in range(6)]
        assert answers == [200, 200, 200, 429, 429, 429], send
        # Another client behind the same proxies keeps their own allowance.
        other = forwarded_as_proxies_would(count, OTHER_CLIENT, "198.51.100.7")
        assert send(client, other).status_code == 200


@pytest.mark.parametrize("count", [1, 2])
def test_axes_locks_the_real_client_not_the_proxy(client, settings, count):
    """Five wrong passwords from one client behind the proxy lock that client out of
    that account; the account still opens for its owner from elsewhere."""
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = count
    UserFactory(username="eve_editor", is_staff=True)
    attacker = forwarded_as_proxies_would(count, CLIENT, "192.0.2.1")
    for _ in range(5):
        client.post("/admin/login/", {"username": "eve_editor", "password": "guess"}, **attacker)
    rotated = forwarded_as_proxies_would(count, CLIENT, "192.0.2.99")
    locked = client.post(
        "/admin/login/", {"username": "eve_editor", "password": "correct-horse-battery"}, **rotated
    )
    assert locked.status_code == 429, "rotating the header does not lift the lockout"
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}
    owner = forwarded_as_proxies_would(count, OTHER_CLIENT, None)
    response = client.post(
        "/admin/login/", {"username": "eve_editor", "password": "correct-horse-battery"}, **owner
    )
    assert response.status_code == 302, "the proxy's address is not what is locked"
