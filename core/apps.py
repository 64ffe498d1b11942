from django.apps import AppConfig
from django.db.models.signals import class_prepared
from django.utils.translation import gettext_lazy as _

from core import choices

# Before any model class is made (apps are loaded before their models): one label per display.
class_prepared.connect(choices.install)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Basis")

    def ready(self):
        from core import dashboard, navigation, throttle, validation, views  # noqa: F401  (throttle: login-failure counter)
        from core.models import Role

        # Every form field of the project gets its length and date bounds (core/validation.py).
        validation.install()
        navigation.register(_("Overzicht"), "core:dashboard", tuple(Role.values), order=0)
        dashboard.register_panel("core/panels/admin.html", views.admin_panel, (Role.ADMIN,), order=900)
