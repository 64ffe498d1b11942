from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from cases.sections import register_case_section, register_case_tab
        from core import audit, dashboard, navigation
        from core.models import Role
        from privacy import rules  # noqa: F401  (registers the permissions)
        from privacy.admin_views import admin_panel
        from privacy.case_file import case_id_of, case_ids_of_rows
        from privacy.views import access_section_context

        # Every access-log row names the case file it belongs to (``AccessLog.file_case_id``).
        audit.register_file_resolver(case_id_of, case_ids_of_rows)
        # The last tab of the case page.
        register_case_tab("inzage", _("Inzage"), order=900)
        register_case_section("privacy/case_accesses_section.html", access_section_context, tab="inzage")
        navigation.register(_("Toegangslog"), "privacy:access_log", roles=(Role.ADMIN,), order=900)
        navigation.register(_("Privacy"), "privacy:index", roles=(Role.ADMIN,), order=910)
        dashboard.register_panel("privacy/panels/admin.html", admin_panel, roles=(Role.ADMIN,), order=910)
