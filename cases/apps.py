from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Casussen")

    def ready(self) -> None:
        from cases import rules  # noqa: F401  (registers the permissions)
        from cases.sections import register_case_section, register_case_tab
        from cases.views import my_cases_panel, record_context
        from core import dashboard, navigation
        from core.models import Role

        register_case_tab("registratie", _("Registratie"), order=10)
        register_case_section("cases/_case_record.html", record_context, tab="registratie")
        workers = (Role.FACILITATOR, Role.COORDINATOR)
        navigation.register(_("Casussen"), "cases:list", roles=workers, order=10)
        navigation.register(_("Nieuwe aanmelding"), "cases:create", roles=workers, order=20)
        dashboard.register_panel("cases/panels/my_cases.html", my_cases_panel, roles=workers, order=10)
