"""``manage.py create_administrator --email … --first-name … --last-name …``: the installation's first
functional administrator (``accounts.services.create_first_administrator``). Prints the invitation link
as well as e-mailing it, for an installation whose mail is not set up yet."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.services import create_first_administrator, invitation_url


class Command(BaseCommand):
    help = "Maak de eerste functioneel beheerder aan en stuur de uitnodiging (eenmalig per installatie)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)

    def handle(self, *args, email, first_name, last_name, **options):
        try:
            user = create_first_administrator(email=email, first_name=first_name, last_name=last_name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Functioneel beheerder {user.email} aangemaakt. Uitnodiging (ook per e-mail):")
        self.stdout.write(invitation_url(user))
