from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Casussen")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from cases import rules  # noqa: F401  (registers the permissions)
        from cases.selectors import forget_stalled_before
        from cases.views import my_cases_panel
        from core import dashboard, navigation
        from core.models import NonWorkingDay, Role

        workers = (Role.FACILITATOR, Role.COORDINATOR)
        navigation.register(_("Casussen"), "cases:list", roles=workers, order=10)
        navigation.register(_("Nieuwe aanmelding"), "cases:create", roles=workers, order=20)
        dashboard.register_panel("cases/panels/my_cases.html", my_cases_panel, roles=workers, order=10)
        # The "stalled" threshold is cached; a change of the calendar must be seen at once.
        for signal in (post_save, post_delete):
            signal.connect(
                forget_stalled_before, sender=NonWorkingDay, dispatch_uid=f"cases_calendar_{signal}"
            )
