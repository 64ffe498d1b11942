"""What belongs to a case file, found from the models themselves rather than listed by hand.

The *content* of a case is every row that would be deleted with it: the models reachable from ``Case``
through reverse foreign keys and one-to-one keys with ``on_delete=CASCADE`` (persons, consents,
documents, timeline steps and their details, ...). A model another app adds later is part of the file
as soon as it cascades from the case, without a change here.

The *file* as the access log sees it is the case, its content, and the records that point at the case
without being part of it (a grant application, a linked learning case) with their own content.
``case_id_of`` names the case file of an object and ``case_ids_of_rows`` of many rows at once; that id is
stored on every access-log row (``AccessLog.file_case_id``, set by ``core.audit.record``), so who viewed
a file, the client's access report and the log by case reference read one index range.
``object_condition`` turns an object that is not a case (a grant application, for the log by its
reference) and its content into one SQL condition on ``AccessLog``: the ids collected in one query,
then the log read through its (type, id) index.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast

from cases.models import Case
from core import audit

# Our own records about a case (its access reports, reviews, erasure requests) are not its content.
EXCLUDED_APPS = {"privacy"}


@dataclass(frozen=True)
class Related:
    """A model related to ``Case`` (or another parent) and the lookup from it to the parent (``step__case``)."""

    model: type[models.Model]
    path: str

    def rows_of(self, parent: models.Model) -> QuerySet:
        return self.model._default_manager.filter(**{self.path: parent})


def _reverse_relations(model: type[models.Model]):
    for relation in model._meta.related_objects:
        if relation.many_to_many or relation.related_model._meta.app_label in EXCLUDED_APPS:
            continue
        yield relation


def _join(field_name: str, path: str) -> str:
    return f"{field_name}__{path}" if path else field_name


def _cascade_below(model: type[models.Model], path: str, seen: set) -> list[Related]:
    """The models that cascade from ``model`` (whose lookup to the case is ``path``), depth first."""
    found = []
    for relation in _reverse_relations(model):
        if relation.on_delete is not models.CASCADE:
            continue
        related = Related(relation.related_model, _join(relation.field.name, path))
        if (related.model, related.path) in seen:
            continue
        seen.add((related.model, related.path))
        found.append(related)
        found.extend(_cascade_below(related.model, related.path, seen))
    return found


@cache
def content_models() -> tuple[Related, ...]:
    """The models of a case's content (what cascades from ``Case``), parents before children."""
    return tuple(_cascade_below(Case, "", set()))


@cache
def file_models() -> tuple[Related, ...]:
    """The content models plus the records that point at a case without cascading, and their content."""
    found = list(content_models())
    for relation in _reverse_relations(Case):
        if relation.on_delete is models.CASCADE:
            continue
        related = Related(relation.related_model, relation.field.name)
        found.append(related)
        found.extend(_cascade_below(related.model, related.path, {(related.model, related.path)}))
    return tuple(found)


@cache
def _path_to_case(model: type[models.Model]) -> str | None:
    """The lookup from ``model`` to the case of its file (``""`` for a case, ``step__case`` for an
    action), or None for a model outside any case file."""
    if model is Case:
        return ""
    return next((related.path for related in file_models() if related.model is model), None)


def case_id_of(obj: models.Model) -> int | None:
    """The id of the case whose file ``obj`` belongs to (``file_models``), or None. Without a query when
    the object holds the key itself (``step.case_id``); else through its foreign keys, as loaded."""
    path = _path_to_case(type(obj))
    if path is None:
        return None
    if not path:
        return obj.pk
    *hops, last = path.split("__")
    target = obj
    try:
        for hop in hops:
            target = getattr(target, hop)
            if target is None:
                return None
    except ObjectDoesNotExist:
        return None
    return getattr(target, f"{last}_id", None)


def case_ids_of_rows(rows: QuerySet) -> list[tuple[Any, int | None]]:
    """``(pk, id of its case file)`` of every row of ``rows`` (any model), once each, in one query:
    the lookup of ``_path_to_case`` read along with the key (``values_list("pk", "step__case")``)."""
    path = _path_to_case(rows.model)
    rows = rows.order_by()
    if path is None:
        return [(pk, None) for pk in rows.values_list("pk", flat=True).distinct()]
    if not path:
        return [(pk, pk) for pk in rows.values_list("pk", flat=True).distinct()]
    return list(rows.values_list("pk", path).distinct())


# A primary key no row has: the union below is compiled once with it, then run with the real one.
_PLACEHOLDER_PK = -7_131_313


@cache
def _union_sql(model: type[models.Model], relateds: tuple[Related, ...]) -> tuple[str, tuple]:
    """The SQL of one UNION ALL of a small select per related model (``(type, id as text)`` of the rows
    of one parent), compiled once per process: building and compiling ~35 querysets costs more than
    running them."""
    parent = model(pk=_PLACEHOLDER_PK)
    selects = [
        related.rows_of(parent)
        .order_by()
        .annotate(
            _type=Value(related.model._meta.label_lower, output_field=CharField()),
            _id=Cast("pk", CharField()),
        )
        .values_list("_type", "_id")
        for related in relateds
    ]
    return selects[0].union(*selects[1:], all=True).query.sql_with_params()


def _ids_of(obj: models.Model, relateds: tuple[Related, ...]) -> dict[str, list[str]]:
    """``{object type: [object ids as text]}`` of ``obj`` and its related rows, in one query, each
    select on an indexed foreign key."""
    ids: dict[str, list[str]] = {audit.object_type_of(obj): [str(obj.pk)]}
    if not relateds:
        return ids
    sql, params = _union_sql(type(obj), relateds)
    with connection.cursor() as cursor:
        cursor.execute(sql, [obj.pk if param == _PLACEHOLDER_PK else param for param in params])
        for object_type, object_id in cursor.fetchall():
            ids.setdefault(object_type, []).append(object_id)
    return ids


def _condition(obj: models.Model, relateds) -> Q:
    # Literal id lists rather than subqueries: the access log then uses its (type, id, time) index for
    # each type, instead of walking the whole log in time order and testing every row (measured: 2 s
    # against 5 ms on a million rows, see docs/privacy.md).
    condition = Q(pk__in=[])
    for object_type, object_ids in _ids_of(obj, relateds).items():
        condition |= Q(object_type=object_type, object_id__in=object_ids)
    return condition


@cache
def _content_of(model: type[models.Model]) -> tuple[Related, ...]:
    return tuple(_cascade_below(model, "", set()))


def object_condition(obj: models.Model) -> Q:
    """The access-log rows about ``obj`` (e.g. a grant application) and what cascades from it."""
    return _condition(obj, _content_of(type(obj)))
