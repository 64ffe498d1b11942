from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertteamsConfig(AppConfig):
    name = "expertteams"
    verbose_name = _("Expertteams")

    def ready(self) -> None:
        from cases.sections import register_case_section, register_case_tab
        from core import dashboard, navigation
        from core.models import Role
        from expertteams import rules  # noqa: F401  (registers the permissions)
        from expertteams.care_views import care_context
        from expertteams.links import AFTERCARE_TAB
        from expertteams.panels import my_day_panel, workload_panel
        from expertteams.views import signals_panel, timeline_context

        # The timeline is the work on a case: it comes first, and its "Stap toevoegen" sits in the header.
        register_case_section(
            "expertteams/case_timeline.html",
            timeline_context,
            order=5,
            actions_template="expertteams/_add_step.html",
        )
        register_case_tab("", _("Tijdlijn"), order=0)
        register_case_tab(AFTERCARE_TAB, _("Evaluatie en nazorg"), order=20)
        register_case_section("expertteams/case_care.html", care_context, tab=AFTERCARE_TAB)
        navigation.register(
            _("Mijn acties"), "expertteams:my_actions", roles=(Role.FACILITATOR, Role.COORDINATOR), order=30
        )
        navigation.register(
            _("Evaluatie en nazorg"),
            "expertteams:my_follow_ups",
            roles=(Role.FACILITATOR, Role.COORDINATOR),
            order=35,
        )
        dashboard.register_panel(
            "expertteams/panels/signals.html",
            signals_panel,
            roles=(Role.FACILITATOR, Role.COORDINATOR),
            order=20,
        )
        dashboard.register_panel(
            "expertteams/panels/my_day.html", my_day_panel, roles=(Role.FACILITATOR,), order=5
        )
        dashboard.register_panel(
            "expertteams/panels/workload.html", workload_panel, roles=(Role.COORDINATOR,), order=8
        )
