"""The client's address, the one way: for rate limits and for django-axes alike.

Behind ``TRUSTED_PROXY_COUNT`` proxies (load balancer, TLS terminator), each of
them appends the address it received the connection from to
``X-Forwarded-For``, so the client is the entry that many places from the
right; everything to its left was sent by the client and is not trusted.
django-ipware reads the header (IPv4, IPv6, ports, brackets; garbage entries
dropped). With no trusted proxy, or when the header has fewer entries than the
proxies would have written, the address is the connection's own
(``REMOTE_ADDR``). The answer never depends on what a client may rewrite, and a
header of any shape never raises.
"""

from __future__ import annotations

from django.conf import settings
from ipware import get_client_ip


def client_ip(request) -> str:
    """The address of the client that sent ``request``, as far as trusted proxies say."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        address, _routable = get_client_ip(
            request,
            # python-ipware counts the proxies listed in the header; the nearest proxy
            # is the connection itself, so it lists one fewer.
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 (no address at all)


def rate_limit_key(group: str, request) -> str:
    """django-ratelimit's key: the client's address (the counter's key is a hash of it)."""
    return client_ip(request)
