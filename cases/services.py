"""Writes on cases. Each function is one transaction, takes keyword arguments, and logs to the access log."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cases.models import Case, ReferenceCounter
from core.models import Region


def next_reference(*, region: Region, year: int | None = None) -> str:
    """Allocate the next case reference for a region, e.g. ``UTR-2026-0042``.

    The counter row is locked (``select_for_update``) and incremented in the database, so two
    concurrent intakes never get the same number. Call inside the transaction that saves the case.
    """
    year = year or timezone.localdate().year
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(region=region, year=year)
        counter = ReferenceCounter.objects.select_for_update().get(region=region, year=year)
        ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
        counter.refresh_from_db(fields=["last_number"])
    return f"{region.code}-{year}-{counter.last_number:04d}"


def assign_reference(case: Case) -> None:
    if not case.reference:
        case.reference = next_reference(region=case.region)
