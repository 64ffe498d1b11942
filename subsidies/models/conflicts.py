"""Declared conflicts of interest: a committee member's tie to an organisation or an expert team,
valid between two dates. A member tied to the applying provider organisation or the submitting team
may not score, ask for completion or decide (``subsidies.rules.recusal_reason``)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import optional_ref, required_user
from core.models import ExpertTeam, Organisation


class ConflictDeclarationQuerySet(models.QuerySet):
    def active_on(self, day: date) -> ConflictDeclarationQuerySet:
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)

    def tying(self, *, organisation, expert_team) -> ConflictDeclarationQuerySet:
        """The declarations that tie their member to an application: to the applying ``organisation``
        or the submitting ``expert_team`` (ids, ``None`` for no team, or ``OuterRef``s in a subquery).
        The conflict-of-interest rule of ``subsidies.rules.recusal_reason`` and ``subsidies.clock``."""
        ties = Q(organisation_id=organisation)
        if expert_team is not None:
            ties |= Q(expert_team_id=expert_team)
        return self.filter(ties)


class ConflictDeclaration(models.Model):
    member = required_user(_("commissielid"), on_delete=models.CASCADE, related_name="conflict_declarations")
    # The tie: exactly one of these two is set (``conflict_one_tie``).
    organisation = optional_ref(Organisation, _("organisatie"), on_delete=models.CASCADE)
    expert_team = optional_ref(ExpertTeam, _("expertteam"), on_delete=models.CASCADE)
    description = models.CharField(_("aard van de band"), max_length=200)
    valid_from = models.DateField(_("vanaf"))
    valid_until = models.DateField(_("tot en met"), null=True, blank=True)
    declared_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)

    objects = ConflictDeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["member_id", "-valid_from", "id"]
        verbose_name = _("gemeld belang")
        verbose_name_plural = _("gemelde belangen")
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(expert_team__isnull=True))
                | (Q(organisation__isnull=True) & Q(expert_team__isnull=False)),
                name="conflict_one_tie",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="conflict_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.organisation or self.expert_team}"

    @property
    def tie(self) -> str:
        return str(self.organisation or self.expert_team)
