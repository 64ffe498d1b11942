from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Leernetwerken")

    def ready(self) -> None:
        from cases.models import Consent
        from core import dashboard, navigation
        from core.models import Role
        from learning import rules  # noqa: F401  (registers the permissions)
        from learning.panels import upcoming_panel
        from learning.signals import consent_changed
        from learning.views import learner_panel

        # ``cases`` cannot import ``learning``: withdrawing a consent there must still unlink the
        # learning cases at once, so this cross-cutting hook listens to every consent change.
        post_save.connect(consent_changed, sender=Consent, dispatch_uid="learning_consent_saved")
        post_delete.connect(consent_changed, sender=Consent, dispatch_uid="learning_consent_deleted")

        navigation.register(
            _("Leernetwerk"),
            "learning:track_list",
            roles=(Role.LEARNER, Role.FACILITATOR, Role.COORDINATOR, Role.MUNICIPAL),
            order=60,
        )
        dashboard.register_panel(
            "learning/panels/learner.html", learner_panel, roles=(Role.LEARNER,), order=40
        )
        dashboard.register_panel(
            "learning/panels/upcoming.html", upcoming_panel, roles=(Role.LEARNER,), order=35
        )
