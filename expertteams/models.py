"""The expert team's work on a case: the timeline of steps the process facilitator logs.

A ``Step`` holds what every step has (kind, date, title, summary, author, version); a kind that
needs structure has a detail model linked one-to-one (``Interview``, ``JointMeeting``,
``HelpQuestion``, ``SolutionSearch``, ``Escalation``, ``Consultation``, ``Outcome``). Contact steps
and notes use the step's own ``who`` and ``agreed`` fields. A correction never overwrites silently:
``expertteams.services.correct_step`` keeps the earlier version as a ``StepRevision``.

Only ``expertteams.services`` writes these models; it also keeps the denormalised signal fields on
``cases.Case`` (``last_step_at``, ``outcome_recorded_at``, ``open_escalation``, ``next_action_due``).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Case, LivingSituation, Urgency
from core.fields import expiry_field, expiry_in, optional_ref, optional_user, required_user
from core.formatting import format_date, format_moment
from core.jobs import GeneratedFile
from core.models import Organisation, User


class StepKind(models.TextChoices):
    CONTACT_MUNICIPALITY = "contact_municipality", _("Contact met gemeente (casushouder)")
    CONTACT_FAMILY = "contact_family", _("Contact met jongere en ouders")
    INTERVIEW = "interview", _("Individueel gesprek")
    JOINT_MEETING = "joint_meeting", _("Gezamenlijk gesprek")
    HELP_QUESTION = "help_question", _("Hulpvraag verhelderen")
    SOLUTION_SEARCH = "solution_search", _("Zoektocht naar oplossing in de regio")
    ESCALATION = "escalation", _("Raad voor de Kinderbescherming")
    CONSULTATION = "consultation", _("Consultatie en advies")
    OUTCOME = "outcome", _("Uitkomst")
    NOTE = "note", _("Notitie")
    PLACEMENT_CHANGE = "placement_change", _("Verblijfswijziging")
    FOLLOW_UP = "follow_up", _("Evaluatie en nazorg: gaat het nog goed?")


class PartyKind(models.TextChoices):
    YOUTH = "youth", _("Jongere")
    MOTHER = "mother", _("Moeder")
    FATHER = "father", _("Vader")
    GUARDIAN = "guardian", _("Voogd")
    STEP_PARENT = "step_parent", _("Stiefouder")
    FOSTER_PARENT = "foster_parent", _("Pleegouder")
    FAMILY_HOME_PARENT = "family_home_parent", _("Gezinshuisouder")
    PROFESSIONAL = "professional", _("Professional")
    MUNICIPALITY = "municipality", _("Gemeente")
    OTHER = "other", _("Anders")


class Step(models.Model):
    """One logged action on a case's timeline. ``version`` counts corrections (1 = never corrected)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps", verbose_name=_("casus"))
    kind = models.CharField(_("soort stap"), max_length=24, choices=StepKind.choices)
    occurred_on = models.DateField(_("datum"))
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"), blank=True)
    # Contact steps and notes: who was contacted and what was agreed.
    who = models.CharField(_("met wie"), max_length=200, blank=True)
    agreed = models.TextField(_("afgesproken"), blank=True)
    author = required_user(_("vastgelegd door"))
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        ordering = ["-occurred_on", "-created_at", "-id"]
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        indexes = [
            models.Index(fields=["case", "-occurred_on", "-created_at"], name="step_case_timeline_idx"),
            models.Index(fields=["case", "kind"], name="step_case_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_date(self.occurred_on)}"


class StepRevision(models.Model):
    """An earlier version of a step, kept when it was corrected.

    ``data`` holds the step as it was: ``{"values": {...}, "display": [[label, text], ...]}``, where
    ``display`` is what the timeline shows in the history.
    """

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("versie"))
    data = models.JSONField(_("inhoud"), encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reden van correctie"), blank=True)
    replaced_by = required_user(_("gecorrigeerd door"))
    replaced_at = models.DateTimeField(_("gecorrigeerd op"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("eerdere versie van een stap")
        verbose_name_plural = _("eerdere versies van stappen")
        constraints = [models.UniqueConstraint(fields=["step", "version"], name="unique_step_revision")]


class Interview(models.Model):
    """A conversation with one party at a time, in their own words."""

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="interview")
    party_kind = models.CharField(_("gesprekspartner"), max_length=24, choices=PartyKind.choices)
    party_name = models.CharField(_("naam of aanduiding"), max_length=120, blank=True)
    view = models.TextField(_("hoe ziet deze partij de situatie"), blank=True)
    wishes = models.TextField(_("wensen"), blank=True)
    concerns = models.TextField(_("zorgen"), blank=True)

    class Meta:
        verbose_name = _("individueel gesprek")
        verbose_name_plural = _("individuele gesprekken")


class JointMeeting(models.Model):
    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="joint_meeting")
    location = models.CharField(_("plaats"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("gezamenlijk gesprek")
        verbose_name_plural = _("gezamenlijke gesprekken")


class AgendaItem(models.Model):
    """An agenda item, prepared before the meeting."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("agendapunt"), max_length=300)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")


class Participant(models.Model):
    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("naam of aanduiding"), max_length=120)
    party_kind = models.CharField(
        _("partij"), max_length=24, choices=PartyKind.choices, default=PartyKind.OTHER
    )
    role = models.CharField(_("rol"), max_length=120, blank=True)
    attended = models.BooleanField(_("aanwezig"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")


class Statement(models.Model):
    """What one party said in the meeting."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="statements")
    speaker = models.CharField(_("wie"), max_length=120)
    text = models.TextField(_("wat is er gezegd"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("inbreng")
        verbose_name_plural = _("inbreng")


class Agreement(models.Model):
    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="agreements")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.TextField(_("afspraak"))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")


class Resolution(models.TextChoices):
    """How an open item (action, follow-up moment) was handled, e.g. when the case was closed."""

    DONE = "afgerond", _("Afgerond")
    HANDED_OVER = "overgedragen", _("Overgedragen")
    CANCELLED = "geannuleerd", _("Geannuleerd")


def resolution_fields() -> tuple[models.CharField, models.CharField]:
    """``resolution, resolution_note`` of an open item: how it left the open list (done, handed over
    to the note, or cancelled with the note as reason). Empty while the item is open."""
    return (
        models.CharField(_("afgehandeld als"), max_length=16, choices=Resolution.choices, blank=True),
        models.CharField(_("overgedragen aan of reden"), max_length=300, blank=True),
    )


class ActionItem(models.Model):
    """Something someone will do by a date. Hangs off a step (usually a joint meeting)."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    description = models.CharField(_("actie"), max_length=300)
    owner_name = models.CharField(_("eigenaar"), max_length=120)
    owner = optional_user(_("eigenaar (gebruiker)"), related_name="action_items")
    due_on = models.DateField(_("uiterlijk"))
    done_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    resolution, resolution_note = resolution_fields()
    done_by = optional_user()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        indexes = [
            models.Index(
                fields=["owner", "due_on"],
                condition=Q(done_at__isnull=True),
                name="action_open_owner_due_idx",
            ),
            models.Index(
                fields=["step", "due_on"], condition=Q(done_at__isnull=True), name="action_open_step_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    @property
    def resolution_label(self) -> str:
        """How the action left the open list, as the case page and the printed dossier say it:
        "afgerond", or "overgedragen: <to whom>" / "geannuleerd: <why>"; "" while it is open."""
        if self.done_at is None:
            return ""
        if self.resolution in (Resolution.HANDED_OVER, Resolution.CANCELLED):
            label = self.get_resolution_display().lower()
            return f"{label}: {self.resolution_note}" if self.resolution_note else label
        return str(_("afgerond"))

    def resolve(self, *, by: User, at: datetime, resolution: str, note: str = "") -> None:
        """Take the action off the open list and save: when, by whom, how (``Resolution``) and its note
        (to whom it went, or why it was cancelled)."""
        self.done_at, self.done_by, self.resolution, self.resolution_note = at, by, resolution, note
        self.save(update_fields=["done_at", "done_by", "resolution", "resolution_note"])


class HelpQuestion(models.Model):
    """The help question as it was and as it became, with the verklarende analyse.

    ``question_version`` numbers the help-question steps of one case (1, 2, ...).
    """

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="help_question")
    question_version = models.PositiveSmallIntegerField(_("versie hulpvraag"), default=1)
    question_before = models.TextField(_("hulpvraag zoals die was"), blank=True)
    question_after = models.TextField(_("hulpvraag zoals die werd"))
    # The verklarende analyse (explanatory analysis).
    problems = models.TextField(_("problemen"), blank=True)
    factors = models.TextField(_("factoren"), blank=True)
    hypotheses = models.TextField(_("verklarende hypothesen"), blank=True)
    family_wishes = models.TextField(_("wat wil het gezin"), blank=True)

    class Meta:
        verbose_name = _("hulpvraag")
        verbose_name_plural = _("hulpvragen")


class SolutionSearch(models.Model):
    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="solution_search")
    searched_for = models.TextField(_("waarnaar is gezocht"), blank=True)
    tailored_solution = models.TextField(_("oplossing op maat (maatwerk)"), blank=True)

    class Meta:
        verbose_name = _("zoektocht naar oplossing")
        verbose_name_plural = _("zoektochten naar oplossing")


class OrganisationRequest(models.Model):
    """One organisation asked during a regional search, and its answer."""

    search = models.ForeignKey(SolutionSearch, on_delete=models.CASCADE, related_name="requests")
    organisation = optional_ref(Organisation, _("organisatie"))
    organisation_name = models.CharField(_("organisatie (vrije tekst)"), max_length=200, blank=True)
    asked_on = models.DateField(_("gevraagd op"), null=True, blank=True)
    answer = models.TextField(_("antwoord"), blank=True)
    positive = models.BooleanField(_("positief antwoord"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("gevraagde organisatie")
        verbose_name_plural = _("gevraagde organisaties")

    @property
    def label(self) -> str:
        return self.organisation_name or (self.organisation.name if self.organisation_id else "")


class EscalationKind(models.TextChoices):
    REPORT = "melding", _("Melding")
    INVESTIGATION_REQUEST = "verzoek_tot_onderzoek", _("Verzoek tot onderzoek")
    PROTECTION_CONSULTATION = "beschermingsoverleg", _("Beschermingsoverleg")


class ThreatenedMeasure(models.TextChoices):
    SUPERVISION_ORDER = "supervision_order", _("Ondertoezichtstelling (OTS)")
    PLACEMENT_AUTHORISATION = "placement_authorisation", _("Machtiging uithuisplaatsing")
    SECURE_CARE = "secure_care", _("Gesloten jeugdhulp")
    NONE = "none", _("Geen")


class Escalation(models.Model):
    """Involving the Raad voor de Kinderbescherming. Open until the result is known."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Afgesloten")

    class ResultKind(models.TextChoices):
        NO_MEASURE = "no_measure", _("Geen maatregel")
        MEASURE_IMPOSED = "measure_imposed", _("Maatregel opgelegd")
        ALTERNATIVE_FOUND = "alternative_found", _("Alternatief gevonden")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="escalation")
    kind = models.CharField(_("soort"), max_length=24, choices=EscalationKind.choices)
    threatened_measure = models.CharField(
        _("dreigende maatregel"),
        max_length=24,
        choices=ThreatenedMeasure.choices,
        default=ThreatenedMeasure.NONE,
    )
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    board_helps_find_alternatives = models.BooleanField(_("Raad denkt mee over alternatieven"), default=False)
    board_involvement = models.TextField(_("rol van de Raad in de zoektocht naar alternatieven"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    result_kind = models.CharField(_("resultaat"), max_length=20, choices=ResultKind.choices, blank=True)
    result = models.TextField(_("toelichting resultaat"), blank=True)

    class Meta:
        verbose_name = _("escalatie bij de Raad")
        verbose_name_plural = _("escalaties bij de Raad")
        indexes = [models.Index(fields=["status", "closed_on"], name="escalation_status_closed_idx")]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Consultation(models.Model):
    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="consultation")
    expertise = models.CharField(_("ingezette expertise"), max_length=200)
    consulted = models.CharField(_("wie is geraadpleegd"), max_length=200, blank=True)
    question = models.TextField(_("vraag"), blank=True)
    advice = models.TextField(_("advies"), blank=True)

    class Meta:
        verbose_name = _("consultatie")
        verbose_name_plural = _("consultaties")


class Outcome(models.Model):
    """Where the youth ended up, and what was prevented. Required before a case can be closed."""

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="outcome")
    living_situation = models.CharField(_("woonsituatie"), max_length=20, choices=LivingSituation.choices)
    living_situation_notes = models.CharField(_("toelichting woonsituatie"), max_length=300, blank=True)
    school_or_daytime_activity = models.TextField(_("school of dagbesteding"), blank=True)
    network = models.TextField(_("netwerk"), blank=True)
    risk_behaviour = models.TextField(_("risicogedrag"), blank=True)
    out_of_home_placement_prevented = models.BooleanField(_("uithuisplaatsing voorkomen"), default=False)
    secure_placement_prevented = models.BooleanField(_("gesloten plaatsing voorkomen"), default=False)
    notes = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("uitkomst")
        verbose_name_plural = _("uitkomsten")


# The care cycle around the plan (placement changes, follow-up moments, reminders) lives in a module of
# its own; imported here so Django registers the models with this app.
from expertteams.care_models import (  # noqa: E402, F401
    CaseReminder,
    FollowUp,
    FollowUpCheck,
    PlacementChange,
)


def default_case_file_expiry() -> datetime:
    """A printed case file holds the whole file: its PDF is kept ``CASE_FILE_RETENTION_DAYS`` (7)."""
    return expiry_in(settings.CASE_FILE_RETENTION_DAYS)


class CaseFileExport(GeneratedFile):
    """The printable case file (``expertteams.dossier``) as a PDF, built in the background: a file of a
    thousand steps takes WeasyPrint seconds. Part of the case's content, so destroying the case
    destroys it too; the file itself expires after ``CASE_FILE_RETENTION_DAYS``."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="case_file_exports", verbose_name=_("casus")
    )
    expires_at = expiry_field(default_case_file_expiry)

    task_name = "expertteams.tasks.build_case_file"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dossierafdruk")
        verbose_name_plural = _("dossierafdrukken")
        indexes = [models.Index(fields=["case", "-created_at"], name="case_file_export_case_idx")]

    def __str__(self) -> str:
        return f"{self.case.reference} {format_moment(self.created_at)}"

    def upload_folder(self) -> str:
        return f"dossiers/{self.public_id}"

    @property
    def filename(self) -> str:
        return f"dossier-{self.case.reference}.pdf"

    def build(self, progress) -> bytes:
        from expertteams.dossier import case_file_pdf  # noqa: PLC0415  (WeasyPrint loads lazily)

        progress(10)
        return case_file_pdf(self.case, printed_by=self.requested_by, moment=self.created_at)

    def link(self) -> str:
        return settings.SITE_URL + reverse("case_file", args=[self.case.reference])
