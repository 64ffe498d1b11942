"""Organisation data, users and their roles, the working-day calendar and the access log."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import optional_ref, region_ref
from core.formatting import format_date


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Procesbegeleider")
    COORDINATOR = "coordinator", _("Teamcoördinator expertteam")
    PROVIDER = "provider", _("Zorgaanbieder")
    COMMITTEE = "committee", _("Lid beoordelingscommissie")
    MUNICIPAL = "municipal", _("Gemeente (beleid / rapportage)")
    LEARNER = "learner", _("Leernetwerk")
    ADMIN = "admin", _("Functioneel beheerder")


# The scope each role needs (the ``RoleAssignment`` field that must be set); roles not listed take none.
SCOPE_OF_ROLE = {
    Role.FACILITATOR: "expert_team",
    Role.COORDINATOR: "expert_team",
    Role.MUNICIPAL: "region",
    Role.PROVIDER: "organisation",
}


class NamedModel(models.Model):
    """Reference data known by its name: listed in name order and shown as its name.

    A subclass declares ``name`` itself (lengths differ) and extends ``NamedModel.Meta``."""

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(NamedModel):
    code = models.CharField(
        _("code"), max_length=8, unique=True, help_text=_("Korte code in casusnummers, bijv. UTR.")
    )
    name = models.CharField(_("naam"), max_length=120, unique=True)

    class Meta(NamedModel.Meta):
        verbose_name = _("jeugdregio")
        verbose_name_plural = _("jeugdregio's")


class Municipality(NamedModel):
    name = models.CharField(_("naam"), max_length=120, unique=True)
    region = region_ref("municipalities")

    class Meta(NamedModel.Meta):
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")


class Organisation(NamedModel):
    class Kind(models.TextChoices):
        PROVIDER = "provider", _("Zorgaanbieder")
        FAMILY_HOME = "family_home", _("Gezinshuis")
        MUNICIPALITY = "municipality", _("Gemeente")
        CHILD_PROTECTION_BOARD = "child_protection_board", _("Raad voor de Kinderbescherming")
        CERTIFIED_INSTITUTION = "certified_institution", _("Gecertificeerde instelling")
        SAFE_HOME = "safe_home", _("Veilig Thuis")
        KNOWLEDGE = "knowledge", _("Kennisinstelling")
        SUPPORT = "support", _("Ondersteuningsteam")
        OTHER = "other", _("Overig")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=32, choices=Kind.choices, default=Kind.PROVIDER)
    region = optional_ref(Region, _("regio"), related_name="organisations")

    class Meta(NamedModel.Meta):
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")


class ExpertTeam(NamedModel):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    region = models.OneToOneField(
        Region, on_delete=models.PROTECT, related_name="expert_team", verbose_name=_("regio")
    )

    class Meta(NamedModel.Meta):
        verbose_name = _("expertteam")
        verbose_name_plural = _("expertteams")


class User(AbstractUser):
    """A person using the application. What they may do follows from their role assignments."""

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """How the person is named on pages, letters and lists: the full name, else the username."""
        return self.get_full_name() or self.username

    @cached_property
    def role_assignments(self) -> list[RoleAssignment]:
        if not self.is_authenticated or not self.pk:
            return []
        # The scopes come along (one query): the page header shows them on every page.
        return list(self.roles.select_related("expert_team", "region", "organisation"))

    @property
    def role_codes(self) -> set[str]:
        return {a.role for a in self.role_assignments}

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes.intersection(codes))

    def team_ids(self, *roles: str) -> set[int]:
        """Expert teams the user works in, optionally only in the given roles."""
        return {
            a.expert_team_id
            for a in self.role_assignments
            if a.expert_team_id and (not roles or a.role in roles)
        }

    def region_ids(self, *roles: str) -> set[int]:
        return {a.region_id for a in self.role_assignments if a.region_id and (not roles or a.role in roles)}

    def organisation_ids(self, *roles: str) -> set[int]:
        return {
            a.organisation_id
            for a in self.role_assignments
            if a.organisation_id and (not roles or a.role in roles)
        }

    @property
    def role_label(self) -> str:
        """The roles as recorded in the access log, e.g. ``facilitator@UTR``."""
        return ",".join(sorted(a.audit_label for a in self.role_assignments)) or "-"


class RoleAssignment(models.Model):
    """One role of a user, with its scope: an expert team, a region or an organisation."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("gebruiker")
    )
    role = models.CharField(_("rol"), max_length=16, choices=Role.choices)
    expert_team = optional_ref(ExpertTeam, _("expertteam"), on_delete=models.CASCADE, related_name="members")
    region = optional_ref(Region, _("regio"), on_delete=models.CASCADE, related_name=None)
    organisation = optional_ref(Organisation, _("organisatie"), on_delete=models.CASCADE, related_name=None)

    class Meta:
        verbose_name = _("roltoewijzing")
        verbose_name_plural = _("roltoewijzingen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(expert_team__isnull=True, region__isnull=True, organisation__isnull=True),
                name="unique_unscoped_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "expert_team"],
                condition=Q(expert_team__isnull=False),
                name="unique_team_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="unique_region_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="unique_organisation_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"

    @property
    def scope(self) -> ExpertTeam | Region | Organisation | None:
        """The team, region or organisation the role holds for (``SCOPE_OF_ROLE``); ``None`` if unscoped."""
        return self.expert_team or self.region or self.organisation

    @property
    def audit_label(self) -> str:
        scope = self.expert_team_id or self.region_id or self.organisation_id
        return f"{self.role}@{scope}" if scope else self.role

    def clean(self):
        from django.core.exceptions import ValidationError

        field = SCOPE_OF_ROLE.get(self.role)
        if field and not getattr(self, f"{field}_id"):
            raise ValidationError({field: self.scope_required_message(field)})

    @staticmethod
    def scope_required_message(field: str) -> str:
        """The refusal of a role without the scope it needs, e.g. "Deze rol vraagt om een expertteam."."""
        scope = RoleAssignment._meta.get_field(field).verbose_name
        return _("Deze rol vraagt om een %(scope)s.") % {"scope": scope}


class NonWorkingDay(models.Model):
    """A day that is not a working day beyond the fixed statutory days: a decree day or a closure."""

    class Kind(models.TextChoices):
        DECREE = "decree", _("Bij besluit gelijkgestelde dag (Atw art. 3 lid 3)")
        CLOSURE = "closure", _("Extra sluitingsdag")

    date = models.DateField(_("datum"), unique=True)
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.CLOSURE)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("niet-werkdag")
        verbose_name_plural = _("niet-werkdagen")

    def __str__(self) -> str:
        return f"{format_date(self.date)} {self.description}".strip()


class AccessLog(models.Model):
    """Append-only record of every read and change of protected data (NEN 7513).

    The application never updates or deletes a row; on PostgreSQL a trigger refuses it as well.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Inzien")
        CREATE = "create", _("Aanmaken")
        CHANGE = "change", _("Wijzigen")
        DELETE = "delete", _("Verwijderen")
        EXPORT = "export", _("Exporteren")
        PRINT = "print", _("Afdrukken")

    timestamp = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150)
    role = models.CharField(_("rol"), max_length=200)
    object_type = models.CharField(_("objecttype"), max_length=100)
    object_id = models.CharField(_("object-id"), max_length=64)
    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    user_agent = models.CharField(_("user-agent"), max_length=300, blank=True)
    reason = models.TextField(_("reden (break the glass)"), blank=True)
    detail = models.CharField(_("toelichting"), max_length=200, blank=True)
    # The case whose file the object belongs to (the case, a step, a document, its grant application,
    # ...; ``privacy.case_file``), filled in by ``core.audit.record``: "who viewed this file" is then one
    # index range instead of a lookup per row of the file. Not a foreign key: the log outlives the case.
    file_case_id = models.BigIntegerField(_("dossier (casus-id)"), null=True, blank=True)

    class Meta:
        ordering = ["-timestamp", "-id"]
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        indexes = [
            models.Index(fields=["file_case_id", "-timestamp"], name="accesslog_file_idx"),
            models.Index(fields=["object_type", "object_id", "-timestamp"], name="accesslog_object_idx"),
            models.Index(fields=["user", "-timestamp"], name="accesslog_user_idx"),
            models.Index(fields=["action", "-timestamp"], name="accesslog_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The access log is append-only.")


class CalendarWarning(models.Model):
    """One row per year for which administrators were warned that decree days are missing."""

    year = models.PositiveSmallIntegerField(unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)
