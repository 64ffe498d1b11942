"""The case record: referral data, the youth, involved persons and professionals, consent, documents.

Identifying data is kept to the minimum (DESIGN.md, Privacy): the youth is recorded by first name or
initials and birth year, never a BSN. URLs carry ``reference`` or ``public_id``, never a name.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import optional_ref, optional_user, region_ref, required_ref, required_user
from core.formatting import format_date
from core.models import ExpertTeam, Municipality, Organisation, Region
from core.private_files import PrivateFile, private_upload_to


class CaseStatus(models.TextChoices):
    REFERRED = "aangemeld", _("Aangemeld")
    INTAKE = "intake", _("Intake")
    ACTIVE = "in_behandeling", _("In behandeling")
    PAUSED = "gepauzeerd", _("Gepauzeerd")
    CLOSED = "afgesloten", _("Afgesloten")


class Urgency(models.TextChoices):
    NORMAL = "normaal", _("Normaal")
    HIGH = "hoog", _("Hoog")
    CRISIS = "crisis", _("Crisis")


class LivingSituation(models.TextChoices):
    HOME = "thuis", _("Thuis")
    NETWORK = "netwerk", _("Netwerk")
    FAMILY_HOME = "gezinshuis", _("Gezinshuis")
    FOSTER_CARE = "pleegzorg", _("Pleegzorg")
    RESIDENTIAL = "residentieel", _("Residentieel")
    SECURE = "gesloten", _("Gesloten jeugdhulp")
    INDEPENDENT = "zelfstandig", _("Zelfstandig")
    CRISIS = "crisisopvang", _("Crisisopvang")
    OTHER = "anders", _("Anders")


# Where a youth stays during one placement episode: the living situations without "anders", with their
# values and labels, in the order the placement forms and the placement history list them.
PlacementType = models.TextChoices(
    "PlacementType",
    [
        (name, (LivingSituation[name].value, LivingSituation[name].label))
        for name in (
            "HOME",
            "NETWORK",
            "FOSTER_CARE",
            "FAMILY_HOME",
            "RESIDENTIAL",
            "SECURE",
            "CRISIS",
            "INDEPENDENT",
        )
    ],
)


class ReferenceCounter(models.Model):
    """The last sequence number used for case references per region and year (locked when used)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="unique_reference_counter")]


class Case(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("casusnummer"), max_length=20, unique=True, editable=False)
    region = region_ref("cases")
    municipality = required_ref(Municipality, _("gemeente"), related_name="cases")
    expert_team = required_ref(ExpertTeam, _("expertteam"), related_name="cases")
    facilitator = optional_user(
        _("procesbegeleider"), on_delete=models.PROTECT, related_name="facilitated_cases"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REFERRED
    )
    status_changed_at = models.DateTimeField(_("status gewijzigd op"), auto_now_add=True)
    paused_reason = models.TextField(_("reden pauze"), blank=True)

    # Who refers, and the municipality's case holder.
    referrer_name = models.CharField(_("naam aanmelder"), max_length=200)
    referrer_organisation = models.CharField(_("organisatie aanmelder"), max_length=200, blank=True)
    referrer_role = models.CharField(_("rol aanmelder"), max_length=200, blank=True)
    case_holder_name = models.CharField(_("casushouder gemeente"), max_length=200, blank=True)
    case_holder_contact = models.CharField(_("contactgegevens casushouder"), max_length=200, blank=True)

    # The youth: first name or initials and birth year only.
    youth_name = models.CharField(
        _("voornaam of initialen jongere"),
        max_length=60,
        help_text=_("Alleen voornaam of initialen, geen BSN."),
    )
    youth_initials = models.CharField(_("initialen jongere"), max_length=10)
    youth_birth_year = models.PositiveSmallIntegerField(_("geboortejaar jongere"))

    # History and current situation.
    history_admissions = models.TextField(_("eerdere opnames en verblijf"), blank=True)
    history_crisis_placements = models.TextField(_("crisisplaatsingen"), blank=True)
    history_school = models.TextField(_("school en dagbesteding"), blank=True)
    # Hand-kept counters from before the placement history (``PlacementEpisode``): read-only history,
    # no form edits them any more. The "veel wisselingen" signal reads them only for a case without episodes.
    placement_changes = models.PositiveSmallIntegerField(
        _("aantal wisselingen van verblijfplek (historisch)"), default=0
    )
    professional_changes = models.PositiveSmallIntegerField(
        _("aantal wisselingen van hulpverlener (historisch)"), default=0
    )
    # Derived from the placement episodes by ``cases.placements`` (episodes minus one); empty without
    # episodes. Stored so the case list can filter the "veel wisselingen" signal in SQL.
    placement_moves = models.PositiveSmallIntegerField(
        _("wisselingen van verblijfplek (uit verblijfsgeschiedenis)"), null=True, blank=True, editable=False
    )
    living_situation = models.CharField(
        _("huidige woonsituatie"), max_length=20, choices=LivingSituation.choices, blank=True
    )
    living_situation_notes = models.TextField(_("toelichting woonsituatie"), blank=True)

    # The question and wishes, in the referrer's and the family's own words.
    help_question = models.TextField(_("hulpvraag volgens aanmelder"))
    wishes_youth = models.TextField(_("wensen van de jongere"), blank=True)
    wishes_parents = models.TextField(_("wensen van de ouders"), blank=True)

    # Risks and urgency.
    risk_out_of_home = models.BooleanField(_("dreigende uithuisplaatsing"), default=False)
    risk_secure_care = models.BooleanField(_("dreigende gesloten plaatsing"), default=False)
    child_protection_board_involved = models.BooleanField(
        _("Raad voor de Kinderbescherming al betrokken"), default=False
    )
    risk_notes = models.TextField(_("toelichting risico's"), blank=True)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)

    # Kept up to date by the timeline (``expertteams.services`` only) for signals and closing, so the
    # case list can filter on signals in SQL without ``cases`` importing ``expertteams``.
    last_step_at = models.DateTimeField(_("laatste stap"), null=True, blank=True)
    outcome_recorded_at = models.DateTimeField(_("uitkomst vastgelegd op"), null=True, blank=True)
    open_escalation = models.BooleanField(_("open escalatie bij de Raad"), default=False)
    next_action_due = models.DateField(_("eerstvolgende actie uiterlijk"), null=True, blank=True)
    # The earliest planned review moment (plan evaluation) and aftercare moment (after closing).
    next_review_due = models.DateField(_("eerstvolgende evaluatie"), null=True, blank=True)
    next_aftercare_due = models.DateField(_("eerstvolgende nazorg"), null=True, blank=True)

    created_by = required_user(_("aangemaakt door"))
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        indexes = [
            models.Index(fields=["expert_team", "status", "-created_at"], name="case_team_status_idx"),
            models.Index(fields=["facilitator", "status", "-created_at"], name="case_facilitator_status_idx"),
            models.Index(fields=["region", "status", "-created_at"], name="case_region_status_idx"),
            models.Index(fields=["region", "created_at"], name="case_region_created_idx"),
            models.Index(fields=["region", "closed_at"], name="case_region_closed_idx"),
            models.Index(
                fields=["youth_initials", "youth_birth_year", "municipality"],
                name="case_possible_duplicate_idx",
            ),
            models.Index(fields=["status", "last_step_at"], name="case_status_last_step_idx"),
            models.Index(fields=["open_escalation", "status"], name="case_open_escalation_idx"),
            models.Index(fields=["next_action_due"], name="case_next_action_due_idx"),
            models.Index(fields=["next_review_due"], name="case_next_review_due_idx"),
            models.Index(fields=["next_aftercare_due"], name="case_next_aftercare_due_idx"),
            # The case list of a coordinator (by team) and of a facilitator, newest first.
            models.Index(fields=["expert_team", "-created_at"], name="case_team_created_idx"),
            # The coordinator's workload per facilitator, read from the index alone (expertteams.panels).
            models.Index(
                fields=["expert_team", "facilitator", "next_action_due"],
                condition=~Q(status="afgesloten"),
                name="case_team_open_workload_idx",
            ),
            models.Index(fields=["facilitator", "-created_at"], name="case_facilitator_created_idx"),
            # The home page's cases per signal (``expertteams.selectors.dashboard_signals``), quiet
            # longest first: walked in this order, the first ten of a signal are found without sorting
            # the team's cases.
            models.Index(
                F("expert_team"),
                Coalesce("last_step_at", "created_at"),
                F("reference"),
                name="case_team_quiet_idx",
            ),
            # "Recent afgesloten" on the home page.
            models.Index(
                fields=["expert_team", "-closed_at"],
                name="case_team_closed_idx",
                condition=Q(status="afgesloten"),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def ready_to_close(self) -> bool:
        """The rule after "outcome recorded": an active case with an outcome is ready to be closed."""
        return self.status == CaseStatus.ACTIVE and self.outcome_recorded_at is not None


class PlacementEpisode(models.Model):
    """One stay of the youth: where, with which provider, from when until when, and whether it was forced.

    The open episode (``ended_on`` empty) is where the youth lives now; a case has at most one. Written
    by ``cases.placements`` only, which also keeps ``Case.placement_moves`` and ``living_situation``.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="placement_episodes")
    placement_type = models.CharField(_("soort verblijf"), max_length=20, choices=PlacementType.choices)
    provider = models.CharField(_("aanbieder of plek"), max_length=200, blank=True)
    started_on = models.DateField(_("vanaf"))
    ended_on = models.DateField(_("tot en met"), null=True, blank=True)
    forced = models.BooleanField(_("gedwongen plaatsing"), default=False)
    notes = models.CharField(_("toelichting"), max_length=300, blank=True)
    recorded_by = required_user()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("verblijfsperiode")
        verbose_name_plural = _("verblijfsgeschiedenis")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(ended_on__isnull=True), name="one_open_episode_per_case"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="episode_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["case", "started_on"], name="episode_case_start_idx")]

    def __str__(self) -> str:
        return f"{self.get_placement_type_display()} {format_date(self.started_on)}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def days(self, today: date | None = None) -> int:
        """The length of the stay in days, counting both ends; an open episode counts up to ``today``."""
        end = self.ended_on or today or timezone.localdate()
        return max((end - self.started_on).days + 1, 0)


class CaseStatusChange(models.Model):
    """One transition of a case's status, with who and when (written by ``cases.services`` only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    reason = models.TextField(_("toelichting"), blank=True)
    changed_by = required_user()
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]


class Assignment(models.Model):
    """Who facilitated a case when; the open row (``ended_at`` empty) matches ``Case.facilitator``."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    facilitator = required_user()
    assigned_by = required_user()
    assigned_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "id"]


class InvolvedPerson(models.Model):
    class Relation(models.TextChoices):
        MOTHER = "moeder", _("Moeder")
        FATHER = "vader", _("Vader")
        PARENT = "ouder", _("Ouder")
        GUARDIAN = "voogd", _("Voogd")
        STEP_PARENT = "stiefouder", _("Stiefouder")
        FOSTER_PARENT = "pleegouder", _("Pleegouder")
        FAMILY_HOME_PARENT = "gezinshuisouder", _("Gezinshuisouder")
        SIBLING = "broer_zus", _("Broer of zus")
        NETWORK = "netwerk", _("Netwerk")
        OTHER = "anders", _("Anders")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons")
    name = models.CharField(_("naam of aanduiding"), max_length=120)
    relation = models.CharField(_("relatie tot jongere"), max_length=20, choices=Relation.choices)
    has_parental_authority = models.BooleanField(_("heeft gezag"), default=False)
    notes = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"


class InvolvedProfessional(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="professionals")
    name = models.CharField(_("naam"), max_length=120)
    organisation = optional_ref(Organisation, _("organisatie"), related_name=None)
    organisation_name = models.CharField(_("organisatie (vrije tekst)"), max_length=200, blank=True)
    role = models.CharField(_("rol"), max_length=120)

    class Meta:
        ordering = ["id"]
        verbose_name = _("betrokken professional")
        verbose_name_plural = _("betrokken professionals")

    def __str__(self) -> str:
        return f"{self.name} – {self.role}"


class ConsentPurpose(models.TextChoices):
    SHARE_WITH_EXPERT_TEAM = "expertteam", _("Delen met het expertteam")
    LEARNING_NETWORK = "leernetwerk", _("Bespreken in het leernetwerk (gepseudonimiseerd)")


class Consent(models.Model):
    """Consent of one party for one purpose. ``person`` empty means the youth. Withdrawal is a date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(
        InvolvedPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    purpose = models.CharField(_("doel"), max_length=20, choices=ConsentPurpose.choices)
    given = models.BooleanField(_("toestemming gegeven"), default=True)
    given_on = models.DateField(_("datum"))
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    recorded_by = required_user()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        indexes = [models.Index(fields=["case", "purpose"], name="consent_case_purpose_idx")]

    @property
    def is_active(self) -> bool:
        return self.given and self.withdrawn_on is None

    @property
    def party_label(self) -> str:
        return str(self.person) if self.person_id else str(_("Jongere"))


# The initial migration names the upload path by this name.
document_upload_to = private_upload_to


class Document(PrivateFile):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")

    def upload_folder(self) -> str:
        return f"cases/{self.case.public_id}"
