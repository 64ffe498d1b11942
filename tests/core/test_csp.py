"""A strict Content-Security-Policy: a fresh nonce on every HTML response, carried by every script tag,
and no inline code or style attributes anywhere in the browser templates."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.cases.factories import CaseFactory

PDF_SUFFIXES = ("letter.html", "pdf.html")  # rendered by WeasyPrint, never served to a browser


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _nonce(response) -> str:
    sources = _policy(response)["script-src"]
    nonces = [s for s in sources if s.startswith("'nonce-")]
    assert len(nonces) == 1, sources
    return nonces[0][len("'nonce-") : -1]


def _assert_strict(response):
    policy = _policy(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    nonce = _nonce(response)
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "expected the page's scripts"
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"\sstyle=", html), "style attributes are refused by the policy"
    assert not re.search(r"\son[a-z]+=", html), "inline event handlers are refused by the policy"


@pytest.mark.django_db
def test_login_page_has_a_strict_policy_with_a_fresh_nonce(client):
    first = client.get("/account/login/")
    second = client.get("/account/login/")
    _assert_strict(first)
    _assert_strict(second)
    assert _nonce(first) != _nonce(second)


@pytest.mark.django_db
def test_signed_in_pages_have_a_strict_policy(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    client = client_for(facilitator)
    for path in ("/", "/casussen/", f"/casussen/{case.reference}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_strict(response)


def _browser_templates():
    for folder in [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]:
        for path in folder.rglob("*.html"):
            if not path.name.endswith(PDF_SUFFIXES) and ".venv" not in path.parts:
                yield path


def test_no_template_carries_inline_code_or_style():
    offenders = []
    for path in _browser_templates():
        text = path.read_text()
        if re.search(r"\sstyle=\"", text) or re.search(r"<style\b", text):
            offenders.append(f"{path}: style")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag or "nonce=" not in tag:
                offenders.append(f"{path}: {tag}")
        if re.search(r"\son(click|change|submit|load|input)=", text):
            offenders.append(f"{path}: event handler")
    assert offenders == []
