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


def step_url(step) -> str:
    """The case page at ``step``: its timeline page starts at the step (``?vanaf=``), however old it is."""
    url = reverse("cases:detail", args=[step.case.reference])
    return f"{url}?{urlencode({'vanaf': step.pk})}#stap-{step.pk}"
