"""Abstract bases of the domain models, rows owned by one user, and the background jobs users start and watch."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy


class TimestampedModel(models.Model):
    """A record that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class SyncedModel(models.Model):
    """A record a tablet may create offline: the client may choose its UUID, and every change bumps the version."""

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def signed_in(user) -> bool:
    """A signed-in, active account: nobody else acts on any row."""
    return user is not None and user.is_authenticated and user.is_active


class OwnedQuerySet(models.QuerySet):
    """Rows that are one user's own (their uploads, their background jobs): ``restrict(user, action)`` gives every
    user, a superuser too, only theirs; the work behind them runs as that user."""

    owner_field = "user"

    def restrict(self, user, action: str = "view"):
        if not signed_in(user):
            return self.none()
        return self.filter(**{self.owner_field: user})


WAITING_LONG = datetime.timedelta(minutes=5)
# Seconds between a task's soft time limit (the job fails with a message) and its hard one (the worker process is
# ended): time for the task to roll back and record the failure.
HARD_LIMIT_GRACE = 60


def time_limit_message(seconds: int) -> str:
    """What the job's page says of work stopped at its time limit (in the active language)."""
    minutes = max(1, round(seconds / 60))
    return ngettext(
        "The work took longer than its limit of %(minutes)s minute and was stopped. Try a smaller file, or ask the "
        "administrators to raise the limit.",
        "The work took longer than its limit of %(minutes)s minutes and was stopped. Try a smaller file, or ask the "
        "administrators to raise the limit.",
        minutes,
    ) % {"minutes": minutes}


class JobState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("job", "waiting to start")
    RUNNING = "running", pgettext_lazy("job", "running")
    DONE = "done", pgettext_lazy("job", "done")
    FAILED = "failed", pgettext_lazy("job", "failed")


class JobQuerySet(OwnedQuerySet):
    """A job is its starter's alone (its result holds what they were allowed to see)."""

    owner_field = "user"


class Job(models.Model):
    """One run of a background task on behalf of a user: state, progress (done of total), result and output file.

    The id is a random UUID: the page's address gives nothing away. The task updates the row as it goes, so any
    process (the page, the API) reads the progress from the database, with or without a result backend.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.CASCADE, related_name="jobs"
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    output = models.BinaryField(_("output file"), null=True, blank=True, editable=False)
    output_name = models.CharField(_("output file name"), max_length=200, blank=True)
    output_type = models.CharField(_("output content type"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        db_table = "network_job"  # moved from the network app with its table
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="job_user_created_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("job", args=[self.pk])

    @property
    def waiting_long(self) -> bool:
        """Queued for longer than a worker takes to start a job: is a worker running at all?"""
        return self.state == JobState.QUEUED and timezone.now() - self.created_at > WAITING_LONG

    @property
    def timed_out(self) -> bool:
        """Still running past its task's hard time limit: the worker ended it before it could say so (params
        "time_limit", the soft limit in seconds, recorded by job_start)."""
        limit = (self.params or {}).get("time_limit")
        return (
            self.state == JobState.RUNNING
            and bool(limit)
            and self.started_at is not None
            and timezone.now() - self.started_at > datetime.timedelta(seconds=limit + HARD_LIMIT_GRACE)
        )

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED) or self.timed_out

    @property
    def shown_state(self) -> str:
        return JobState.FAILED.label if self.timed_out else self.get_state_display()

    @property
    def failure(self) -> str:
        """Why the job failed, for its page."""
        return time_limit_message(self.params["time_limit"]) if self.timed_out else self.error

    @property
    def percent(self) -> int | None:
        if self.state == JobState.DONE:
            return 100
        if not self.total:
            return None
        return min(99, self.done * 100 // self.total)
