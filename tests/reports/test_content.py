from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Region
from reports.content import build_regional_report
from reports.privacy import NONE, PRIMARY
from tests.reports.conftest import at, make_case

pytestmark = pytest.mark.django_db


def report_2026():
    return build_regional_report(
        region=Region.objects.get(code="UTR"), period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
    )


def section(report, title):
    return next(s for s in report.sections if s.title == title)


def rows(table) -> dict:
    return {label: values for label, values in table.rows}


def test_cases_referred_active_and_closed_are_counted_per_region_and_amsterdam_period(hand_counted):
    key, monthly, _times, _ages = section(report_2026(), "Doorstroom").tables

    assert rows(key) == {
        "Aangemeld in de periode": [7],
        "Actief aan het eind van de periode": [8],
        "Afgesloten in de periode": [2],
    }
    assert key.hidden == [[NONE], [NONE], [PRIMARY]]
    by_month = rows(monthly)
    assert by_month["januari 2026"] == [3, 0]
    assert by_month["februari 2026"] == [0, 1]
    assert by_month["maart 2026"] == [4, 0]
    assert by_month["juni 2026"] == [0, 1]
    assert monthly.totals() == [7, 2]


def test_placements_prevented_by_outcomes_in_the_period(hand_counted):
    prevention = section(report_2026(), "Uitkomsten en na afsluiting").tables[2]
    assert rows(prevention) == {
        "Uitkomsten vastgelegd in de periode": [3],
        "Uithuisplaatsing voorkomen": [3],
        "Gesloten plaatsing voorkomen": [1],
    }


def test_raad_escalations_by_kind_and_result(hand_counted):
    (table,) = section(report_2026(), "Raad voor de Kinderbescherming").tables
    assert rows(table)["Beschermingsoverleg"] == [1, 1, 1, 0, 0]
    assert table.totals() == [1, 1, 1, 0, 0]


def test_grants_amounts_and_decision_time(hand_counted):
    requests, timing = section(report_2026(), "Stimuleringsimpuls maatwerk").tables
    assert rows(requests)["Casuïstiekgebonden (test)"] == [
        1,
        1,
        0,
        0,
        0,
        Decimal("12000.00"),
        Decimal("10000.00"),
    ]
    assert rows(timing) == {"Casuïstiekgebonden (test)": [1, 1, 100.0, 3]}
    # decisions about organisations are public: nothing hidden, also with one decision
    assert all(not flag for line in requests.hidden + timing.hidden for flag in line)


def test_an_empty_period_gives_empty_sections_not_errors(db):
    report = build_regional_report(
        region=Region.objects.get(code="UTR"), period_start=date(2020, 1, 1), period_end=date(2020, 12, 31)
    )
    assert section(report, "Raad voor de Kinderbescherming").is_empty
    assert rows(section(report, "Doorstroom").tables[0])["Aangemeld in de periode"] == [0]


def test_query_count_does_not_grow_with_the_number_of_cases(hand_counted, facilitator):
    region = Region.objects.get(code="UTR")
    with CaptureQueriesContext(connection) as few:
        build_regional_report(region=region, period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))
    for day in range(1, 25):
        make_case(facilitator, created=at(2026, 7, day, 10))
    with CaptureQueriesContext(connection) as many:
        build_regional_report(region=region, period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))
    assert len(few) == len(many)
