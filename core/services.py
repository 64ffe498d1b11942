"""Writes of core that run from the beat schedule: the warning that next year's decree days are missing
from the calendar (``warn_missing_decree_days``), and the expiry of generated files
(``expire_files``: the regional and access reports and the printed case files call it)."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import selectors
from core.jobs import GeneratedFile, JobStatus
from core.models import CalendarWarning


def warn_missing_decree_days(*, today: date | None = None) -> bool:
    """Warn the administrators (once per year, guaranteed by a unique row) when next year has no
    decree days (Atw art. 3(3)) in the calendar yet. Returns whether a warning was sent now."""
    year = (today or timezone.localdate()).year + 1
    if selectors.has_decree_days(year):
        return False
    try:
        with transaction.atomic():
            CalendarWarning.objects.create(year=year)
    except IntegrityError:
        return False  # already warned for this year
    recipients = selectors.administrator_emails()
    if recipients:
        link = settings.SITE_URL + reverse("admin:core_nonworkingday_changelist")
        send_mail(
            _("Jeugdcasus: werkdagenkalender %(year)s aanvullen") % {"year": year},
            _(
                "Voor %(year)s zijn nog geen bij besluit gelijkgestelde dagen (Algemene termijnenwet art. 3 lid 3) "
                "ingevoerd. Termijnen die in %(year)s vallen, kunnen daardoor te kort worden berekend.\n\n"
                "Vul de kalender aan: %(link)s"
            )
            % {"year": year, "link": link},
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    return True


def expire_files(model: type[GeneratedFile], *, now: datetime) -> int:
    """Delete the files of ``model``'s jobs (a ``GeneratedFile`` with an ``expires_at``) that expired at
    ``now`` and mark them expired. Returns how many."""
    count = 0
    for job in model.objects.filter(expires_at__lte=now).exclude(status=JobStatus.EXPIRED).iterator():
        if job.file:
            job.file.delete(save=False)
        job.status, job.file = JobStatus.EXPIRED, ""
        job.save(update_fields=["status", "file"])
        count += 1
    return count
