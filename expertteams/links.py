"""Where the timeline lives: on the case page of the ``cases`` app, in its ``#tijdlijn`` section."""

from django.urls import NoReverseMatch, reverse


def case_page_url(case, anchor: str = "") -> str:
    try:
        url = reverse("cases:detail", args=[case.reference])
    except NoReverseMatch:  # the case page is not there (yet): the timeline page of this app
        url = reverse("expertteams:timeline", args=[case.reference])
    return f"{url}#{anchor}" if anchor else url
