"""Stored decision letters become finished jobs, requested by the member who decided. A decided
application that has no letter yet (its task died before this release) gets a queued job, which
``core.tasks.recover_stuck_jobs`` starts, as ``subsidies.tasks.generate_missing_letters`` did."""

import uuid

from django.db import migrations


def letters_become_jobs(apps, schema_editor):
    DecisionLetter = apps.get_model("subsidies", "DecisionLetter")
    Decision = apps.get_model("subsidies", "Decision")
    decided_by = dict(Decision.objects.values_list("application_id", "decided_by_id"))
    letters = list(DecisionLetter.objects.order_by("pk"))
    for letter in letters:
        letter.public_id = uuid.uuid4()
        letter.requested_by_id = decided_by[letter.application_id]
        letter.status, letter.progress, letter.attempts = "done", 100, 1
        letter.created_at = letter.started_at = letter.finished_at = letter.generated_at
    DecisionLetter.objects.bulk_update(
        letters,
        [
            "public_id",
            "requested_by",
            "status",
            "progress",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
        ],
        batch_size=1000,
    )
    missing = Decision.objects.filter(application__decision_letter__isnull=True).order_by("pk")
    DecisionLetter.objects.bulk_create(
        [
            DecisionLetter(
                application_id=decision.application_id,
                requested_by_id=decision.decided_by_id,
                generated_at=decision.decided_at,
                public_id=uuid.uuid4(),
                status="queued",
            )
            for decision in missing
        ],
        batch_size=1000,
    )


def unfinished_letters_go(apps, schema_editor):
    """Back to letters without a status: a letter not yet made is made again by the old sweep."""
    apps.get_model("subsidies", "DecisionLetter").objects.exclude(status="done").delete()


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0008_decision_letter_job")]

    operations = [migrations.RunPython(letters_become_jobs, unfinished_letters_go)]
