"""The grant pipeline: schemes, calls, budgets, applications, committee scores and decisions,
reminders and decision letters (DESIGN.md, "The grant pipeline"). Requests for completion
(suspension, Awb 4:15) live in ``subsidies.models.suspension``.

Status changes happen only in ``subsidies.services``. URLs carry ``reference`` or ``public_id``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from core.fields import optional_ref, optional_user, required_ref, required_user
from core.jobs import GeneratedFile, generated_upload_to
from core.models import ExpertTeam, NamedModel, Organisation
from core.private_files import PrivateFile, private_upload_to
from subsidies.deadlines import DEFAULT_DECISION_WORKING_DAYS, decision_due_date

DEFAULT_CONDITIONS = (
    "U besteedt de subsidie aan de activiteiten en kosten waarvoor zij is verleend.\n"
    "U meldt wijzigingen die gevolgen kunnen hebben voor de subsidie direct aan de beoordelingscommissie.\n"
    "U bewaart de facturen en betaalbewijzen tot vijf jaar na de vaststelling.\n"
    "Binnen drie maanden na afloop van de activiteiten legt u verantwoording af over de besteding."
)


class SchemeKind(models.TextChoices):
    CASE_BOUND = "case_bound", _("Casuïstiekgebonden")
    NON_CASE_BOUND = "non_case_bound", _("Niet-casuïstiekgebonden")
    NETWORK = "network", _("Samen dragen netwerken")


class GrantScheme(NamedModel):
    """A grant scheme (regeling) with its decision term, yearly ceiling and committee."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=SchemeKind.choices)
    description = models.TextField(_("omschrijving"), blank=True)
    decision_working_days = models.PositiveSmallIntegerField(
        _("beslistermijn (werkdagen)"),
        default=DEFAULT_DECISION_WORKING_DAYS,
        help_text=_("Casuïstiekgebonden: 5 werkdagen."),
    )
    yearly_budget = models.DecimalField(_("budgetplafond per jaar"), max_digits=12, decimal_places=2)
    max_per_application = models.DecimalField(
        _("maximum per aanvraag"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    chair = optional_user(_("voorzitter commissie"), related_name="chaired_schemes")
    committee_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="committee_schemes",
        verbose_name=_("commissieleden"),
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=2,
        help_text=_(
            "Aantal commissieleden dat alle criteria moet scoren voor een besluit "
            "(alleen regelingen met scores)."
        ),
    )
    conditions = models.TextField(
        _("voorwaarden en verplichtingen"),
        blank=True,
        default=DEFAULT_CONDITIONS,
        help_text=_("Staat in elke toekenningsbeschikking van deze regeling."),
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta(NamedModel.Meta):
        verbose_name = _("subsidieregeling")
        verbose_name_plural = _("subsidieregelingen")

    @property
    def is_case_bound(self) -> bool:
        return self.kind == SchemeKind.CASE_BOUND

    @property
    def needs_scores(self) -> bool:
        """Non-case-bound and network applications are scored by at least two members before a decision."""
        return self.kind != SchemeKind.CASE_BOUND

    def within_maximum(self, amount: Decimal) -> bool:
        """``amount`` does not exceed the maximum per application (a scheme without one has no limit)."""
        return self.max_per_application is None or amount <= self.max_per_application


class ScoringCriterion(models.Model):
    scheme = models.ForeignKey(GrantScheme, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterium"), max_length=200)
    max_score = models.PositiveSmallIntegerField(_("maximale score"), default=10)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("beoordelingscriterium")
        verbose_name_plural = _("beoordelingscriteria")
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="unique_criterion_per_scheme")]

    def __str__(self) -> str:
        return self.name


class SchemeBudget(models.Model):
    """The budget of a scheme in one year. ``granted_total`` only changes under a row lock."""

    scheme = models.ForeignKey(GrantScheme, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("jaar"))
    ceiling = models.DecimalField(_("plafond"), max_digits=12, decimal_places=2)
    granted_total = models.DecimalField(_("toegekend"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["scheme", "-year"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgetten")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="unique_scheme_budget_year"),
            models.CheckConstraint(
                condition=Q(granted_total__lte=models.F("ceiling")), name="budget_granted_within_ceiling"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year}"

    @property
    def remaining(self):
        return self.ceiling - self.granted_total


class Call(models.Model):
    """A call for proposals (ronde) of a scheme; submissions after ``closes_at`` are refused."""

    scheme = models.ForeignKey(GrantScheme, on_delete=models.CASCADE, related_name="calls")
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    opens_at = models.DateTimeField(_("open vanaf"))
    closes_at = models.DateTimeField(
        _("sluit op"), help_text=_("Bijvoorbeeld 1 juni 23:59:59 (Europe/Amsterdam).")
    )

    class Meta:
        ordering = ["closes_at", "id"]
        verbose_name = _("indieningsronde")
        verbose_name_plural = _("indieningsrondes")
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="unique_call_per_scheme")]
        indexes = [models.Index(fields=["closes_at"], name="call_closes_at_idx")]

    def __str__(self) -> str:
        return self.name


class ApplicationCounter(models.Model):
    """The last sequence number used for application references per year (locked when used)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)


class ApplicationStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "ingediend", _("Ingediend")
    GRANTED = "toegekend", _("Toegekend")
    REJECTED = "afgewezen", _("Afgewezen")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")
    SUSPENDED = "opgeschort", _("Opgeschort")
    NOT_CONSIDERED = "buiten_behandeling", _("Buiten behandeling")


class GrantApplication(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("aanvraagnummer"), max_length=20, unique=True, editable=False)
    scheme = required_ref(GrantScheme, _("regeling"), related_name="applications")
    call = optional_ref(Call, _("ronde"), on_delete=models.PROTECT, related_name="applications")
    case = optional_ref(Case, _("casus"), on_delete=models.PROTECT, related_name="grant_applications")
    expert_team = optional_ref(
        ExpertTeam, _("expertteam"), on_delete=models.PROTECT, related_name="grant_applications"
    )
    provider_organisation = required_ref(Organisation, _("zorgaanbieder"), related_name="grant_applications")
    invited_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="grant_invitations",
        verbose_name=_("uitgenodigde medewerkers aanbieder"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    title = models.CharField(_("titel"), max_length=200, blank=True)
    purpose = models.TextField(_("waarvoor is het geld"), blank=True)
    motivation = models.TextField(_("motivatie"), blank=True)

    created_by = required_user(_("aangemaakt door"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    submitted_by = optional_user(_("ingediend door"), on_delete=models.PROTECT)
    received_at = models.DateTimeField(_("ontvangen op"), null=True, blank=True)
    decision_due = models.DateField(_("uiterste beslisdatum"), null=True, blank=True)
    # Frozen at submission: the total requested, so lists and reports need no sum over cost lines.
    requested_amount = models.DecimalField(
        _("aangevraagd bedrag"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    # The invited provider says the draft is ready; the team is signalled and submits it.
    ready_at = models.DateTimeField(_("klaar om in te dienen sinds"), null=True, blank=True)
    ready_by = optional_user(_("klaar gemeld door"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        indexes = [
            models.Index(fields=["status", "decision_due"], name="grant_status_due_idx"),
            # The committee queue's order over the undecided applications (``subsidies.queue``).
            models.Index(
                fields=["decision_due", "received_at", "id"],
                condition=Q(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.SUSPENDED]),
                name="grant_queue_idx",
            ),
            # The queue's total for a member: the undecided applications of their schemes, counted from
            # the index alone (a scan of every application took 15 ms at 20,000).
            models.Index(
                fields=["scheme", "received_at"],
                condition=Q(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.SUSPENDED]),
                name="grant_queue_scheme_idx",
            ),
            models.Index(fields=["scheme", "received_at"], name="grant_scheme_received_idx"),
            models.Index(fields=["expert_team", "-created_at"], name="grant_team_created_idx"),
            models.Index(fields=["provider_organisation", "-created_at"], name="grant_provider_created_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def is_reported_ready(self) -> bool:
        """A draft its provider reported ready to submit (``ready_at`` counts only while it is a draft)."""
        return self.is_draft and self.ready_at is not None

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATUSES

    @property
    def is_suspended(self) -> bool:
        return self.status == ApplicationStatus.SUSPENDED

    def suspensions(self, today: date | None = None) -> list[tuple[datetime, datetime | None]]:
        """The ``(invited_at, completed_at)`` pairs of its requests for completion, as
        ``decision_due_date`` takes them (uses a prefetched ``completion_requests``)."""
        return [request.suspension(today) for request in self.completion_requests.all()]

    def cost_lines_total(self) -> Decimal:
        """The sum of the cost lines: what ``requested_amount`` freezes at submission and completion."""
        return sum((line.amount for line in self.cost_lines.all()), Decimal("0"))

    def due_date(self, *, calendar=None, today: date | None = None) -> date | None:
        """The decision due date with the suspensions of its requests for completion; ``None`` before
        receipt and while suspended."""
        if self.received_at is None:
            return None
        return decision_due_date(
            self.received_at,
            self.scheme.decision_working_days,
            suspensions=self.suspensions(today),
            calendar=calendar,
        )


# The statuses with a (final) decision of the committee.
DECIDED_STATUSES = (ApplicationStatus.GRANTED, ApplicationStatus.REJECTED, ApplicationStatus.NOT_CONSIDERED)
# What the committee sees: everything from the moment of receipt on (``subsidies.rules.is_received``).
RECEIVED_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SUSPENDED,
    *DECIDED_STATUSES,
    ApplicationStatus.WITHDRAWN,
)


class CostLine(models.Model):
    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="cost_lines")
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    is_investment = models.BooleanField(_("investeringskosten"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("kostenregel")
        verbose_name_plural = _("kostenregels")

    def __str__(self) -> str:
        return self.description


# The initial migration names the upload path by this name.
attachment_upload_to = private_upload_to


class Attachment(PrivateFile):
    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def upload_folder(self) -> str:
        return f"subsidies/{self.application.public_id}"


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("Toegekend")
    REJECTED = "rejected", _("Afgewezen")
    # Awb 4:5: the request is not considered after the completion term lapsed unused.
    NOT_CONSIDERED = "not_considered", _("Buiten behandeling")


class Decision(models.Model):
    """The committee's final decision. One per application: the OneToOne makes a second one fail."""

    application = models.OneToOneField(GrantApplication, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("besluit"), max_length=20, choices=DecisionOutcome.choices)
    amount = models.DecimalField(_("toegekend bedrag"), max_digits=12, decimal_places=2, default=0)
    reason = models.TextField(_("motivering"), blank=True)
    budget_year = models.PositiveSmallIntegerField(_("begrotingsjaar"), null=True, blank=True)
    decided_by = required_user(_("besloten door"))
    decided_at = models.DateTimeField(_("besloten op"))

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        indexes = [models.Index(fields=["decided_at"], name="decision_decided_at_idx")]

    def __str__(self) -> str:
        return f"{self.application} {self.get_outcome_display()}"


class Score(models.Model):
    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="scores")
    member = required_user()
    criterion = models.ForeignKey(ScoringCriterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion__order", "criterion_id", "member_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member", "criterion"], name="unique_score_per_member_criterion"
            )
        ]


class ReminderKind(models.TextChoices):
    RECEIVED = "received", _("Aanvraag ontvangen")
    TWO_DAYS_BEFORE = "two_days_before", _("Twee werkdagen voor de termijn")
    DEADLINE_MORNING = "deadline_morning", _("Ochtend van de laatste dag")
    OVERDUE_CHAIR = "overdue_chair", _("Termijn verstreken (voorzitter)")
    OVERDUE_COORDINATOR = "overdue_coordinator", _("Termijn verstreken (teamcoördinator)")
    DECIDED_TEAM = "decided_team", _("Besluit genomen (expertteam)")
    DECIDED_PROVIDER = "decided_provider", _("Besluit genomen (aanbieder)")
    COMPLETION_REQUESTED = "completion_requested", _("Verzoek om aanvulling")
    COMPLETED = "completed", _("Aanvraag aangevuld")
    INVITED = "invited", _("Uitnodiging aanbieder")
    READY = "ready_to_submit", _("Klaar om in te dienen (expertteam)")


class Reminder(models.Model):
    """One e-mail, claimed by inserting this row: the unique constraint makes it go out exactly once.

    ``sent_at`` is empty between the claim and the send; a later sweep retries rows left that way.
    """

    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    recipient = required_user(on_delete=models.CASCADE)
    # The request for completion a mail is about (an application can be asked to complete more than once).
    completion_request = optional_ref("subsidies.CompletionRequest", on_delete=models.CASCADE)
    # Set by the sweep to its ``now``, so a claim left unsent is retried relative to the same clock.
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "recipient"],
                condition=Q(completion_request__isnull=True),
                name="unique_reminder_per_recipient",
            ),
            models.UniqueConstraint(
                fields=["completion_request", "kind", "recipient"],
                condition=Q(completion_request__isnull=False),
                name="unique_request_reminder_per_recipient",
            ),
        ]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="reminder_unsent_idx")]

    def __str__(self) -> str:
        return f"{self.application} {self.kind}"


# The migrations name the upload path by this name.
letter_upload_to = generated_upload_to


class DecisionLetter(GeneratedFile):
    """The decision letter (beschikking) as a PDF, stored privately: a generated-file job
    (``core.jobs``) that the decision queues and ``subsidies.tasks.generate_decision_letter`` builds.
    Requested by the member who decided; never failed for good, so every decision gets its letter."""

    application = models.OneToOneField(
        GrantApplication, on_delete=models.CASCADE, related_name="decision_letter"
    )
    # The sha256 of the PDF, once built.
    sha256 = models.CharField(max_length=64, blank=True)
    # The decision moment: the letter's date and its PDF metadata (the same bytes each time it is made).
    generated_at = models.DateTimeField()

    task_name = "subsidies.tasks.generate_decision_letter"
    gives_up = False
    stored_name = "beschikking-{}.pdf"

    class Meta:
        verbose_name = _("beschikking")
        verbose_name_plural = _("beschikkingen")

    def __str__(self) -> str:
        return f"{self.application} beschikking"

    def upload_folder(self) -> str:
        return f"subsidies/{self.application.public_id}"

    @property
    def filename(self) -> str:
        return "beschikking.pdf"

    def build(self, progress) -> bytes:
        from subsidies.letters import build_letter  # noqa: PLC0415  (letters imports these models)

        return build_letter(self)

    def link(self) -> str:
        return settings.SITE_URL + reverse("subsidies:detail", args=[self.application.reference])
