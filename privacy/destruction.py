"""Destroying a case file: its personal data and documents go, its anonymous figures stay.

What goes, for the case and every row of its content (``privacy.case_file.content_models``):
every free text (a text field without choices that is not a unique key: names, contact details,
descriptions, what was said, the help question, ...), every JSON snapshot (earlier versions of steps),
the youth's birth year, and every row that holds a stored file (documents; the stored files are deleted
through the storage once the transaction commits).

What stays: the case's reference, status, dates and choices (region, municipality, team, living
situation, outcome, urgency, risks), counts and the links to professionals' user accounts, so regional
reports count the case as before. The access log is never touched; the destruction adds its own row.

Grant applications and learning cases point at a case without being part of it; they follow their own
retention (subsidy administration, pseudonymised learning material) and are left as they are.
"""

from __future__ import annotations

from django.db import models, transaction

from cases.models import Case
from privacy.case_file import content_models

# What a required text becomes; optional texts become empty.
PLACEHOLDER = "vernietigd"

# Identifying numbers, by model: the field and what it becomes.
IDENTIFYING_NUMBERS: dict[type[models.Model], dict[str, int]] = {Case: {"youth_birth_year": 0}}


def _is_free_text(field: models.Field) -> bool:
    return (
        isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.unique
        and not field.primary_key
    )


def blanked_values(model: type[models.Model]) -> dict[str, object]:
    """The update that removes the personal data of ``model``'s rows."""
    values: dict[str, object] = {}
    for field in model._meta.concrete_fields:
        if _is_free_text(field):
            values[field.attname] = "" if field.blank else PLACEHOLDER[: field.max_length or None]
        elif isinstance(field, models.JSONField):
            values[field.attname] = None if field.null else {}
    values.update(IDENTIFYING_NUMBERS.get(model, {}))
    return values


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _delete_rows_with_files(rows: models.QuerySet, fields: list[models.FileField]) -> None:
    stored = [
        (field.storage, name)
        for field in fields
        for name in rows.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
        if name
    ]
    rows.delete()

    def remove_files() -> None:
        for storage, name in stored:
            storage.delete(name)

    transaction.on_commit(remove_files)


def destroy_case_data(case: Case) -> None:
    """Remove the personal data and files of ``case`` (see the module docstring). Call inside the
    caller's transaction, with the case locked; the caller records the destruction in the access log."""
    for related in content_models():
        rows = related.rows_of(case)
        fields = _file_fields(related.model)
        if fields:
            _delete_rows_with_files(rows, fields)
            continue
        values = blanked_values(related.model)
        if values:
            rows.update(**values)
    Case.objects.filter(pk=case.pk).update(**blanked_values(Case))
