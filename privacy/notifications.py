"""E-mails of the privacy app. They carry counts and links, never a case reference or a name."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from core.selectors import administrator_emails


def tell_administrators_files_due(count: int) -> None:
    recipients = administrator_emails()
    if not recipients:
        return
    send_mail(
        _("Jeugdcasus: dossiers wachten op een besluit over vernietiging"),
        _(
            "De bewaartermijn van %(count)s afgesloten dossier(s) is verstreken. Besluit per dossier of het "
            "wordt vernietigd of langer bewaard (met reden):\n\n%(link)s"
        )
        % {"count": count, "link": settings.SITE_URL + reverse("privacy:retention")},
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
