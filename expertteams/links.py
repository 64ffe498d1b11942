"""Where the timeline lives: on the case page of the ``cases`` app, in its ``#tijdlijn`` section; and
aftercare on the case page's tab "Evaluatie en nazorg" (``cases.sections``)."""

from django.urls import reverse
from django.utils.http import urlencode

from cases.sections import case_tab_url

AFTERCARE_TAB = "nazorg"


def case_page_url(case, anchor: str = "", tab: str = "") -> str:
    """The case page (or its ``tab``), at ``anchor``."""
    url = case_tab_url(case.reference, tab)
    return f"{url}#{anchor}" if anchor else url


def aftercare_url(case) -> str:
    """The tab "Evaluatie en nazorg", at its section (``#nazorg``)."""
    return case_page_url(case, "nazorg", tab=AFTERCARE_TAB)


def timeline_page_url(base: str, *, start: int | None = None, kind: str = "", scroll: bool = True) -> str:
    """A page of the timeline at ``base`` (the case page or the full timeline) that starts at step
    ``start`` (``?vanaf=``; scrolled to it unless ``scroll`` is off) and lists only ``kind``
    (``?soort=``): the parameters ``expertteams.views.timeline_context`` reads back."""
    query = urlencode({key: value for key, value in (("vanaf", start), ("soort", kind)) if value})
    url = f"{base}?{query}" if query else base
    return f"{url}#stap-{start}" if start and scroll else url


def step_url(step) -> str:
    """The case page at ``step``: its timeline page starts at the step (``?vanaf=``), however old it is."""
    return timeline_page_url(reverse("cases:detail", args=[step.case.reference]), start=step.pk)
