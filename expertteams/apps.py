from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertteamsConfig(AppConfig):
    name = "expertteams"
    verbose_name = _("Expertteams")
