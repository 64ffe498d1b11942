"""The themes of the Flevoland action-learning results (seed 004); administrators add more in the admin."""

from django.db import migrations

THEMES = [
    "wisselende plekken",
    "problematiek al voor de geboorte",
    "ambulante hulp niet systeemgericht",
    "onduidelijke hulpvraag",
    "rol van ouders",
    "diagnose bijgesteld",
    "24-uurszorg werkt verhardend",
    "continuïteit van zorg",
    "verloop van personeel",
]


def load(apps, schema_editor):
    Theme = apps.get_model("learning", "Theme")
    for name in THEMES:
        Theme.objects.get_or_create(name=name)


def unload(apps, schema_editor):
    Theme = apps.get_model("learning", "Theme")
    Theme.objects.filter(name__in=THEMES, findings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
