"""``core.links``: ``url_for_each`` (one ``reverse`` for a page of links that differ only in the row's key)
and ``safe_next`` (the one check of a ``?next=`` address)."""

import pytest
from django.urls import reverse

from core.links import url_for_each


@pytest.mark.parametrize("reference", ["UTR-2026-00001", "UTR-S1-000000", "FLE 2026 7"])
@pytest.mark.parametrize("pk", [1, 10, 987654, 2**40])
def test_each_link_by_id_is_the_one_reverse_would_give(reference, pk):
    url_for = url_for_each("expertteams:step_correct", reference)
    assert url_for(pk) == reverse("expertteams:step_correct", args=[reference, pk])


@pytest.mark.parametrize("reference", ["SUB-2026-0001", "a.b~c_d", "met spatie", "é", "x?y=1", "50%"])
def test_each_link_by_reference_is_the_one_reverse_would_give(reference):
    assert url_for_each("subsidies:detail")(reference) == reverse("subsidies:detail", args=[reference])


def test_url_each_links_every_row_of_a_page_with_one_reverse(monkeypatch):
    from django.template import Context, Template

    from core import links

    calls = []
    monkeypatch.setattr(links, "reverse", lambda *a, **k: calls.append(a) or reverse(*a, **k))
    references = ["UTR-2026-0001", "UTR-2026-0002", "AMS-2026-0107"]

    html = Template(
        "{% load core_tags %}{% for ref in refs %}<{% url_each 'cases:detail' ref %}>{% endfor %}"
    ).render(Context({"refs": references}))

    assert html == "".join(f"<{reverse('cases:detail', args=[ref])}>" for ref in references)
    assert len(calls) == 1


def test_safe_next_follows_only_addresses_on_this_site_and_keeps_https():
    from django.test import RequestFactory

    from core.links import safe_next

    factory = RequestFactory()
    assert safe_next(factory.post("/", {"next": "/casussen/"})) == "/casussen/"
    assert safe_next(factory.get("/", {"next": "/casussen/?pagina=2"})) == "/casussen/?pagina=2"
    assert safe_next(factory.post("/", {"next": "https://evil.example/"})) == ""
    assert safe_next(factory.post("/", {"next": "//evil.example/"})) == ""
    # On a secure request, a plain-HTTP address on the same host is refused (the 2FA pages' copy let it by).
    secure = factory.get("/", {"next": "http://testserver/casussen/"}, secure=True)
    assert safe_next(secure) == ""
    assert safe_next(factory.get("/")) == ""
