from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Gebruikers en inloggen")

    def ready(self) -> None:
        from accounts import rules  # noqa: F401  (registers the permissions)
        from accounts.user_views import users_panel
        from core import dashboard, navigation
        from core.models import Role

        navigation.register(_("Gebruikers"), "accounts:user_list", (Role.ADMIN,), order=890)
        dashboard.register_panel("accounts/panels/users.html", users_panel, (Role.ADMIN,), order=890)
