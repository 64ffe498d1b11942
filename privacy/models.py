"""Privacy records kept beside the case: the client's access reports (AVG art. 15), the retention
reviews of closed files (Jeugdwet 7.3.8) and erasure requests (AVG art. 17, Jeugdwet 7.3.9).

None of them copies personal data of the case: they point at it and hold dates, decisions and reasons.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from core.fields import (
    default_report_expiry,  # noqa: F401  (the initial migration names it here)
    optional_user,
    required_ref,
    required_user,
)
from core.jobs import PeriodReport, generated_upload_to


class ClientParty(models.TextChoices):
    """Who exercises the client's rights: the youth, a parent, or their representative. An access
    report is made for one of them (``Recipient``), an erasure request comes from one (``Requester``)."""

    YOUTH = "jongere", _("Jongere")
    PARENT = "ouder", _("Ouder of gezaghebbende")
    REPRESENTATIVE = "vertegenwoordiger", _("Wettelijk vertegenwoordiger of voogd")


Recipient = ClientParty
Requester = ClientParty


# The initial migration names the upload path by this name.
access_report_upload_to = generated_upload_to


class AccessReport(PeriodReport):
    """The client's access report: every access to one case file over a period, as a PDF."""

    case = required_ref(Case, _("casus"))
    recipient = models.CharField(_("voor"), max_length=20, choices=Recipient.choices)

    task_name = "privacy.tasks.build_access_report"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("inzageverslag")
        verbose_name_plural = _("inzageverslagen")
        indexes = [models.Index(fields=["case", "-created_at"], name="access_report_case_idx")]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.period_label}"

    def upload_folder(self) -> str:
        return f"privacy/{self.public_id}"

    @property
    def filename(self) -> str:
        return f"inzageverslag-{self.case.reference}-{self.period_slug}.pdf"

    def build(self, progress) -> bytes:
        from privacy.access_report import build_pdf  # noqa: PLC0415  (WeasyPrint loads lazily)

        return build_pdf(self, progress)

    def link(self) -> str:
        return settings.SITE_URL + reverse("privacy:access_report", args=[self.public_id])


class RetentionDecision(models.TextChoices):
    PENDING = "pending", _("Wacht op besluit")
    KEEP = "keep", _("Langer bewaren")
    DESTROY = "destroy", _("Vernietigd")


class RetentionReview(models.Model):
    """A closed file whose retention period has passed, put before an administrator.

    Listed by the periodic job (``services.list_due_files``); one open review per case at a time, and a
    case is destroyed at most once (both enforced by the database). "Keep" needs a reason and a date
    until which the file is kept; after that date the job lists it again.
    """

    case = required_ref(Case, _("casus"))
    destroy_not_before = models.DateField(_("niet vernietigen vóór"))
    listed_at = models.DateTimeField(_("gesignaleerd op"), auto_now_add=True)
    decision = models.CharField(
        _("besluit"), max_length=8, choices=RetentionDecision.choices, default=RetentionDecision.PENDING
    )
    reason = models.TextField(_("reden"), blank=True)
    keep_until = models.DateField(_("bewaren tot"), null=True, blank=True)
    decided_by = optional_user(_("besloten door"), on_delete=models.PROTECT)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        ordering = ["destroy_not_before", "id"]
        verbose_name = _("bewaartermijnbesluit")
        verbose_name_plural = _("bewaartermijnbesluiten")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(decision="pending"), name="one_open_retention_review"
            ),
            models.UniqueConstraint(fields=["case"], condition=Q(decision="destroy"), name="one_destruction"),
        ]
        indexes = [models.Index(fields=["decision", "destroy_not_before"], name="retention_decision_idx")]

    def __str__(self) -> str:
        return f"{self.case.reference} ({self.get_decision_display()})"


class ErasureStatus(models.TextChoices):
    RECEIVED = "ontvangen", _("Ontvangen")
    ASSESSED = "beoordeeld", _("Beoordeeld")
    EXECUTED = "uitgevoerd", _("Uitgevoerd")
    REFUSED = "geweigerd", _("Geweigerd")


class ErasureRequest(models.Model):
    """A request to destroy a case file (AVG art. 17, Jeugdwet 7.3.9): received → assessed → executed
    or refused, to be settled within three months of receipt (``deadline``)."""

    case = required_ref(Case, _("casus"))
    requester = models.CharField(_("verzoek van"), max_length=20, choices=Requester.choices)
    received_on = models.DateField(_("ontvangen op"))
    deadline = models.DateField(_("uiterlijk afhandelen op"))
    status = models.CharField(
        _("status"), max_length=12, choices=ErasureStatus.choices, default=ErasureStatus.RECEIVED
    )
    assessment = models.TextField(_("beoordeling"), blank=True)
    refusal_reason = models.TextField(_("reden van weigering"), blank=True)
    recorded_by = required_user(_("vastgelegd door"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    assessed_by = optional_user(on_delete=models.PROTECT)
    assessed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    closed_by = optional_user(on_delete=models.PROTECT)
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    OPEN = (ErasureStatus.RECEIVED, ErasureStatus.ASSESSED)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("verwijderverzoek")
        verbose_name_plural = _("verwijderverzoeken")
        indexes = [models.Index(fields=["status", "deadline"], name="erasure_status_deadline_idx")]

    def __str__(self) -> str:
        return f"{self.case.reference} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def days_left(self, today: date | None = None) -> int:
        return (self.deadline - (today or timezone.localdate())).days
