"""The committee's queue (countdown in working days), the dashboard panel and the decision figures."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import NonWorkingDay
from core.workdays import get_calendar
from subsidies import selectors, services
from subsidies.models import GrantApplication
from tests.subsidies.conftest import RECEIVED
from tests.subsidies.factories import ApplicationFactory, CostLineFactory, amsterdam

pytestmark = pytest.mark.django_db


def submit_on(scheme, facilitator, received_at):
    application = ApplicationFactory(scheme=scheme, case__facilitator=facilitator)
    CostLineFactory(application=application)
    return services.submit_application(application=application, actor=facilitator, now=received_at)


@pytest.mark.parametrize(
    ("today", "label"),
    [
        (date(2026, 3, 12), "nog 2 werkdagen"),
        (date(2026, 3, 13), "nog 1 werkdag"),
        (date(2026, 3, 14), "nog 1 werkdag"),  # Saturday: only Monday is left
        (date(2026, 3, 16), "vandaag"),
        (date(2026, 3, 17), "te laat"),
    ],
)
def test_queue_shows_remaining_working_days(submitted, committee_member, today, label):
    rows = selectors.committee_queue(committee_member, today=today)
    assert [row.remaining for row in rows] == [label]


def test_queue_is_sorted_by_deadline_and_leaves_out_decided(scheme, facilitator, committee_member):
    late = submit_on(scheme, facilitator, amsterdam(2026, 3, 2, 9, 0))
    soon = submit_on(scheme, facilitator, amsterdam(2026, 3, 9, 9, 0))
    decided = submit_on(scheme, facilitator, amsterdam(2026, 3, 1, 9, 0))
    services.decide(application=decided, actor=committee_member, outcome="rejected", reason="Onvolledig.")
    rows = selectors.committee_queue(committee_member, today=date(2026, 3, 10))
    assert [row.application for row in rows] == [late, soon]
    assert rows[0].remaining == "te laat"


def test_queue_page_uses_a_constant_number_of_queries(scheme, facilitator, committee_member, client_for):
    client = client_for(committee_member)
    submit_on(scheme, facilitator, RECEIVED)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("subsidies:committee")).status_code == 200
    for day in range(2, 8):
        submit_on(scheme, facilitator, RECEIVED + timedelta(days=day))
    with CaptureQueriesContext(connection) as seven:
        response = client.get(reverse("subsidies:committee"))
    assert response.content.decode().count('class="queue-row') == 7
    assert len(seven) == len(one)
    assert len(seven) <= 7  # all overdue: none of the committee clock's five queries (test_queue_scale.py)


def test_queue_page_shows_the_countdown(submitted, committee_member, client_for):
    html = client_for(committee_member).get(reverse("subsidies:committee")).content.decode()
    assert submitted.reference in html
    assert "te laat" in html  # March 2026 lies in the past of the real clock
    assert "Amy" not in html


def test_dashboard_panel_counts_due_today_and_overdue(scheme, facilitator, committee_member):
    submit_on(scheme, facilitator, amsterdam(2026, 3, 9, 9, 0))  # due 16 March
    submit_on(scheme, facilitator, amsterdam(2026, 3, 2, 9, 0))  # due 9 March
    counts = selectors.committee_counts(committee_member, today=date(2026, 3, 16))
    assert counts == {"due_today": 1, "overdue": 1, "open": 2}


def test_dashboard_shows_the_panels(committee_member, provider_user, draft, client_for):
    assert "Subsidieaanvragen beoordelen" in client_for(committee_member).get("/").content.decode()
    html = client_for(provider_user).get("/").content.decode()
    assert "Aanvragen in concept" in html
    assert draft.reference in html


def test_navigation_entry_for_the_roles(
    facilitator, provider_user, committee_member, municipal_user, client_for
):
    url = reverse("subsidies:list")
    for user in (facilitator, provider_user, committee_member):
        assert f'href="{url}"' in client_for(user).get("/").content.decode()
    assert f'href="{url}"' not in client_for(municipal_user).get("/").content.decode()


def test_decision_figures_in_working_days_and_on_time(scheme, facilitator, committee_member):
    in_time = submit_on(scheme, facilitator, amsterdam(2026, 3, 9, 23, 30))  # due 16 March
    services.decide(
        application=in_time,
        actor=committee_member,
        outcome="granted",
        amount=Decimal("10"),
        now=amsterdam(2026, 3, 16, 23, 59),
    )
    too_late = submit_on(scheme, facilitator, amsterdam(2026, 3, 9, 10, 0))
    services.decide(
        application=too_late,
        actor=committee_member,
        outcome="rejected",
        reason="Te laat ontvangen stukken.",
        now=amsterdam(2026, 3, 17, 0, 30),  # after midnight in Amsterdam: 17 March
    )
    submit_on(scheme, facilitator, amsterdam(2026, 3, 10, 10, 0))  # undecided: no figure
    figures = {f.application.pk: f for f in selectors.decision_figures(GrantApplication.objects.all())}
    assert len(figures) == 2
    assert (figures[in_time.pk].working_days, figures[in_time.pk].on_time) == (5, True)
    assert (figures[too_late.pk].working_days, figures[too_late.pk].on_time) == (6, False)


def test_decision_figures_skip_closure_days(scheme, facilitator, committee_member):
    NonWorkingDay.objects.get_or_create(date=date(2026, 3, 11), defaults={"kind": "closure"})
    application = submit_on(scheme, facilitator, amsterdam(2026, 3, 9, 10, 0))
    assert application.decision_due == date(2026, 3, 17)
    services.decide(
        application=application,
        actor=committee_member,
        outcome="granted",
        amount=Decimal("10"),
        now=amsterdam(2026, 3, 12, 9, 0),
    )
    (figure,) = selectors.decision_figures(GrantApplication.objects.all(), calendar=get_calendar())
    assert figure.working_days == 2
    assert figure.on_time
