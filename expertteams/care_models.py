"""Models of the care cycle around the plan: the placement-change step's detail, review and aftercare
moments (``FollowUp``) with the "gaat het nog goed?" step's detail, and the reminder e-mails about due
actions and moments. Written by ``expertteams.services``, ``expertteams.followups`` and
``expertteams.reminders`` only."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, PlacementEpisode, PlacementType
from core.fields import optional_user, required_user
from core.formatting import format_date
from expertteams.models import ActionItem, Step, resolution_fields


class PlacementChange(models.Model):
    """The youth moved: the step's date is the first day at the new place. Logging it ends the current
    placement episode and starts ``episode`` (``cases.placements.change_placement``)."""

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="placement_change")
    placement_type = models.CharField(_("nieuwe verblijfplek"), max_length=20, choices=PlacementType.choices)
    provider = models.CharField(_("aanbieder of plek"), max_length=200, blank=True)
    forced = models.BooleanField(_("gedwongen plaatsing"), default=False)
    episode = models.OneToOneField(
        PlacementEpisode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placement_change",
        verbose_name=_("verblijfsperiode"),
    )

    class Meta:
        verbose_name = _("verblijfswijziging")
        verbose_name_plural = _("verblijfswijzigingen")


class FollowUp(models.Model):
    """A moment to check how it goes: a review of the plan while the case runs, or an aftercare check
    (3, 6 and 12 months after closing by default, ``settings.FOLLOW_UP_MONTHS``). A task for ``owner``;
    recorded as a "gaat het nog goed?" step (``step``), or handled otherwise (``resolution``)."""

    class Kind(models.TextChoices):
        REVIEW = "evaluatie", _("Evaluatiemoment")
        AFTERCARE = "nazorg", _("Nazorgmoment")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    due_on = models.DateField(_("datum"))
    owner = optional_user(_("wie (gebruiker)"), related_name="follow_ups")
    owner_name = models.CharField(_("wie"), max_length=120, blank=True)
    what_to_check = models.TextField(_("wat nagaan"), blank=True)
    resolution, resolution_note = resolution_fields()
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    step = models.OneToOneField(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_up_moment"
    )
    created_by = required_user()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("evaluatie- of nazorgmoment")
        verbose_name_plural = _("evaluatie- en nazorgmomenten")
        indexes = [
            models.Index(
                fields=["case", "kind", "due_on"],
                condition=Q(resolved_at__isnull=True),
                name="followup_open_case_idx",
            ),
            models.Index(
                fields=["owner", "due_on"],
                condition=Q(resolved_at__isnull=True),
                name="followup_open_owner_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_date(self.due_on)}"

    @property
    def is_planned(self) -> bool:
        return self.resolved_at is None


class FollowUpCheck(models.Model):
    """The "gaat het nog goed?" step: yes or no, a note (the step's summary) and, when not, why the
    case was reopened."""

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="follow_up_check")
    going_well = models.BooleanField(_("gaat het nog goed?"))
    reopen_reason = models.TextField(_("reden om de casus te heropenen"), blank=True)

    class Meta:
        verbose_name = _("evaluatie of nazorg")
        verbose_name_plural = _("evaluaties en nazorg")


class CaseReminder(models.Model):
    """One reminder e-mail about a due action or follow-up moment, claimed by inserting this row: the
    unique constraints let exactly one sweep send it (``expertteams.reminders``)."""

    class Kind(models.TextChoices):
        ACTION_DUE = "actie", _("Actie verloopt")
        FOLLOW_UP_DUE = "nazorg", _("Evaluatie of nazorg gepland")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    recipient = required_user(on_delete=models.CASCADE)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "recipient"],
                condition=Q(action__isnull=False),
                name="unique_action_reminder",
            ),
            models.UniqueConstraint(
                fields=["follow_up", "recipient"],
                condition=Q(follow_up__isnull=False),
                name="unique_follow_up_reminder",
            ),
            models.CheckConstraint(
                condition=Q(action__isnull=False, follow_up__isnull=True)
                | Q(action__isnull=True, follow_up__isnull=False),
                name="reminder_about_one_thing",
            ),
        ]
