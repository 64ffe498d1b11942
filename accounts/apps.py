from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Gebruikers en inloggen")

    def ready(self) -> None:
        from accounts import rules  # noqa: F401  (registers the permissions)
        from core import navigation
        from core.models import Role

        navigation.register(_("Gebruikers"), "accounts:user_list", (Role.ADMIN,), order=890)
