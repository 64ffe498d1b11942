"""``AccessLog.file_case_id``: every access-log row names the case file its object belongs to, set when
the row is written (``core.audit.record`` through ``privacy.case_file.case_id_of``) and filled in for
older rows by the migration ``privacy.0002_backfill_access_file``."""

import importlib

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases.models import Document
from core import audit
from core.exports import log_export
from core.models import AccessLog
from expertteams.models import StepKind
from privacy.case_file import case_id_of
from privacy.selectors import file_accesses, filtered_access_log, recent_case_accesses
from tests.cases.factories import CaseFactory, DocumentFactory
from tests.expertteams.factories import log
from tests.subsidies.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("privacy.migrations.0002_backfill_access_file").backfill


def test_every_object_of_a_file_names_its_case(facilitator):
    case = CaseFactory(facilitator=facilitator)
    step = log(StepKind.JOINT_MEETING, case=case, actor=facilitator)
    meeting = step.joint_meeting
    agenda_item = meeting.agenda_items.first()

    assert case_id_of(case) == case.pk
    assert case_id_of(step) == case.pk
    assert case_id_of(meeting) == case.pk  # step__case
    assert case_id_of(agenda_item) == case.pk  # meeting__step__case
    assert case_id_of(DocumentFactory(case=case)) == case.pk
    assert case_id_of(ApplicationFactory(case=case)) == case.pk  # points at the case without being part of it
    call_application = ApplicationFactory(case=None, created_by=facilitator)
    assert case_id_of(call_application) is None  # a call application: no case file
    assert case_id_of(facilitator) is None


def test_the_log_row_carries_the_file_of_its_object(facilitator):
    case = CaseFactory(facilitator=facilitator)
    step = log(StepKind.NOTE, case=case, actor=facilitator)

    row = audit.record(facilitator, AccessLog.Action.VIEW, step, detail="correctie")
    by_type = audit.record(facilitator, AccessLog.Action.VIEW, object_type="cases.case", object_id=case.pk)

    assert row.file_case_id == case.pk
    assert by_type.file_case_id is None  # no object to follow: only rows written with one are filed


def unfiled(user, obj) -> AccessLog:
    """A row as written before the column existed (``file_case_id`` empty)."""
    return AccessLog.objects.create(
        user=user,
        username=user.username,
        role="-",
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        action=AccessLog.Action.VIEW,
    )


class SchemaEditor:
    """What the migration uses of its schema editor (SQLite's cannot open inside a test's transaction)."""

    connection = connection

    @staticmethod
    def execute(sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def run_backfill():
    backfill(None, SchemaEditor())


def test_the_migration_files_the_rows_written_before_the_column(facilitator):
    case, other = CaseFactory(facilitator=facilitator), CaseFactory(facilitator=facilitator)
    step = log(StepKind.JOINT_MEETING, case=case, actor=facilitator)
    rows = {
        "case": unfiled(facilitator, case),
        "step": unfiled(facilitator, step),
        "agenda": unfiled(facilitator, step.joint_meeting.agenda_items.first()),
        "document": unfiled(facilitator, DocumentFactory(case=other)),
        "user": unfiled(facilitator, facilitator),
    }
    gone = unfiled(facilitator, DocumentFactory(case=case))
    Document.objects.filter(pk=gone.object_id).delete()  # its row has no object left to follow

    run_backfill()

    filed = dict(
        AccessLog.objects.filter(pk__in=[r.pk for r in rows.values()]).values_list("pk", "file_case_id")
    )
    assert filed[rows["case"].pk] == case.pk
    assert filed[rows["step"].pk] == case.pk
    assert filed[rows["agenda"].pk] == case.pk
    assert filed[rows["document"].pk] == other.pk
    assert filed[rows["user"].pk] is None
    assert AccessLog.objects.get(pk=gone.pk).file_case_id is None


@pytest.mark.postgres
def test_the_migration_switches_the_append_only_trigger_back_on(facilitator):
    case = CaseFactory(facilitator=facilitator)
    row = unfiled(facilitator, case)

    run_backfill()

    assert AccessLog.objects.get(pk=row.pk).file_case_id == case.pk
    with (
        pytest.raises(Exception, match="append-only"),  # noqa: PT011  (the trigger's own message)
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_accesslog SET detail = 'x' WHERE id = %s", [row.pk])


def test_a_list_export_is_filed_with_every_case_it_carries(client_for, facilitator):
    cases = [CaseFactory(facilitator=facilitator) for _ in range(3)]
    step = log(StepKind.NOTE, case=cases[0], actor=facilitator)

    response = client_for(facilitator).get(reverse("cases:list"), {"format": "csv"})
    b"".join(response.streaming_content)
    log_export(facilitator, [step], detail="stappen csv")  # objects given one by one

    for case in cases:
        (row,) = [r for r in recent_case_accesses(case, 20) if r.detail == "casuslijst csv"]
        assert (row.object_type, row.object_id) == ("cases.case", str(case.pk))
    assert [r.detail for r in recent_case_accesses(cases[0], 20) if r.object_type == "expertteams.step"] == [
        "stappen csv"
    ]


def test_the_access_report_and_the_log_by_reference_keep_accesses_to_rows_deleted_since(facilitator):
    case = CaseFactory(facilitator=facilitator)
    document = DocumentFactory(case=case)
    read = audit.record(facilitator, AccessLog.Action.VIEW, document, detail="download")
    other = audit.record(facilitator, AccessLog.Action.VIEW, CaseFactory(facilitator=facilitator))
    Document.objects.filter(pk=document.pk).delete()
    today = timezone.localdate()

    in_report = set(file_accesses(case, period_start=today, period_end=today).values_list("pk", flat=True))
    by_reference = set(filtered_access_log(reference=case.reference).values_list("pk", flat=True))

    assert read.pk in in_report and read.pk in by_reference
    assert other.pk not in in_report | by_reference
