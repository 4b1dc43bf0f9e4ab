"""Small helpers for tests that act as a person would."""

from __future__ import annotations


def log_in(client, username: str, password: str) -> bool:
    """Log in through the admin's login form, as a person does (django-axes counts it)."""
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    return response.status_code == 302 and response["Location"] == "/admin/"
