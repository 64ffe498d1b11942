from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = _("Subsidies")

    def ready(self) -> None:
        from cases.sections import register_case_section
        from core import dashboard, navigation
        from core.models import Role
        from subsidies import rules  # noqa: F401  (registers the permissions)
        from subsidies.panels import scores_missing_panel
        from subsidies.views import case_section_context, committee_panel, provider_panel

        register_case_section("subsidies/case_section.html", case_section_context, order=50)

        roles = (Role.FACILITATOR, Role.COORDINATOR, Role.PROVIDER, Role.COMMITTEE)
        navigation.register(_("Subsidies"), "subsidies:list", roles=roles, order=40)
        navigation.register(_("Beoordelen"), "subsidies:committee", roles=(Role.COMMITTEE,), order=41)
        dashboard.register_panel(
            "subsidies/panels/committee.html", committee_panel, roles=(Role.COMMITTEE,), order=30
        )
        dashboard.register_panel(
            "subsidies/panels/scores_missing.html", scores_missing_panel, roles=(Role.COMMITTEE,), order=31
        )
        dashboard.register_panel(
            "subsidies/panels/provider.html", provider_panel, roles=(Role.PROVIDER,), order=30
        )
