"""What belongs to a case file, found from the models themselves rather than listed by hand.

The *content* of a case is every row that would be deleted with it: the models reachable from ``Case``
through reverse foreign keys and one-to-one keys with ``on_delete=CASCADE`` (persons, consents,
documents, timeline steps and their details, ...). A model another app adds later is part of the file
as soon as it cascades from the case, without a change here.

The *file* as the access log sees it is the case, its content, and the records that point at the case
without being part of it (a grant application, a linked learning case) with their own content. This
module turns that into one SQL condition on ``AccessLog``: the ids of the file's rows are collected in
one query, whatever the size of the file, and the access log is then read through its index.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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


def file_ids_sql(case: Case) -> tuple[str, list]:
    """SQL and parameters of ``(object_type, object_id)`` for the case and every row of its file."""
    sql, params = _union_sql(Case, file_models())
    return (
        f"SELECT CAST(%s AS varchar), CAST(%s AS varchar) UNION ALL {sql}",
        [audit.object_type_of(case), str(case.pk), *[case.pk if p == _PLACEHOLDER_PK else p for p in params]],
    )


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


def access_log_condition(case: Case) -> Q:
    """The access-log rows about ``case``'s file: the case itself and every record of ``file_models``
    (one query to collect the ids)."""
    return _condition(case, file_models())


def _ids_as_text(related: Related, parent: models.Model) -> QuerySet:
    return related.rows_of(parent).order_by().annotate(_id_text=Cast("pk", CharField())).values("_id_text")


def access_log_union(case: Case, base: QuerySet) -> QuerySet:
    """``base`` (a queryset of ``AccessLog``) restricted to ``case``'s file in ONE query: a UNION ALL of one
    branch per object type, each with its ids as a subquery at the top level of its branch, so the
    database looks each type up in the access log's (type, id, time) index. For the case page, whose
    query budget allows its privacy section a single query; ``access_log_condition`` is the same set in
    two cheaper queries. Order and slice the result; the branches cannot be filtered afterwards."""
    base = base.order_by()
    branches = [base.filter(object_type=audit.object_type_of(case), object_id=str(case.pk))]
    branches += [
        base.filter(object_type=related.model._meta.label_lower, object_id__in=_ids_as_text(related, case))
        for related in file_models()
    ]
    return branches[0].union(*branches[1:], all=True)


@cache
def _content_of(model: type[models.Model]) -> tuple[Related, ...]:
    return tuple(_cascade_below(model, "", set()))


def object_condition(obj: models.Model) -> Q:
    """The access-log rows about ``obj`` (e.g. a grant application) and what cascades from it."""
    return _condition(obj, _content_of(type(obj)))
