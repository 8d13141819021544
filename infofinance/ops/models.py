"""Bookkeeping rows of the worker. They are written with queryset updates and bulk inserts
only, which send no model signals: a heartbeat every few seconds must not look like a content
change to the page cache."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running worker says it is alive every few seconds (a thread of its own, so a long task
    does not make it look dead). A task left RUNNING by a worker silent for longer than
    TASKS_ABANDONED_AFTER is put back in the queue."""

    worker_id = models.CharField(max_length=64, primary_key=True, verbose_name=_("worker"))
    hostname = models.CharField(max_length=255, verbose_name=_("host"))
    pid = models.PositiveIntegerField(verbose_name=_("process id"))
    backend = models.CharField(max_length=32, verbose_name=_("queue backend"))
    started_at = models.DateTimeField(verbose_name=_("started"))
    last_seen = models.DateTimeField(db_index=True, verbose_name=_("last seen"))
    stopped_at = models.DateTimeField(null=True, blank=True, verbose_name=_("stopped"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        permissions = [("view_tasks_health", _("Can see the health of background tasks"))]

    def __str__(self):
        return self.worker_id


class PeriodicLock(models.Model):
    """One row: the last period whose jobs a worker claimed, and until when it holds the lock.
    Claiming is one conditional UPDATE, so of several workers exactly one runs each period."""

    name = models.CharField(max_length=64, primary_key=True, verbose_name=_("job"))
    slot = models.BigIntegerField(default=0, verbose_name=_("time slot"))
    holder = models.CharField(max_length=64, blank=True, verbose_name=_("held by"))
    held_until = models.DateTimeField(null=True, blank=True, verbose_name=_("held until"))

    class Meta:
        verbose_name = _("periodic lock")
        verbose_name_plural = _("periodic locks")

    def __str__(self):
        return f"{self.name} {self.slot} {self.holder}"


class PeriodicJobRun(models.Model):
    """The last run of each periodic job."""

    name = models.CharField(max_length=100, primary_key=True, verbose_name=_("job"))
    last_started_at = models.DateTimeField(verbose_name=_("last started"))
    last_finished_at = models.DateTimeField(verbose_name=_("last finished"))
    last_ok = models.BooleanField(verbose_name=_("last run succeeded"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    last_worker = models.CharField(max_length=64, blank=True, verbose_name=_("last worker"))
    runs = models.PositiveIntegerField(default=0, verbose_name=_("runs"))
    failures = models.PositiveIntegerField(default=0, verbose_name=_("failures"))

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")

    def __str__(self):
        return self.name
