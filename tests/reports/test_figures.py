"""Every steering figure against a hand-counted region: UTR, first half of 2026 (181 days).

Crisis episodes (UTR):  c1 20-12-2025..10-01-2026 (22 days, started before the period)
                        c2 01-02..15-03-2026 (43 days, forced) and 01-05-2026..open (61 days to 30-06)
                        c3 20-06..01-08-2026 (43 days, ends after the period)
                        k1 05-03..20-03-2026 (16 days; k1 was closed 01-02, reopened 01-03)
                        c4 01-01..05-01-2025, c6 01-03..10-03-2025 (a year earlier); FLE's crisis must not count
Residential (UTR):      r1 01-11-2025..31-01-2026 then thuis   (31 days in the period, to home)
                        r2 01-03-2026..open                    (122 days)
                        r3 01-04..30-04-2026 then pleegzorg    (30 days, to a family setting)
                        r4 01-06..15-07-2026 (forced)          (30 days, ends after the period)
                        r5 01-02..10-02-2026 then gesloten     (10 days, to another placement)
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import CaseStatus, CaseStatusChange, PlacementEpisode
from core.models import Region
from expertteams.models import Outcome, Step, StepKind
from reports.content import build_regional_report
from reports.figures.flow import classify_school
from reports.privacy import NONE, PRIMARY
from tests.reports.conftest import make_case

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=AMS)


def episode(case, kind, start, end=None, *, forced=False):
    return PlacementEpisode.objects.create(
        case=case,
        placement_type=kind,
        started_on=start,
        ended_on=end,
        forced=forced,
        recorded_by=case.created_by,
    )


def step(case, kind, on, **outcome):
    made = Step.objects.create(case=case, kind=kind, occurred_on=on, title="stap", author=case.created_by)
    if kind == StepKind.OUTCOME:
        Outcome.objects.create(step=made, **outcome)
    return made


def status_change(case, to_status, moment, from_status=CaseStatus.ACTIVE):
    change = CaseStatusChange.objects.create(
        case=case, from_status=from_status, to_status=to_status, changed_by=case.created_by
    )
    CaseStatusChange.objects.filter(pk=change.pk).update(changed_at=moment)


@pytest.fixture
def region_2026(facilitator, facilitator_fle):
    old = at(2025, 6, 1, 10)
    c = {name: make_case(facilitator, created=old) for name in ("c1", "c2", "c3", "c4", "c6", "k1")}
    r = {name: make_case(facilitator, created=old) for name in ("r1", "r2", "r3", "r4", "r5")}
    episode(c["c1"], "crisisopvang", date(2025, 12, 20), date(2026, 1, 10))
    episode(c["c2"], "crisisopvang", date(2026, 2, 1), date(2026, 3, 15), forced=True)
    episode(c["c2"], "crisisopvang", date(2026, 5, 1))
    episode(c["c3"], "crisisopvang", date(2026, 6, 20), date(2026, 8, 1))
    episode(c["k1"], "crisisopvang", date(2026, 3, 5), date(2026, 3, 20))
    episode(c["c4"], "crisisopvang", date(2025, 1, 1), date(2025, 1, 5))
    episode(c["c6"], "crisisopvang", date(2025, 3, 1), date(2025, 3, 10))
    fle = make_case(facilitator_fle, created=old, region="FLE")
    episode(fle, "crisisopvang", date(2026, 2, 1), date(2026, 2, 3))
    episode(r["r1"], "residentieel", date(2025, 11, 1), date(2026, 1, 31))
    episode(r["r1"], "thuis", date(2026, 2, 1))
    episode(r["r2"], "residentieel", date(2026, 3, 1))
    episode(r["r3"], "residentieel", date(2026, 4, 1), date(2026, 4, 30))
    episode(r["r3"], "pleegzorg", date(2026, 5, 1))
    episode(r["r4"], "residentieel", date(2026, 6, 1), date(2026, 7, 15), forced=True)
    episode(r["r5"], "residentieel", date(2026, 2, 1), date(2026, 2, 10))
    episode(r["r5"], "gesloten", date(2026, 2, 11), date(2026, 2, 20))
    # k1: closed on 1 February, reopened on 1 March, then four days later in crisis care.
    status_change(c["k1"], CaseStatus.CLOSED, at(2026, 2, 1, 12))
    status_change(c["k1"], CaseStatus.ACTIVE, at(2026, 3, 1, 12), from_status=CaseStatus.CLOSED)
    # Referrals with waiting and throughput times and school at referral.
    w1 = make_case(facilitator, created=at(2026, 1, 5, 9), history_school="Zit thuis, geen school")
    w2 = make_case(facilitator, created=at(2026, 2, 1, 9), history_school="Gaat naar het mbo")
    make_case(facilitator, created=at(2026, 3, 1, 9), history_school="")
    step(w1, StepKind.CONTACT_FAMILY, date(2026, 1, 8))
    step(w2, StepKind.CONTACT_FAMILY, date(2026, 2, 11))
    step(w1, StepKind.OUTCOME, date(2026, 3, 6), living_situation="thuis")
    # Closings: e1 home with work, e2 without an outcome; e3 closed in 2025 (follow-ups in the period).
    e1 = make_case(facilitator, created=old, closed=at(2026, 4, 10, 12))
    step(
        e1,
        StepKind.OUTCOME,
        date(2026, 4, 9),
        living_situation="thuis",
        school_or_daytime_activity="Werkt bij een bakker",
    )
    episode(e1, "thuis", date(2026, 4, 1))
    e2 = make_case(facilitator, created=old, closed=at(2026, 1, 15, 12))
    episode(e2, "gezinshuis", date(2026, 1, 1))
    e3 = make_case(facilitator, created=old, closed=at(2025, 10, 1, 12))
    episode(e3, "netwerk", date(2025, 9, 1), date(2026, 2, 28))
    return {**c, **r, "w1": w1, "w2": w2, "e1": e1, "e2": e2, "e3": e3}


def report():
    return build_regional_report(
        region=Region.objects.get(code="UTR"), period_start=date(2026, 1, 1), period_end=date(2026, 6, 30)
    )


def section(built, title):
    return next(s for s in built.sections if s.title == title)


def rows(table) -> dict:
    return {str(label): values for label, values in table.rows}


def test_crisis_care_children_placements_length_of_stay_and_stays_beyond_the_maximum(region_2026):
    key, length, comparison = section(report(), "Crisisopvang").tables
    assert rows(key) == {
        "Kinderen in crisisopvang": [4],
        "Crisisplaatsingen": [5],
        "Crisisplaatsingen gestart in de periode": [4],
        "Verblijfsduur langer dan 28 dagen": [3],
    }
    assert key.hidden == [[PRIMARY], [NONE], [PRIMARY], [PRIMARY]]
    # 16, 22, 43, 43, 61 days; with fewer than 10 stays the 90th percentile would be one child's stay
    assert rows(length) == {"In de periode": [5, 43, None]}


def test_crisis_care_against_the_previous_period_a_year_earlier_and_the_goal(region_2026, settings):
    settings.CRISIS_REDUCTION_GOAL = 50
    comparison = section(report(), "Crisisopvang").tables[2]
    # previous period 04-07-2025..31-12-2025: c1; a year earlier: c4 and c6
    assert rows(comparison)["Kinderen in crisisopvang"] == [4, 1, 2, 100.0, 1.0]
    assert rows(comparison)["Crisisplaatsingen"] == [5, 1, 2, 150.0, 1.0]


def test_the_maximum_stay_is_configurable(region_2026, settings):
    settings.CRISIS_MAX_STAY_DAYS = 50
    key = section(report(), "Crisisopvang").tables[0]
    assert rows(key)["Verblijfsduur langer dan 50 dagen"] == [1]


def test_residential_children_days_clipped_to_the_period_and_where_they_went(region_2026):
    overview, destinations, share = section(report(), "Residentieel verblijf").tables
    assert rows(overview) == {"Residentieel": [5, 5, 31 + 122 + 30 + 30 + 10]}
    assert rows(destinations) == {
        "Naar huis of netwerk": [1],
        "Naar pleegzorg of gezinshuis": [1],
        "Naar ander verblijf": [1],
        "Nog niet bekend": [0],
    }
    assert rows(share) == {"In de periode": [3, 2, 66.7]}


def test_forced_placements_and_returns_to_crisis_care_after_closing(region_2026):
    tables = section(report(), "Uitkomsten en na afsluiting").tables
    forced, returns = tables[3], tables[4]
    assert rows(forced) == {"Gedwongen plaatsingen": [2, 2]}
    assert rows(returns) == {
        "Afsluitingen (ook van later heropende casussen)": [1],
        "Heropend binnen 6 maanden": [1],
        "Terug in crisisopvang binnen 6 maanden": [1],
    }


def test_living_situation_at_closing_and_at_the_follow_up_moments(region_2026):
    closing, after = section(report(), "Uitkomsten en na afsluiting").tables[:2]
    assert rows(closing)["Thuis"] == [1]
    assert rows(closing)["Geen uitkomst vastgelegd"] == [1]
    assert closing.totals() == [2]
    # e2 (closed 15-01) at 3 months: gezinshuis; e3 (closed 01-10-2025) at 3 months netwerk, at 6 unknown
    assert rows(after)["Gezinshuis"] == [1, 0, 0]
    assert rows(after)["Netwerk"] == [1, 0, 0]
    assert rows(after)["Onbekend"] == [0, 1, 0]
    assert after.totals() == [2, 1, 0]


def test_waiting_time_throughput_time_and_open_cases_by_age(region_2026):
    key, _monthly, times, ages = section(report(), "Doorstroom").tables
    assert rows(key)["Aangemeld in de periode"] == [3]
    assert rows(times) == {
        "Wachttijd: aanmelding tot eerste contact": [2, 6.5, None],
        # w1: 60 days; e1 (referred 01-06-2025, outcome 09-04-2026): 312 days
        "Doorlooptijd: aanmelding tot uitkomst": [2, 186.0, None],
    }
    # the three referrals are 4 to 6 months old at the end of June; the cases of June 2025 over a year
    assert rows(ages)["3 tot 6 maanden"] == [3]
    assert rows(ages)["12 maanden of langer"] == [11]
    assert ages.totals()[0] == rows(key)["Actief aan het eind van de periode"][0]


def test_school_and_daytime_activity_at_referral_and_at_closing(region_2026):
    (table,) = section(report(), "School en dagbesteding").tables
    assert rows(table)["Geen school of dagbesteding (thuiszitter, uitval)"] == [1, 0]
    assert rows(table)["Naar school of opleiding"] == [1, 0]
    assert rows(table)["Werk of dagbesteding"] == [0, 1]
    assert rows(table)["Niet vastgelegd"] == [1, 1]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Uitval op school", "none"),
        ("Thuiszitter sinds maart", "none"),
        ("Gaat weer naar school", "school"),
        ("Dagbesteding bij de zorgboerderij", "work"),
        ("Vrij", "other"),
        ("  ", "missing"),
    ],
)
def test_school_text_is_sorted_by_keywords(text, kind):
    assert classify_school(text) == kind


def test_comparison_with_earlier_periods_and_the_region_average(region_2026):
    (table,) = section(report(), "Vergelijking").tables
    # residential children: 5 now (r1..r5), 1 in the previous period (r1), 0 a year earlier
    assert rows(table)["Kinderen in residentieel verblijf"][:4] == [5, 1, 400.0, 0]
    # FLE has 1 child in crisis care (1 to 4): no average for that row
    assert rows(table)["Kinderen in crisisopvang"][5] is None


def test_future_months_are_left_out(region_2026):
    built = build_regional_report(
        region=Region.objects.get(code="UTR"),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        today=date(2026, 6, 30),
    )
    monthly = section(built, "Doorstroom").tables[1]
    assert [label for label, _values in monthly.rows][-1] == "juni 2026"
    assert "gegevens t/m" in built.period_label


def test_the_query_count_is_constant(region_2026, facilitator):
    with CaptureQueriesContext(connection) as few:
        report()
    for day in range(1, 15):
        case = make_case(facilitator, created=at(2026, 2, day, 9), history_school="school")
        episode(case, "crisisopvang", date(2026, 2, day), date(2026, 2, day + 1))
        episode(case, "residentieel", date(2026, 3, day), date(2026, 3, day + 2))
        step(case, StepKind.CONTACT_FAMILY, date(2026, 2, day + 1))
    with CaptureQueriesContext(connection) as many:
        report()
    assert len(few) == len(many)


def test_the_90th_percentile_by_nearest_rank_from_ten_values():
    from reports.figures.common import percentile

    assert percentile(list(range(1, 10)), 0.9) is None
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile(list(range(1, 21)), 0.9) == 18
