"""One PDF renderer for every generated document: ``render_to_pdf(template, context, ...)``.

Decision letters, track reports, regional reports and case files all go through it, so they share:

- **Determinism.** The same data gives the same bytes, in one process and across processes and
  machines: the template is rendered in the project's language and time zone whatever the calling
  thread has activated (a test or request that switched language would otherwise change number and
  date formats), the text uses fonts shipped in ``core/fonts`` (DejaVu Sans, family name
  ``"Jeugdcasus Sans"``) instead of whatever fontconfig finds on the machine, and the PDF metadata
  carries only the given title and moment (no clock time, no random identifier).
- **No network.** Relative URLs resolve against ``static/``; the fetcher refuses anything that is not a
  file under ``static/`` or ``core/fonts`` (or a ``data:`` URL), so a template can never make the worker
  fetch a remote address.
- **A lazy import.** WeasyPrint (and its Pango bindings) load on the first render, in the worker, never
  in web processes that only import this module.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

# Without HarfBuzz-Subset (a system library not every machine has), WeasyPrint subsets the fonts with
# fontTools, which stamps each subset font with the current time unless SOURCE_DATE_EPOCH is set: the
# same document then differed from second to second. A fixed epoch (or the operator's own) keeps the
# bytes the same with either library.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Jeugdcasus Sans"
_FONT_FILES = {
    ("normal", "normal"): "DejaVuSans.ttf",
    ("bold", "normal"): "DejaVuSans-Bold.ttf",
    ("normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
}


def _static_root() -> Path:
    return Path(settings.BASE_DIR) / "static"


def font_face_css() -> str:
    """The ``@font-face`` rules of the shipped fonts (every weight and style a template may ask for)."""
    rules = [
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{(FONT_DIR / name).as_uri()}"); }}'
        for (weight, style), name in _FONT_FILES.items()
    ]
    return "\n".join(rules) + f'\nhtml {{ font-family: "{FONT_FAMILY}"; }}\n'


def _url_fetcher():
    from weasyprint.urls import URLFetcher  # noqa: PLC0415  (heavy import, only when rendering)

    allowed_roots = (FONT_DIR.resolve(), _static_root().resolve())

    class LocalFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in allowed_roots):
                    return super().fetch(url, headers)
            raise ValueError("PDF rendering fetches only local static files")

    return LocalFilesOnly(allowed_protocols=["file", "data"])


def render_html(template_name: str, context: dict[str, Any]) -> str:
    """The template rendered in the project's language and time zone, whatever is active now."""
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        return render_to_string(template_name, context)


def render_to_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    title: str = "",
    moment: datetime | None = None,
) -> bytes:
    """The PDF of ``template_name`` rendered with ``context``.

    ``title`` becomes the document title; ``moment`` (an aware datetime, e.g. the decision moment)
    becomes its creation and modification date. Without a moment the PDF has no dates, so that
    rendering the same data again, later, yields the same bytes.
    """
    return html_to_pdf(render_html(template_name, context), title=title, moment=moment)


def html_to_pdf(html: str, *, title: str = "", moment: datetime | None = None) -> bytes:
    """The PDF of an HTML document (see ``render_to_pdf``): shipped fonts, local files only, fixed metadata."""
    from weasyprint import CSS, HTML  # noqa: PLC0415  (heavy import, only when rendering)
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    fetcher = _url_fetcher()
    font_config = FontConfiguration()
    fonts = CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
    document = HTML(string=html, base_url=_static_root().as_uri() + "/", url_fetcher=fetcher).render(
        stylesheets=[fonts], font_config=font_config
    )
    document.metadata.title = title or document.metadata.title
    document.metadata.authors = []
    document.metadata.generator = "Jeugdcasus"
    if moment is not None:
        stamp = moment.astimezone(timezone.get_default_timezone()).isoformat(timespec="seconds")
        document.metadata.created = document.metadata.modified = stamp
    else:
        document.metadata.created = document.metadata.modified = None
    return document.write_pdf()
