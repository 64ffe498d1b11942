import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.demo import DEMO_ACCOUNT_DESCRIPTIONS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice gives the same data)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args, force=False, quiet_accounts=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo loads demo accounts with a public password; with DEBUG off use --force."
            )
        for app_config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodata geladen."))
        if not quiet_accounts:
            self.stdout.write(f"Demo-accounts (wachtwoord: {DEMO_PASSWORD}):")
            for username, description in DEMO_ACCOUNT_DESCRIPTIONS.items():
                self.stdout.write(f"  {username:<18} {description}")
