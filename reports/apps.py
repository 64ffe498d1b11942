from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapportages")

    def ready(self):
        from core import dashboard, navigation
        from core.models import Role
        from reports import dashboard as figures
        from reports import views

        navigation.register(
            _("Rapportages"), "reports:index", roles=(Role.MUNICIPAL, Role.COORDINATOR), order=60
        )
        dashboard.register_panel(
            "reports/panels/figures.html", figures.panel_context, roles=(Role.MUNICIPAL,), order=55
        )
        dashboard.register_panel("reports/panels/recent.html", views.panel, roles=(Role.MUNICIPAL,), order=60)
