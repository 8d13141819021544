"""Bookkeeping rows of the worker. They are written with queryset updates and bulk inserts
only, which send no model signals: a heartbeat every few seconds must not look like a content
change to the page cache."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running worker says it is alive every few seconds (a thread of its own, so a long task
    does not make it look dead). A task left RUNNING by a worker silent for longer than
    TASKS_ABANDONED_AFTER is put back in the queue."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    backend = models.CharField(max_length=32)
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        permissions = [("view_tasks_health", _("Can see the health of background tasks"))]

    def __str__(self):
        return self.worker_id


class PeriodicLock(models.Model):
    """One row: the last period whose jobs a worker claimed, and until when it holds the lock.
    Claiming is one conditional UPDATE, so of several workers exactly one runs each period."""

    name = models.CharField(max_length=64, primary_key=True)
    slot = models.BigIntegerField(default=0)
    holder = models.CharField(max_length=64, blank=True)
    held_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} {self.slot} {self.holder}"


class PeriodicJobRun(models.Model):
    """The last run of each periodic job."""

    name = models.CharField(max_length=100, primary_key=True)
    last_started_at = models.DateTimeField()
    last_finished_at = models.DateTimeField()
    last_ok = models.BooleanField()
    last_error = models.TextField(blank=True)
    last_worker = models.CharField(max_length=64, blank=True)
    runs = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")

    def __str__(self):
        return self.name
