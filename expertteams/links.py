"""Where the timeline lives: on the case page of the ``cases`` app, in its ``#tijdlijn`` section."""

from django.urls import reverse
from django.utils.http import urlencode


def case_page_url(case, anchor: str = "") -> str:
    url = reverse("cases:detail", args=[case.reference])
    return f"{url}#{anchor}" if anchor else url


def step_url(step) -> str:
    """The case page at ``step``: its timeline page starts at the step (``?vanaf=``), however old it is."""
    url = reverse("cases:detail", args=[step.case.reference])
    return f"{url}?{urlencode({'vanaf': step.pk})}#stap-{step.pk}"
