from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "infofinance.ops"
    label = "ops"
    verbose_name = "Operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from infofinance.pagecache import registry

        from .models import PeriodicJobRun, PeriodicLock, WorkerHeartbeat

        # The workers' bookkeeping: no public page shows it.
        registry.register_bookkeeping(WorkerHeartbeat, PeriodicLock, PeriodicJobRun)
