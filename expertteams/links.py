"""Where the timeline lives: on the case page of the ``cases`` app, in its ``#tijdlijn`` section."""

from django.urls import reverse


def case_page_url(case, anchor: str = "") -> str:
    url = reverse("cases:detail", args=[case.reference])
    return f"{url}#{anchor}" if anchor else url
