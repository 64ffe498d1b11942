"""The read replica (``DATABASE_REPLICA_URL``): report reads go there, writes and every other read never do.

The replica here is a second connection alias to the test database (as a real replica holds the same
rows); what counts is which connection runs each query.
"""

from datetime import date

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from config.routers import REPLICA, ReplicaRouter, replica_reads
from reports.content import build_regional_report
from reports.generation import run_report
from reports.models import ReportRequest, ReportStatus
from tests.cases.factories import CaseFactory
from tests.factories import user_with_role


@pytest.fixture
def replica(transactional_db):
    """A ``replica`` alias on the same database as ``default`` (committed rows, so both connections see
    them), added after the test's database setup and removed again afterwards."""
    connections.settings[REPLICA] = {**connections[DEFAULT_DB_ALIAS].settings_dict}
    # Connected here: the test case refuses to open connections to aliases it was not set up with.
    connections[REPLICA].connect()
    yield connections[REPLICA]
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))
    ]


def test_without_a_replica_everything_goes_to_default():
    router = ReplicaRouter()

    with replica_reads():
        assert router.db_for_read(Case) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Case) == DEFAULT_DB_ALIAS


def test_with_a_replica_only_reads_inside_replica_reads_go_there(replica):
    router = ReplicaRouter()

    assert router.db_for_read(Case) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert router.db_for_read(Case) == REPLICA
        assert router.db_for_write(Case) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Case) == DEFAULT_DB_ALIAS
    assert not router.allow_migrate(REPLICA, "cases")


def test_report_queries_read_the_replica(replica, facilitator, region_utr):
    CaseFactory(facilitator=facilitator)

    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        report = build_regional_report(
            region=region_utr, period_start=date(2000, 1, 1), period_end=date(2100, 12, 31)
        )

    assert report.sections
    assert len(on_replica) >= 5  # one or more per section
    assert writes(on_replica) == []
    assert not any("cases_case" in q["sql"] for q in on_default)


def test_report_job_writes_go_to_default_only(replica, region_utr):
    requester = user_with_role("municipal", "gemeente_utr_replica", region=region_utr)
    report = ReportRequest.objects.create(
        requested_by=requester,
        region=region_utr,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        format="csv",
    )

    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        run_report(report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert writes(on_replica) == []
    assert any(q["sql"].startswith("UPDATE") and "reports_reportrequest" in q["sql"] for q in on_default)
    assert any("cases_case" in q["sql"] for q in on_replica)
