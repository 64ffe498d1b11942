"""The committee queue at scale: a page of 50 filtered and ordered in SQL on the stored due date, the
labels worked out for that page only, the export with every filtered row a chunk at a time."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.workdays import get_calendar
from subsidies import completion, lifecycle, queue, selectors
from subsidies.deadlines import decision_due_date
from subsidies.models import ApplicationStatus, CompletionRequest, GrantApplication, Reminder
from subsidies.queue import QueueFilter
from subsidies.reminders import send_due_reminders
from tests.exports import csv_rows
from tests.subsidies.conftest import RECEIVED
from tests.subsidies.factories import AMSTERDAM, CallSchemeFactory, amsterdam
from tests.subsidies.test_suspension import ask

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 12)
REFERENCES = count()


def add_applications(n, *, scheme, like, first_day=date(2026, 2, 2), status=ApplicationStatus.SUBMITTED):
    """``n`` received applications of ``scheme`` as ``seed_scale`` makes them: one a day from
    ``first_day``, the stored due date worked out as on submission."""
    rows = []
    for k in range(n):
        received = datetime.combine(first_day + timedelta(days=k), time(10), tzinfo=AMSTERDAM)
        rows.append(
            GrantApplication(
                reference=f"T-{next(REFERENCES):05d}",
                scheme=scheme,
                case=like.case,
                expert_team=like.expert_team,
                provider_organisation=like.provider_organisation,
                status=status,
                title=f"Aanvraag {k}",
                created_by=like.created_by,
                submitted_by=like.created_by,
                received_at=received,
                decision_due=None
                if status == ApplicationStatus.SUSPENDED
                else decision_due_date(received, scheme.decision_working_days),
                requested_amount=Decimal(1000 + k),
            )
        )
    return GrantApplication.objects.bulk_create(rows)


def queue_page(client, **params):
    return client.get(reverse("subsidies:committee"), params)


def test_queue_page_needs_the_same_queries_for_5_and_60_applications(
    submitted, scheme, committee_member, client_for
):
    client = client_for(committee_member)
    add_applications(4, scheme=scheme, like=submitted)
    with CaptureQueriesContext(connection) as five:
        response = queue_page(client)
    assert response.content.decode().count('class="queue-row') == 5
    add_applications(55, scheme=scheme, like=submitted, first_day=date(2026, 1, 1))
    with CaptureQueriesContext(connection) as sixty:
        response = queue_page(client)
    html = response.content.decode()
    assert html.count('class="queue-row') == queue.PAGE_SIZE
    assert "60 aanvragen" in html
    # Session, user, roles, calendar, the member's schemes, the count and the page; the committee clock
    # adds five only when a row on the page can be at risk, a suspended row one (its completion request).
    assert len(sixty) == len(five) <= 7


def test_the_queue_page_works_out_the_committee_clock_only_where_a_row_can_be_at_risk(
    submitted, scheme, committee_member, client_for
):
    add_applications(4, scheme=scheme, like=submitted)  # due in 2026's February and March: overdue now
    with CaptureQueriesContext(connection) as queries:
        rows = queue_page(client_for(committee_member)).context["rows"]

    assert len(rows) == 5 and all(row.overdue and not row.at_risk for row in rows)
    clock_tables = ("subsidies_score", "subsidies_scoringcriterion", "subsidies_conflictdeclaration")
    assert not [query for query in queries if any(table in query["sql"] for table in clock_tables)]
    assert {row.waiting_for for row in rows} == {None}  # the page does not show it; the export does


def test_the_queue_reads_what_it_shows_of_the_case_and_counts_without_a_subquery(
    submitted, committee_member, client_for
):
    with CaptureQueriesContext(connection) as queries:
        html = queue_page(client_for(committee_member)).content.decode()

    assert f"{submitted.case.reference} ({submitted.case.youth_initials})" in html
    assert f'href="{reverse("subsidies:detail", args=[submitted.reference])}"' in html
    of_applications = [
        query["sql"] for query in queries if 'FROM "subsidies_grantapplication"' in query["sql"]
    ]
    assert len(of_applications) == 2  # the count and the page
    assert not [sql for sql in of_applications if '"cases_case"."help_question"' in sql]
    # The member's schemes are read once, for the filter, and given to both as a list of ids.
    assert not [sql for sql in of_applications if "subsidies_grantscheme_committee_members" in sql]


def test_the_queue_page_and_the_full_rows_agree_on_the_risk(submitted, scheme, committee_member):
    applications = add_applications(12, scheme=scheme, like=submitted, first_day=TODAY - timedelta(days=10))
    calendar = get_calendar()
    ordered = list(
        GrantApplication.objects.filter(pk__in=[a.pk for a in applications]).select_related("scheme")
    )
    full = queue.queue_rows(ordered, today=TODAY, calendar=calendar)
    page = queue.queue_rows(ordered, today=TODAY, calendar=calendar, waiting_for=False)

    assert [row.at_risk for row in page] == [row.at_risk for row in full]
    assert any(row.at_risk for row in full) and not all(row.at_risk for row in full)


def test_queue_pages_follow_the_stored_due_date_with_suspended_last(
    submitted, scheme, committee_member, client_for
):
    add_applications(45, scheme=scheme, like=submitted)
    add_applications(10, scheme=scheme, like=submitted, status=ApplicationStatus.SUSPENDED)
    client = client_for(committee_member)

    shown = [row.application for row in queue_page(client).context["rows"]]
    shown += [row.application for row in queue_page(client, page=2).context["rows"]]

    assert len(shown) == 56
    assert shown == list(
        GrantApplication.objects.filter(status__in=queue.UNDECIDED_STATUSES).order_by(
            "status", "decision_due", "received_at", "pk"
        )
    )  # "ingediend" sorts before "opgeschort"
    dues = [application.decision_due for application in shown[:46]]
    assert dues == sorted(dues) and not any(a.decision_due for a in shown[46:])


def test_queue_page_links_keep_the_filters(submitted, scheme, committee_member, client_for):
    add_applications(60, scheme=scheme, like=submitted, first_day=date(2025, 6, 2))
    html = queue_page(client_for(committee_member), regeling=scheme.pk, status=queue.OVERDUE).content.decode()
    assert f"regeling={scheme.pk}&amp;status=te_laat&amp;page=2" in html
    assert f"regeling={scheme.pk}&amp;status=te_laat&amp;format=csv" in html
    assert f'<option value="{scheme.pk}" selected>' in html


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("", ["due 16 March", "due 13 March", "overdue", "suspended"]),
        (queue.OVERDUE, ["overdue"]),
        (queue.SOON, ["due 13 March"]),  # 16 March still has two working days (13 and 16)
        (queue.SUSPENDED, ["suspended"]),
    ],
)
def test_queue_filters_by_state_on_the_stored_due_date(submitted, scheme, committee_member, state, expected):
    made = {
        "due 16 March": submitted,
        "due 13 March": add_applications(1, scheme=scheme, like=submitted, first_day=date(2026, 3, 6))[0],
        "overdue": add_applications(1, scheme=scheme, like=submitted, first_day=date(2026, 3, 2))[0],
        "suspended": add_applications(1, scheme=scheme, like=submitted, status=ApplicationStatus.SUSPENDED)[
            0
        ],
    }
    found = selectors.committee_queue_applications(committee_member, QueueFilter(state=state), today=TODAY)
    names = {application.pk: name for name, application in made.items()}
    assert sorted(names[application.pk] for application in found) == sorted(expected)


def test_queue_filters_by_scheme_and_ignores_unknown_values(submitted, scheme, committee_member):
    other = CallSchemeFactory()
    other.committee_members.add(committee_member)
    (theirs,) = add_applications(1, scheme=other, like=submitted)
    assert list(selectors.committee_queue_applications(committee_member, QueueFilter(scheme=other.pk))) == [
        theirs
    ]
    everything = QueueFilter.from_query({"regeling": "x", "status": "verzonnen"})
    assert everything == QueueFilter()
    assert selectors.committee_queue_applications(committee_member, everything).count() == 2


def test_the_export_has_every_filtered_row_not_only_the_page(submitted, scheme, committee_member, client_for):
    add_applications(70, scheme=scheme, like=submitted, first_day=date(2025, 6, 2))
    client = client_for(committee_member)

    response = client.get(reverse("subsidies:committee"), {"status": queue.OVERDUE, "format": "csv"})

    references = [row[0] for row in csv_rows(response)[1:]]
    overdue = selectors.committee_queue_applications(committee_member, QueueFilter(state=queue.OVERDUE))
    assert len(references) == 71 > queue.PAGE_SIZE  # RECEIVED's due date passed too (real clock)
    assert references == [application.reference for application in overdue]


def test_export_rows_are_worked_out_a_chunk_at_a_time(submitted, scheme, committee_member):
    add_applications(24, scheme=scheme, like=submitted)
    applications = selectors.committee_queue_applications(committee_member, today=TODAY)
    calendar = get_calendar()
    whole = queue.queue_rows(list(applications), today=TODAY, calendar=calendar)

    with CaptureQueriesContext(connection) as queries:
        chunked = list(queue.iter_queue_rows(applications, today=TODAY, calendar=calendar, chunk_size=10))

    assert chunked == whole
    assert len(queries) <= 3 * 6 + 1  # three chunks of at most six queries, and the applications


def test_at_risk_reads_only_the_applications_due_within_two_working_days(submitted, scheme, committee_member):
    add_applications(30, scheme=scheme, like=submitted, first_day=date(2026, 1, 5))  # all overdue
    add_applications(1, scheme=scheme, like=submitted, first_day=date(2026, 3, 6))  # due 13 March
    with CaptureQueriesContext(connection) as queries:
        at_risk = selectors.committee_at_risk(committee_member, today=TODAY)
    assert at_risk == 1  # due 13 March; 16 March has two working days left
    (read,) = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "subsidies_grantapp')
    ]
    assert '"decision_due" >= ' in read and '"decision_due" < ' in read


def test_the_stored_due_date_follows_every_step(submitted, committee_member, provider_user, second_member):
    def stored_is_worked_out(today):
        application = GrantApplication.objects.get(pk=submitted.pk)
        assert application.decision_due == application.due_date(today=today)

    stored_is_worked_out(RECEIVED.date())
    ask(submitted, committee_member)
    stored_is_worked_out(date(2026, 3, 11))
    completion.complete_request(application=submitted, actor=provider_user, now=amsterdam(2026, 3, 12, 9, 0))
    stored_is_worked_out(date(2026, 3, 12))
    ask(submitted, second_member, now=amsterdam(2026, 3, 13, 9, 0), completion_due=date(2026, 3, 16))
    assert lifecycle.lapse_completion_requests(now=amsterdam(2026, 3, 17, 8, 0)) == 1
    stored_is_worked_out(date(2026, 3, 17))
    assert CompletionRequest.objects.filter(lapsed_at__isnull=False).count() == 1


def test_a_rerun_of_the_sweep_reads_no_application_and_inserts_nothing(submitted, scheme, second_member):
    scheme.chair = second_member
    scheme.save()
    now = amsterdam(2026, 3, 12, 9, 0)
    add_applications(4, scheme=scheme, like=submitted)
    assert send_due_reminders(now=now) > 0
    with CaptureQueriesContext(connection) as five:
        assert send_due_reminders(now=now) == 0
    add_applications(35, scheme=scheme, like=submitted, first_day=date(2026, 1, 5))
    assert send_due_reminders(now=now) > 0
    claims = Reminder.objects.count()
    with CaptureQueriesContext(connection) as forty:
        assert send_due_reminders(now=now) == 0
    assert Reminder.objects.count() == claims
    assert len(forty) == len(five)
    # Every reminder is claimed, so SQL finds no application and the clock reads nothing.
    assert not [q for q in forty.captured_queries if '"subsidies_score"' in q["sql"]]
