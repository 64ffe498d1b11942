from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = _("Subsidies")

    def ready(self) -> None:
        from cases.sections import register_case_section, register_case_tab
        from core import dashboard, navigation
        from core.models import Role
        from subsidies import rules  # noqa: F401  (registers the permissions)
        from subsidies.panels import scores_missing_panel
        from subsidies.views import case_section_context, committee_panel, provider_panel

        register_case_tab("subsidies", _("Subsidieaanvragen"), order=50)
        register_case_section("subsidies/case_section.html", case_section_context, tab="subsidies")

        # A day added to or removed from the calendar moves the due dates of the terms it falls in.
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from core.models import NonWorkingDay
        from subsidies.lifecycle import refresh_due_dates

        def calendar_changed(sender, instance, **kwargs):
            transaction.on_commit(lambda: refresh_due_dates(changed_day=instance.date))

        post_save.connect(calendar_changed, sender=NonWorkingDay, dispatch_uid="subsidies-calendar-changed")
        post_delete.connect(
            calendar_changed, sender=NonWorkingDay, dispatch_uid="subsidies-calendar-changed-delete"
        )

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
