"""Learning networks: action-learning tracks with a team per municipality, sessions on pseudonymised
learning cases, findings tagged with themes, trainings and the track report.

A learning case never carries identifying data; its optional link to a real ``cases.Case`` exists only
while consent for the learning network is active (``learning.services``), and is never shown to learners.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import optional_ref, optional_user, region_ref, required_ref, required_user
from core.formatting import format_date, format_moment
from core.jobs import GeneratedFile, JobStatus, generated_upload_to
from core.models import Municipality, NamedModel

MAX_SESSION_MINUTES = 180
# The refusal of a longer session, for the database constraint, ``clean`` and the form alike.
SESSION_TOO_LONG = _("Een leerbijeenkomst duurt maximaal 3 uur (180 minuten).")
DEFAULT_PREPARATION_MINUTES = 60
DEFAULT_PROJECT_GROUP_MEETINGS = 3


class LearningTrack(models.Model):
    """An action-learning track in one region, e.g. *Actieleren voorkomen uithuisplaatsingen*."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    region = region_ref("learning_tracks")
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    aim = models.TextField(_("doel"), blank=True)
    learning_questions = models.TextField(_("leervragen"), blank=True)
    action_learner = models.CharField(_("action learner"), max_length=200, blank=True)
    omdenker = models.CharField(_("omdenker (ervaringsdeskundige ouder)"), max_length=200, blank=True)
    project_group_meetings_planned = models.PositiveSmallIntegerField(
        _("geplande bijeenkomsten projectgroep"), default=DEFAULT_PROJECT_GROUP_MEETINGS
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "name"]
        verbose_name = _("leertraject")
        verbose_name_plural = _("leertrajecten")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="learning_track_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Het einde van de periode ligt voor het begin.")})


def in_track(related_name: str):
    """The learning track a row belongs to; it goes when the track goes."""
    return models.ForeignKey(
        LearningTrack, on_delete=models.CASCADE, related_name=related_name, verbose_name=_("leertraject")
    )


class TrackParticipant(models.Model):
    """A user taking part in a track. Learners see only the tracks they take part in."""

    class Role(models.TextChoices):
        LEARNER = "learner", _("Deelnemer uitvoeringsteam")
        PROJECT_GROUP = "project_group", _("Lid projectgroep")
        ACTION_LEARNER = "action_learner", _("Action learner")
        OMDENKER = "omdenker", _("Omdenker")

    track = in_track("participants")
    user = required_user(_("gebruiker"), on_delete=models.CASCADE, related_name="learning_participations")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.LEARNER)

    class Meta:
        ordering = ["track", "user__username"]
        verbose_name = _("deelnemer leertraject")
        verbose_name_plural = _("deelnemers leertraject")
        constraints = [
            models.UniqueConstraint(fields=["track", "user"], name="unique_track_participant"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class ProjectGroupMeeting(models.Model):
    track = in_track("project_group_meetings")
    date = models.DateField(_("datum"))
    held = models.BooleanField(_("gehouden"), default=False)
    notes = models.TextField(_("aantekeningen"), blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("bijeenkomst projectgroep")
        verbose_name_plural = _("bijeenkomsten projectgroep")

    def __str__(self) -> str:
        return f"{self.track} {format_date(self.date)}"


class LearningTeam(models.Model):
    """The team of one municipality in a track, with the number of sessions it plans."""

    track = in_track("teams")
    municipality = required_ref(Municipality, _("gemeente"), related_name="learning_teams")
    planned_sessions = models.PositiveSmallIntegerField(_("geplande leerbijeenkomsten"), default=5)

    class Meta:
        ordering = ["track", "municipality__name"]
        verbose_name = _("uitvoeringsteam")
        verbose_name_plural = _("uitvoeringsteams")
        constraints = [
            models.UniqueConstraint(fields=["track", "municipality"], name="unique_team_per_municipality"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} ({self.track})"


class TeamMember(models.Model):
    class Role(models.TextChoices):
        QUALITY_OFFICER = "kwaliteitsmedewerker", _("Kwaliteitsmedewerker")
        CONSULTANT = "consulent", _("Consulent")
        BEHAVIOURAL_SCIENTIST = "gedragswetenschapper", _("Gedragswetenschapper")
        PROVIDER = "aanbieder", _("Medewerker zorgaanbieder")
        ACTION_LEARNER = "actielerende", _("Action learner")
        OMDENKER = "omdenker", _("Omdenker")

    team = models.ForeignKey(
        LearningTeam, on_delete=models.CASCADE, related_name="members", verbose_name=_("team")
    )
    name = models.CharField(_("naam"), max_length=120)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    user = optional_user(_("gebruiker"), related_name="learning_team_memberships")
    role = models.CharField(_("rol"), max_length=24, choices=Role.choices)

    class Meta:
        ordering = ["team", "name"]
        verbose_name = _("teamlid")
        verbose_name_plural = _("teamleden")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class LearningCase(models.Model):
    """A pseudonymised case discussed in the track: a code and a summary without identifying data.

    ``case`` is set only by ``services.link_learning_case`` (active consent required) and cleared at once
    when that consent is withdrawn; the learning case is then flagged for review.
    """

    track = in_track("learning_cases")
    code = models.CharField(_("code"), max_length=20, help_text=_("Bijvoorbeeld LC-07."))
    summary = models.TextField(_("samenvatting"), help_text=_("Schrijf zonder herleidbare gegevens."))
    case = optional_ref("cases.Case", _("gekoppelde casus"), related_name="learning_cases")
    needs_review = models.BooleanField(_("moet worden nagekeken"), default=False)
    review_reason = models.CharField(_("reden nakijken"), max_length=300, blank=True)
    created_by = optional_user()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["track", "code"]
        verbose_name = _("leercasus")
        verbose_name_plural = _("leercasussen")
        constraints = [
            models.UniqueConstraint(fields=["track", "code"], name="unique_learning_case_code"),
        ]

    def __str__(self) -> str:
        return self.code


class LearningSession(models.Model):
    """A learning meeting of one team: at most 3 hours, plus (by default) 1 hour of preparation."""

    team = models.ForeignKey(
        LearningTeam, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("team")
    )
    date = models.DateField(_("datum"))
    place = models.CharField(_("locatie"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur (minuten)"), help_text=_("Maximaal 180 minuten (3 uur).")
    )
    preparation_minutes = models.PositiveSmallIntegerField(
        _("voorbereiding (minuten)"), default=DEFAULT_PREPARATION_MINUTES
    )
    attendees = models.ManyToManyField(
        TeamMember, blank=True, related_name="sessions_attended", verbose_name=_("aanwezig")
    )
    learning_cases = models.ManyToManyField(
        LearningCase, blank=True, related_name="sessions", verbose_name=_("besproken leercasussen")
    )
    alternative_plan = models.TextField(_("alternatief plan"), blank=True)
    created_by = optional_user()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("leerbijeenkomst")
        verbose_name_plural = _("leerbijeenkomsten")
        indexes = [models.Index(fields=["team", "date"], name="learning_session_team_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0, duration_minutes__lte=MAX_SESSION_MINUTES),
                name="learning_session_at_most_3_hours",
                violation_error_message=SESSION_TOO_LONG,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team.municipality} {format_date(self.date)}"

    def clean(self):
        if self.duration_minutes is not None and self.duration_minutes > MAX_SESSION_MINUTES:
            raise ValidationError({"duration_minutes": SESSION_TOO_LONG})
        if self.duration_minutes is not None and self.duration_minutes <= 0:
            raise ValidationError({"duration_minutes": _("Vul de duur in minuten in.")})


class SessionInterview(models.Model):
    """An interview with the youth and/or parents, held for a session to hear their perspective."""

    class WithWhom(models.TextChoices):
        YOUTH = "youth", _("Jongere")
        PARENT = "parent", _("Ouder(s)")
        BOTH = "both", _("Jongere en ouder(s)")

    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("bijeenkomst")
    )
    with_whom = models.CharField(_("met wie"), max_length=8, choices=WithWhom.choices)
    perspective = models.TextField(_("perspectief"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self) -> str:
        return self.get_with_whom_display()


class SessionAction(models.Model):
    """An action item of the alternative plan."""

    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="actions", verbose_name=_("bijeenkomst")
    )
    description = models.CharField(_("actie"), max_length=300)
    owner = models.CharField(_("wie"), max_length=120, blank=True)
    due_on = models.DateField(_("uiterlijk"), null=True, blank=True)
    done = models.BooleanField(_("gedaan"), default=False)

    class Meta:
        ordering = ["done", "due_on", "id"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")

    def __str__(self) -> str:
        return self.description


class Theme(NamedModel):
    """A theme findings are tagged with; seeded from the Flevoland results, extended by administrators."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    description = models.TextField(_("toelichting"), blank=True)

    class Meta(NamedModel.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")


class Finding(models.Model):
    """What a session learned, with a recommendation; tagged with at least one theme (form/service)."""

    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="findings", verbose_name=_("bijeenkomst")
    )
    learning_case = optional_ref(LearningCase, _("leercasus"), related_name="findings")
    text = models.TextField(_("bevinding"))
    recommendation = models.TextField(_("aanbeveling"), blank=True)
    themes = models.ManyToManyField(Theme, related_name="findings", verbose_name=_("thema's"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")

    def __str__(self) -> str:
        return self.text[:60]


class Course(NamedModel):
    """A training of the network (Ervaringsacademie, working with the verklarende analyse)."""

    class Kind(models.TextChoices):
        EXPERIENCE_ACADEMY = "ervaringsacademie", _("Ervaringsacademie")
        EXPLANATORY_ANALYSIS = "verklarende_analyse", _("Werken met de verklarende analyse")
        OTHER = "other", _("Overig")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=24, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta(NamedModel.Meta):
        verbose_name = _("training")
        verbose_name_plural = _("trainingen")


class CourseDate(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="dates", verbose_name=_("training")
    )
    date = models.DateField(_("datum"))
    place = models.CharField(_("locatie"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("trainingsdatum")
        verbose_name_plural = _("trainingsdata")

    def __str__(self) -> str:
        return f"{self.course} {format_date(self.date)}"


class CourseParticipant(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="participants", verbose_name=_("training")
    )
    name = models.CharField(_("naam"), max_length=120)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    user = optional_user(_("gebruiker"), related_name="courses_taken")
    completed = models.BooleanField(_("afgerond"), default=False)

    class Meta:
        ordering = ["course", "name"]
        verbose_name = _("cursist")
        verbose_name_plural = _("cursisten")

    def __str__(self) -> str:
        return self.name


# The status of a track report is the status of any generated-file job.
TrackReportStatus = JobStatus


# The initial migration names the upload path by this name.
track_report_upload_to = generated_upload_to


class TrackReport(GeneratedFile):
    """A PDF of a track's findings and recommendations by theme, made by ``learning.tasks``."""

    track = in_track("reports")

    task_name = "learning.tasks.build_track_report"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("traject-rapport")
        verbose_name_plural = _("traject-rapporten")
        indexes = [models.Index(fields=["track", "-created_at"], name="track_report_track_idx")]

    def __str__(self) -> str:
        return f"{self.track} {format_moment(self.created_at)}" if self.created_at else str(self.track)

    def upload_folder(self) -> str:
        return f"learning/reports/{self.public_id}"

    @property
    def filename(self) -> str:
        return f"leertraject-{self.track_id}-{self.created_at:%Y%m%d-%H%M}.pdf"

    def build(self, progress) -> bytes:
        from learning.reporting import render_track_report_pdf  # noqa: PLC0415

        return render_track_report_pdf(self, progress=progress)

    def link(self) -> str:
        return settings.SITE_URL + reverse("learning:track_detail", args=[self.track_id])
