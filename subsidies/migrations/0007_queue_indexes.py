"""The committee queue's order over the undecided applications (``subsidies.queue``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0006_provider_side"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="grantapplication",
            index=models.Index(
                condition=models.Q(("status__in", ["ingediend", "opgeschort"])),
                fields=["decision_due", "received_at", "id"],
                name="grant_queue_idx",
            ),
        ),
    ]
