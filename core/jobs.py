"""Generated-file jobs: one model base and one runner for every file built in the background.

A regional report (``reports.ReportRequest``), a track report (``learning.TrackReport``), a client's
access report (``privacy.AccessReport``), a decision letter (``subsidies.DecisionLetter``) and a printed
case file (``expertteams.CaseFileExport``) are each a ``GeneratedFile``: a row with a status, a progress percentage, the number of attempts and, once done,
a private file. Their Celery tasks only call ``run_job(Model, pk)``, which

- claims the job under a row lock (a job that is running, done, failed for good or expired is left
  alone, so a task that runs twice builds the file once),
- builds the file through the model's ``build(progress)`` and stores it,
- on an error puts the job back in the queue and re-raises, so the task's retry (with backoff, see
  ``config.celery.JeugdcasusTask``) tries again; after ``JOB_MAX_ATTEMPTS`` attempts the job is failed
  for good and its requester is told so by e-mail. A file that must exist whatever happens (a decision
  letter) sets ``gives_up = False``: its job is never failed for good and the sweep keeps taking it up.

A worker that dies half-way leaves a job ``RUNNING``. ``recover_stuck_jobs`` (a periodic task) takes up
every job running for longer than the hard task time limit, and every queued job whose task message
got lost, and starts its task again.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import ClassVar

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.fields import report_expires_at, required_user
from core.formatting import format_date

logger = logging.getLogger(__name__)

# A queued job whose task has not started for this long is assumed lost and started again.
LOST_AFTER = timedelta(minutes=10)


class JobStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("In de wachtrij")
    RUNNING = "running", gettext_lazy("Wordt gemaakt")
    DONE = "done", gettext_lazy("Klaar")
    FAILED = "failed", gettext_lazy("Mislukt")
    EXPIRED = "expired", gettext_lazy("Verlopen")


def generated_upload_to(instance: GeneratedFile, filename: str) -> str:
    # A random stored name in the model's folder: it never carries the download name (``filename``),
    # which may hold a case reference.
    return f"{instance.upload_folder()}/{instance.stored_name.format(uuid.uuid4().hex)}"


FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.EXPIRED)


class GeneratedFile(models.Model):
    """Abstract base of a file built by a background job. A concrete model adds ``upload_folder``,
    ``task_name``, ``filename``, ``build`` and ``link``."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_by = required_user(gettext_lazy("aangevraagd door"), on_delete=models.CASCADE)
    status = models.CharField(
        gettext_lazy("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(gettext_lazy("voortgang"), default=0)
    error = models.CharField(gettext_lazy("foutmelding"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(gettext_lazy("pogingen"), default=0)
    created_at = models.DateTimeField(gettext_lazy("aangevraagd op"), auto_now_add=True)
    started_at = models.DateTimeField(gettext_lazy("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(gettext_lazy("klaar op"), null=True, blank=True)
    # Empty until the job has built it.
    file = models.FileField(upload_to=generated_upload_to, blank=True)

    # The dotted name of the Celery task that runs ``run_job`` for this model.
    task_name: ClassVar[str] = ""
    # False for a file nobody can ask for again (a decision letter): after any number of attempts the
    # job goes back in the queue, so ``recover_stuck_jobs`` starts it again, and nobody is e-mailed.
    gives_up: ClassVar[bool] = True
    # The stored file's name in ``upload_folder()``; ``{}`` is a random token.
    stored_name: ClassVar[str] = "{}"

    class Meta:
        abstract = True

    @property
    def is_downloadable(self) -> bool:
        """Built and stored, and for a file kept for a limited time not past its ``expires_at`` (the
        sweep ``core.services.expire_files`` removes it later; it is not served after that moment)."""
        expires_at = getattr(self, "expires_at", None)
        return (
            self.status == JobStatus.DONE
            and bool(self.file)
            and (expires_at is None or expires_at > timezone.now())
        )

    @property
    def is_finished(self) -> bool:
        """Nothing will change any more: built, failed for good, or removed after its time."""
        return self.status in FINISHED

    def status_json(self, *, download_url: str, downloads: dict[str, str]) -> dict:
        """What a page polling this job reads (``static/js/report_status.js``): the status, its label,
        the progress, this file's ``download_url`` once it is built, and ``downloads``: per format, the
        address of each file of the request that is ready (the script shows the link of each)."""
        return {
            "status": self.status,
            "label": self.get_status_display(),
            "progress": self.progress,
            "download_url": download_url if self.status == JobStatus.DONE else None,
            "downloads": downloads,
        }

    def upload_folder(self) -> str:
        """The storage folder of this file, e.g. ``reports/<public id>``."""
        raise NotImplementedError

    @property
    def filename(self) -> str:
        raise NotImplementedError

    def build(self, progress: Callable[[int], None]) -> bytes:
        """The file's content; ``progress(percentage)`` may be called on the way."""
        raise NotImplementedError

    def link(self) -> str:
        """Where the requester sees the job (an absolute URL without personal data)."""
        raise NotImplementedError

    def notify_ready(self) -> None:
        """Tell the requester the file is ready (nothing by default)."""

    def notify_failed(self) -> None:
        """Tell the requester the file could not be made (reference and link only)."""
        if not self.requested_by.email:
            return
        send_mail(
            _("Jeugdcasus: uw bestand kon niet worden gemaakt"),
            _(
                "Het bestand dat u heeft aangevraagd, kon na %(attempts)s pogingen niet worden gemaakt. "
                "De beheerder is op de hoogte. U kunt het opnieuw aanvragen:\n\n%(link)s"
            )
            % {"attempts": self.attempts, "link": self.link()},
            settings.DEFAULT_FROM_EMAIL,
            [self.requested_by.email],
        )


class PeriodReport(GeneratedFile):
    """A generated report over a period whose file expires (``core.services.expire_files`` deletes it
    after ``expires_at``): a regional report and a client's access report."""

    period_start = models.DateField(gettext_lazy("periode vanaf"))
    period_end = models.DateField(gettext_lazy("periode tot en met"))
    expires_at = report_expires_at()

    class Meta:
        abstract = True

    @property
    def period_label(self) -> str:
        """The period as the pages show it, e.g. ``01-01-2025 – 31-03-2025``."""
        return f"{format_date(self.period_start)} – {format_date(self.period_end)}"

    @property
    def period_slug(self) -> str:
        """The period in a file name, e.g. ``20250101-20250331``."""
        return f"{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}"


def _last_attempt(job: GeneratedFile) -> bool:
    return job.gives_up and job.attempts >= settings.JOB_MAX_ATTEMPTS


def job_models() -> list[type[GeneratedFile]]:
    return [model for model in apps.get_models() if issubclass(model, GeneratedFile)]


def _claim(model: type[GeneratedFile], job_id: int) -> GeneratedFile | None:
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=job_id, status=JobStatus.QUEUED).first()
        if job is None:
            return None
        job.status, job.progress, job.error = JobStatus.RUNNING, 5, ""
        job.started_at = timezone.now()
        job.attempts = F("attempts") + 1
        job.save(update_fields=["status", "progress", "error", "started_at", "attempts"])
    job.refresh_from_db(fields=["attempts"])
    return job


def run_job(model: type[GeneratedFile], job_id: int) -> None:
    """Build the file of a queued job; safe to run twice (see the module docstring).

    Re-raises the build's error while attempts remain, so the calling task retries; after the last
    attempt the job is ``FAILED`` and its requester told.
    """
    job = _claim(model, job_id)
    if job is None:
        return

    def progress(percentage: int) -> None:
        model.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(progress=percentage)

    try:
        data = job.build(progress)
        job.file.save(job.filename, ContentFile(data), save=False)
    except Exception as exc:
        final = _last_attempt(job)
        model.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED if final else JobStatus.QUEUED, progress=0, error=type(exc).__name__
        )
        if not final:
            raise
        logger.error(
            "Job %s %s failed for good after %s attempts",
            model._meta.label,
            job.pk,
            job.attempts,
            exc_info=True,
        )
        job.notify_failed()
        return
    job.status, job.progress, job.finished_at = JobStatus.DONE, 100, timezone.now()
    job.save(update_fields=["file", "status", "progress", "finished_at"])
    job.notify_ready()


def recover_stuck_jobs(*, now: datetime | None = None) -> int:
    """Start the task again of every job stuck ``RUNNING`` past the hard time limit (its worker died)
    and of every job queued for longer than ``LOST_AFTER`` (its message got lost). A stuck job that
    has had all its attempts is failed for good and its requester told. Returns how many were taken up."""
    from celery import current_app  # noqa: PLC0415  (the Celery app imports Django settings)

    now = now or timezone.now()
    stuck_before = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) - timedelta(minutes=1)
    restarted = 0
    for model in job_models():
        stuck = Q(status=JobStatus.RUNNING, started_at__lt=stuck_before)
        lost = Q(status=JobStatus.QUEUED, created_at__lt=now - LOST_AFTER) & (
            Q(started_at__isnull=True) | Q(started_at__lt=now - LOST_AFTER)
        )
        for job_id in model.objects.filter(stuck | lost).order_by("pk").values_list("pk", flat=True):
            with transaction.atomic():
                job = model.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
                if job is None or not (
                    (job.status == JobStatus.RUNNING and job.started_at < stuck_before)
                    or job.status == JobStatus.QUEUED
                ):
                    continue
                if _last_attempt(job):
                    job.status, job.progress, job.error = JobStatus.FAILED, 0, "WorkerLost"
                    job.save(update_fields=["status", "progress", "error"])
                    transaction.on_commit(job.notify_failed)
                    continue
                job.status, job.progress = JobStatus.QUEUED, 0
                job.started_at = now
                job.save(update_fields=["status", "progress", "started_at"])
                task = current_app.tasks[model.task_name]
                transaction.on_commit(lambda task=task, pk=job.pk: task.delay(pk))
                restarted += 1
    return restarted
