"""Destroying a case file: its personal data and documents go, its anonymous figures stay.

What goes, for the case and every row of its content (``privacy.case_file.content_models``):
every free text (a text field without choices that is not a unique key: names, contact details,
descriptions, what was said, the help question, ...), every JSON snapshot (earlier versions of steps),
the youth's birth year, and every row that holds a stored file (documents; the stored files are deleted
through the storage once the transaction commits).

What stays: the case's reference, status, dates and choices (region, municipality, team, living
situation, outcome, urgency, risks), counts and the links to professionals' user accounts, so regional
reports count the case as before. A free text a report classifies (school and daytime activity, see
``reports.figures.flow.classify_school``) is replaced by one word of its category instead of emptied,
so the report keeps counting it where it did. The access log is never touched; the destruction adds its own row.

Grant applications and learning cases point at a case without being part of it; they follow their own
retention (subsidy administration, pseudonymised learning material) and are left as they are.
"""

from __future__ import annotations

from django.db import models, transaction

from cases.models import Case
from expertteams.models import Outcome
from privacy.case_file import content_models
from reports.figures.flow import classify_school

# What a required text becomes; optional texts become empty.
PLACEHOLDER = "vernietigd"

# Free texts a regional report sorts into categories: the classifier, and one word per category
# that the classifier puts back in the same category.
SCHOOL_WORDS = {"school": "school", "work": "werk", "none": "geen", "other": "anders", "missing": ""}
FIGURE_TEXTS: dict[tuple[type[models.Model], str], tuple] = {
    (Case, "history_school"): (classify_school, SCHOOL_WORDS),
    (Outcome, "school_or_daytime_activity"): (classify_school, SCHOOL_WORDS),
}

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


def _categories(model: type[models.Model], rows: models.QuerySet) -> list[tuple[str, str, list]]:
    """For each text of ``model`` a report classifies: (field, its category's word, the row ids)."""
    plan = []
    for (figure_model, field), (classify, words) in FIGURE_TEXTS.items():
        if figure_model is not model:
            continue
        by_category: dict[str, list] = {}
        for pk, text in rows.values_list("pk", field):
            by_category.setdefault(classify(text), []).append(pk)
        plan.extend((field, words[category], pks) for category, pks in by_category.items())
    return plan


def _blank(model: type[models.Model], rows: models.QuerySet) -> None:
    """Blank the rows' personal data; texts a report classifies keep their category (read first)."""
    plan = _categories(model, rows)
    values = blanked_values(model)
    if values:
        rows.update(**values)
    for field, word, pks in plan:
        model._default_manager.filter(pk__in=pks).update(**{field: word})


def destroy_case_data(case: Case) -> None:
    """Remove the personal data and files of ``case`` (see the module docstring). Call inside the
    caller's transaction, with the case locked; the caller records the destruction in the access log."""
    for related in content_models():
        rows = related.rows_of(case)
        fields = _file_fields(related.model)
        if fields:
            _delete_rows_with_files(rows, fields)
            continue
        _blank(related.model, rows)
    _blank(Case, Case.objects.filter(pk=case.pk))
