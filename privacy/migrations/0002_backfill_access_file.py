"""Fill ``AccessLog.file_case_id`` for the rows written before ``core.audit.record`` set it.

One UPDATE per model of a case file (``privacy.case_file.file_models``), each joining the log's
``(object_type, object_id)`` to the model's primary key and reading the lookup to the case. The live
models are used on purpose: the case file is derived from them. Tables that do not exist yet (a model
whose migration runs later) are skipped: their rows cannot predate them. On PostgreSQL the append-only
trigger is switched off for the UPDATE and back on in the same transaction; the column is an index to
rows already recorded, not a change of what they record.
"""

from django.db import migrations
from django.db.models import BigIntegerField, OuterRef, Subquery
from django.db.models.functions import Cast


def backfill(apps, schema_editor):
    from cases.models import Case
    from core.models import AccessLog
    from privacy.case_file import file_models

    connection = schema_editor.connection
    log = AccessLog.objects.using(connection.alias).filter(file_case_id__isnull=True)
    if not log.exists():
        return
    tables = set(connection.introspection.table_names())
    postgres = connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("ALTER TABLE core_accesslog DISABLE TRIGGER core_accesslog_append_only")
    log.filter(object_type=Case._meta.label_lower, object_id__regex=r"^[0-9]+$").update(
        file_case_id=Cast("object_id", BigIntegerField())
    )
    for related in file_models():
        model = related.model
        if model._meta.db_table not in tables or model._meta.pk.get_internal_type() not in {
            "AutoField",
            "BigAutoField",
        }:
            continue
        case_of = model._default_manager.using(connection.alias).filter(
            pk=Cast(OuterRef("object_id"), BigIntegerField())
        )
        log.filter(object_type=model._meta.label_lower, object_id__regex=r"^[0-9]+$").update(
            file_case_id=Subquery(case_of.values(related.path)[:1])
        )
    if postgres:
        schema_editor.execute("ALTER TABLE core_accesslog ENABLE TRIGGER core_accesslog_append_only")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_accesslog_file_case"),
        ("privacy", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
