"""The municipal dashboard panel: this year's headline figures of the region with sparklines, under
the same suppression as the report."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Region
from reports.dashboard import region_headlines
from tests.reports.conftest import at, make_case

pytestmark = pytest.mark.django_db


def test_headlines_are_this_years_figures_with_suppression(hand_counted):
    headlines = {
        h.label: h for h in region_headlines(Region.objects.get(code="UTR"), today=date(2026, 10, 15))
    }
    assert headlines["Aangemeld"].value == "7"
    assert headlines["Afgesloten"].value == "<5"
    assert "<svg" in headlines["Aangemeld"].chart
    # January (3 referrals) and March (4) are "<5": grey dots, no line height
    assert headlines["Aangemeld"].chart.count('class="suppressed"') >= 2
    assert headlines["Kinderen in crisisopvang"].value == "0"


def test_no_hidden_month_follows_from_the_headline(facilitator):
    for day in (5, 6, 7):
        make_case(facilitator, created=at(2026, 1, day, 10))
    for day in range(1, 21):
        make_case(facilitator, created=at(2026, 2, day, 10))
    headlines = {
        h.label: h for h in region_headlines(Region.objects.get(code="UTR"), today=date(2026, 3, 31))
    }
    # 23 in total; January's 3 is hidden, so February (20) is hidden too: the line has no shown point
    assert headlines["Aangemeld"].value == "23"
    assert "<polyline" not in headlines["Aangemeld"].chart
    assert headlines["Aangemeld"].chart.count('class="suppressed"') == 2


def test_municipal_user_sees_the_panel_with_a_link_to_the_report(client_for, municipal_user, hand_counted):
    page = client_for(municipal_user).get(reverse("core:dashboard")).content.decode()
    assert 'id="regional-figures"' in page and "Kerncijfers Utrecht Stad" in page
    assert reverse("reports:index") in page
    panel = page[page.index('id="regional-figures"') :]
    panel = panel[: panel.index("</section>")]
    assert "<svg" in panel and not re.search(r"\sstyle=", panel)


def test_the_panel_query_count_does_not_grow(facilitator):
    region = Region.objects.get(code="UTR")
    with CaptureQueriesContext(connection) as few:
        region_headlines(region, today=date(2026, 6, 30))
    for day in range(1, 20):
        make_case(facilitator, created=at(2026, 3, day, 10))
    with CaptureQueriesContext(connection) as many:
        region_headlines(region, today=date(2026, 6, 30))
    assert len(few) == len(many) <= 5
