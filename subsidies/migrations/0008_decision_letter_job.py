"""The decision letter becomes a generated-file job (``core.jobs.GeneratedFile``): its fields.

The public id and the requester are nullable here, filled in 0009 and required in 0010. Three
migrations, so three transactions: on PostgreSQL a table cannot be altered (nor its foreign key's index
made) in the transaction that just wrote rows with that foreign key.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import subsidies.models

JOB_STATUSES = [
    ("queued", "In de wachtrij"),
    ("running", "Wordt gemaakt"),
    ("done", "Klaar"),
    ("failed", "Mislukt"),
    ("expired", "Verlopen"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0007_queue_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="decisionletter",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="decisionletter",
            name="requested_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="aangevraagd door",
            ),
        ),
        migrations.AddField(
            model_name="decisionletter",
            name="status",
            field=models.CharField(
                choices=JOB_STATUSES, default="queued", max_length=8, verbose_name="status"
            ),
        ),
        migrations.AddField(
            model_name="decisionletter",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="voortgang"),
        ),
        migrations.AddField(
            model_name="decisionletter",
            name="error",
            field=models.CharField(blank=True, max_length=300, verbose_name="foutmelding"),
        ),
        migrations.AddField(
            model_name="decisionletter",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="pogingen"),
        ),
        migrations.AddField(
            model_name="decisionletter",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="aangevraagd op"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="decisionletter",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="gestart op"),
        ),
        migrations.AddField(
            model_name="decisionletter",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="klaar op"),
        ),
        migrations.AlterField(
            model_name="decisionletter",
            name="file",
            field=models.FileField(blank=True, upload_to=subsidies.models.letter_upload_to),
        ),
        migrations.AlterField(
            model_name="decisionletter",
            name="sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
    ]
