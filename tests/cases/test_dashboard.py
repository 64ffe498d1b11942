"""Navigation and the "Mijn casussen" dashboard panel."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from cases.selectors import my_cases_summary
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("user_fixture", ["facilitator", "coordinator"])
def test_case_workers_see_the_menu_entries(request, client_for, user_fixture):
    html = client_for(request.getfixturevalue(user_fixture)).get(reverse("core:dashboard")).content.decode()

    assert f'href="{reverse("cases:list")}"' in html
    assert f'href="{reverse("cases:create")}"' in html
    assert "Mijn casussen" in html


@pytest.mark.parametrize("user_fixture", ["municipal_user", "committee_member", "provider_user", "learner"])
def test_others_do_not_see_case_menu_or_panel(request, client_for, user_fixture):
    html = client_for(request.getfixturevalue(user_fixture)).get(reverse("core:dashboard")).content.decode()

    assert f'href="{reverse("cases:list")}"' not in html
    assert "Mijn casussen" not in html


def test_summary_counts_the_users_cases_per_status_and_signal(facilitator, facilitator_other):
    CaseFactory(facilitator=facilitator, status=CaseStatus.INTAKE)
    CaseFactory(facilitator=facilitator, status=CaseStatus.ACTIVE, open_escalation=True)
    CaseFactory(
        facilitator=facilitator, status=CaseStatus.ACTIVE, last_step_at=timezone.now() - timedelta(40)
    )
    CaseFactory(facilitator=facilitator_other, status=CaseStatus.ACTIVE, open_escalation=True)

    summary = my_cases_summary(facilitator)

    assert summary["total"] == 3
    statuses = {value: count for value, _label, count in summary["statuses"]}
    assert statuses[CaseStatus.INTAKE] == 1 and statuses[CaseStatus.ACTIVE] == 2
    signals = {name: count for name, _label, count in summary["signals"]}
    assert signals["escalation"] == 1
    assert signals["stalled"] >= 1


def test_panel_links_to_the_filtered_list_and_costs_one_query(client_for, facilitator):
    client = client_for(facilitator)
    CaseFactory(facilitator=facilitator, open_escalation=True)
    client.get(reverse("core:dashboard"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:dashboard"))
    for _n in range(10):
        CaseFactory(facilitator=facilitator, open_escalation=True)

    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("core:dashboard")).content.decode()

    assert len(few) == len(many)
    assert f"{reverse('cases:list')}?signal=escalation" in html
    assert f"{reverse('cases:list')}?status=in_behandeling" in html
