"""Deny by default: every URL that is not explicitly public sends anonymous users to the login page."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC_PREFIXES = (
    "/account/login/",
    "/account/password_reset/",
    "/account/reset/",
    "/account/logout/",
    "/health/live",
    "/health/ready",
    "/beheer/admin/login/",
    "/toegankelijkheid/",  # the accessibility and privacy statements are public by law
    "/privacyverklaring/",
)
SAMPLE_BY_CONVERTER = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "uuid": str(uuid.uuid4()),
    "path": "x",
    "casetab": "registratie",
}


def _walk(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + _sample(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + _sample(entry.pattern), entry


def _sample(pattern) -> str:
    route = getattr(pattern, "_route", None)
    if route is None:  # regex pattern (admin): fill groups with a sample value
        import re

        regex = pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
        regex = re.sub(r"\(\?P<\w+>[^)]*\)", "1", regex)
        return regex.replace("\\", "")
    for name, converter in pattern.converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        sample = SAMPLE_BY_CONVERTER.get(kind, "x")
        route = route.replace(f"<{kind}:{name}>", sample).replace(f"<{name}>", sample)
    return route


def all_paths():
    return sorted({"/" + path for path, _ in _walk(get_resolver().url_patterns)})


def protected_paths():
    return [p for p in all_paths() if not p.startswith(PUBLIC_PREFIXES)]


def test_only_the_login_and_password_reset_pages_are_public():
    public = [p for p in all_paths() if p.startswith(PUBLIC_PREFIXES)]
    assert 0 < len(public) <= 13  # 11: the invitation link (accounts) beside password reset; 2 statements
    assert len(protected_paths()) > 20


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/account/login/",
        "/account/password_reset/",
        "/health/live",
        "/toegankelijkheid/",
        "/privacyverklaring/",
    ],
)
def test_public_pages_open_without_login(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", protected_paths())
def test_non_public_url_redirects_anonymous_users_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302, path
    assert response["Location"].startswith("/account/login/") or "/login/" in response["Location"], path
