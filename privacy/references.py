"""Access-log rows by reference: "casus UTR-2026-0007" instead of "cases.case #12".

The access log stores an object's type and id (it must survive the object). For reading, each row gets
the reference a person knows: the case reference for the case and everything in its file (documents,
steps, applications), an application's own number, a learning case's code; other objects their kind and
id. Names are never shown (``str()`` of a person would be personal data). One query per object type on
the page, whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from cases.models import Case
from core.models import AccessLog
from privacy.case_file import file_models
from privacy.people import BREAK_THE_GLASS

OWN_REFERENCE_FIELDS = ("reference", "code")


@dataclass(frozen=True)
class LogLine:
    row: AccessLog
    object_label: str
    case_reference: str

    @property
    def break_glass(self) -> bool:
        return self.row.detail == BREAK_THE_GLASS


def _case_paths() -> dict[type[models.Model], str]:
    paths: dict[type[models.Model], str] = {Case: ""}
    for related in file_models():
        paths.setdefault(related.model, related.path)
    return paths


def _own_field(model: type[models.Model]) -> str | None:
    names = {field.name for field in model._meta.concrete_fields}
    return next((name for name in OWN_REFERENCE_FIELDS if name in names), None)


def _labels_of(model: type[models.Model], ids: set[str]) -> dict[str, tuple[str, str]]:
    """``{object id: (own reference, case reference)}`` for the rows of one model (one query)."""
    numeric = [pk for pk in ids if pk.isdigit()]
    if model is Case:
        return {
            str(pk): (ref, ref)
            for pk, ref in Case.objects.filter(pk__in=numeric).values_list("pk", "reference")
        }
    case_path = _case_paths().get(model)
    own = _own_field(model)
    if not numeric or (own is None and case_path is None):
        return {}
    fields = ["pk", own or "pk", f"{case_path}__reference" if case_path else "pk"]
    return {
        str(pk): (str(own_value) if own else "", str(case_reference or "") if case_path else "")
        for pk, own_value, case_reference in model._default_manager.filter(pk__in=numeric).values_list(
            *fields
        )
    }


def _model_of(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def with_references(rows: Iterable[AccessLog]) -> list[LogLine]:
    """The rows, each with a readable object label and the case reference it concerns (if any)."""
    rows = list(rows)
    wanted: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row.object_type and row.object_id:
            wanted[row.object_type].add(row.object_id)
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    for object_type, ids in wanted.items():
        model = _model_of(object_type)
        if model is not None:
            for pk, value in _labels_of(model, ids).items():
                labels[(object_type, pk)] = value
    lines = []
    for row in rows:
        model = _model_of(row.object_type)
        noun = str(model._meta.verbose_name) if model else (row.object_type or _("geen object"))
        own, case_reference = labels.get((row.object_type, row.object_id), ("", ""))
        if own:
            label = f"{noun} {own}"
        elif row.object_id:
            label = f"{noun} #{row.object_id}"
        else:
            label = noun
        lines.append(LogLine(row=row, object_label=label, case_reference=case_reference))
    return lines


def lines_in_batches(rows: Iterable[AccessLog], size: int = 1000) -> Iterator[LogLine]:
    """``with_references`` for a long stream of rows (an export), a batch at a time."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield from with_references(batch)
