"""The shared PDF renderer: shipped fonts, the same bytes in any process and whatever the caller has
activated, fixed metadata, and no fetching of anything but local static files."""

import hashlib
import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from core import pdf

ROOT = Path(__file__).resolve().parents[2]

HTML = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title>
<style>body { font-family: "Jeugdcasus Sans"; }</style></head>
<body><h1>Beschikking</h1><p>Toegekend: € 14.500,00 – casuïstiekgebonden</p>
<p><strong>Vet</strong> en <em>schuin</em></p></body></html>"""


def fonts_of(document: bytes) -> set[str]:
    page = PdfReader(io.BytesIO(document)).pages[0]
    return {
        str(font.get_object()["/BaseFont"]).split("+", 1)[1] for font in page["/Resources"]["/Font"].values()
    }


def test_text_is_set_in_the_shipped_fonts_not_the_machines():
    assert fonts_of(pdf.html_to_pdf(HTML)) == {
        "Jeugdcasus-Sans",
        "Jeugdcasus-Sans-Bold",
        "Jeugdcasus-Sans-Italic",
    }


def test_every_shipped_font_file_exists():
    css = pdf.font_face_css()
    for name in (
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
    ):
        assert (pdf.FONT_DIR / name).is_file()
        assert name in css


def test_the_same_html_gives_the_same_bytes_in_another_process():
    here = pdf.html_to_pdf(HTML, title="Beschikking", moment=datetime(2026, 3, 12, 13, 30, tzinfo=UTC))
    script = (
        "import django, hashlib, sys; django.setup(); from datetime import datetime, UTC; "
        "from core.pdf import html_to_pdf; "
        "out = html_to_pdf(sys.stdin.read(), title='Beschikking', moment=datetime(2026, 3, 12, 13, 30, tzinfo=UTC)); "
        "print(hashlib.sha256(out).hexdigest())"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "PYTHONHASHSEED": "12345"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=HTML,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == hashlib.sha256(here).hexdigest()


def test_the_callers_language_and_time_zone_do_not_leak_into_the_document(settings, tmp_path):
    template = tmp_path / "doc.html"
    template.write_text(
        '{% load l10n %}<html><body><p>{{ amount|floatformat:"2g" }} op {{ moment|date:"j F Y H:i" }}</p></body></html>'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    context = {"amount": 14500, "moment": datetime(2026, 3, 12, 23, 30, tzinfo=UTC)}

    expected = pdf.render_html("doc.html", context)
    with translation.override("en"), timezone.override("UTC"):
        assert pdf.render_html("doc.html", context) == expected
        assert pdf.render_to_pdf("doc.html", context) == pdf.html_to_pdf(expected)
    assert "14.500,00 op 13 maart 2026 00:30" in expected


def test_metadata_carries_only_the_title_and_the_given_moment():
    without = PdfReader(io.BytesIO(pdf.html_to_pdf(HTML, title="Rapport"))).metadata
    assert without.title == "Rapport"
    assert "/CreationDate" not in without and "/ModDate" not in without
    moment = datetime(2026, 3, 12, 13, 30, tzinfo=UTC)
    stamped = PdfReader(io.BytesIO(pdf.html_to_pdf(HTML, title="Rapport", moment=moment))).metadata
    assert stamped.creation_date.astimezone(UTC) == moment


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/logo.png", "https://example.org/x.css", "file:///etc/passwd", "ftp://example.org/x"],
)
def test_the_renderer_fetches_nothing_but_local_static_files(url):
    fetcher = pdf._url_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_a_static_file_can_be_referenced_relatively():
    fetcher = pdf._url_fetcher()
    css = Path(pdf.settings.BASE_DIR) / "static" / "css" / "app.css"
    response = fetcher.fetch(css.as_uri())
    assert response is not None
