"""The application list and the committee queue as spreadsheets (``core.exports``).

The views hand over exactly the rows their page shows (the list and the queue: filtered, every page),
so an export never differs from the screen. Columns mirror the pages; amounts and dates are typed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports
from core.exports import Column, ColumnType
from core.models import Role

# Who has an application list at all: the team, the providers and the committee.
LIST_ROLES = (Role.FACILITATOR, Role.COORDINATOR, Role.PROVIDER, Role.COMMITTEE)


APPLICATION_COLUMNS = [
    Column(gettext_lazy("Aanvraagnummer"), "reference"),
    Column(gettext_lazy("Regeling"), "scheme.name"),
    Column(gettext_lazy("Ronde"), "call.name"),
    Column(gettext_lazy("Casus"), "case.reference"),
    Column(gettext_lazy("Initialen"), "case.youth_initials"),
    Column(gettext_lazy("Aanbieder"), "provider_organisation.name"),
    Column(gettext_lazy("Bedrag"), "listed_amount", ColumnType.DECIMAL),
    Column(gettext_lazy("Status"), "get_status_display"),
    Column(gettext_lazy("Ontvangen"), "received_at", ColumnType.DATETIME),
    Column(gettext_lazy("Uiterste beslisdatum"), "decision_due", ColumnType.DATE),
]

QUEUE_COLUMNS = [
    Column(gettext_lazy("Aanvraagnummer"), "application.reference"),
    Column(gettext_lazy("Regeling"), "application.scheme.name"),
    Column(gettext_lazy("Casus"), "application.case.reference"),
    Column(gettext_lazy("Initialen"), "application.case.youth_initials"),
    Column(gettext_lazy("Aanbieder"), "application.provider_organisation.name"),
    Column(gettext_lazy("Aangevraagd"), "application.requested_amount", ColumnType.DECIMAL),
    Column(gettext_lazy("Ontvangen"), "application.received_at", ColumnType.DATETIME),
    Column(gettext_lazy("Uiterste beslisdatum"), "due", ColumnType.DATE),
    Column(gettext_lazy("Resterend"), "remaining"),
    Column(gettext_lazy("Werkdagen over"), "working_days_left", ColumnType.INT),
    Column(gettext_lazy("In gevaar"), lambda row: _("ja") if row.at_risk else _("nee")),
    Column(gettext_lazy("Wacht op leden"), "waiting_for", ColumnType.INT),
]


def application_list_response(request, applications, format: str):
    """The filtered application list (a queryset with ``selectors.with_list_data``) as CSV or XLSX."""
    return exports.list_export(
        request,
        applications.iterator(chunk_size=500),
        APPLICATION_COLUMNS,
        stem="aanvragen",
        format=format,
        logged=applications,
        what="aanvragenlijst",
        sheet_title=_("Aanvragen"),
    )


def committee_queue_response(request, rows: Iterable, applications: QuerySet, format: str):
    """The filtered committee queue as CSV or XLSX: ``rows`` are the rows of ``applications`` (the
    queryset of ``selectors.committee_queue_applications``, every page), worked out lazily a chunk at
    a time (``queue.iter_queue_rows``), so the CSV streams in constant memory."""
    return exports.list_export(
        request,
        rows,
        QUEUE_COLUMNS,
        stem="beoordelen",
        format=format,
        logged=applications,
        what="beoordelingslijst",
        sheet_title=_("Beoordelen"),
    )
