"""Derived scores, warnings and badges follow every change of a licence or a regulator, and
the badge every change of a reader's review (the reviews app is named by its label only: it
depends on this one, not the other way round)."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Licence, Regulator
from .services import refresh_broker, refresh_regulator_brokers


@receiver([post_save, post_delete], sender=Licence)
def on_licence_changed(sender, instance, **kwargs):
    refresh_broker(instance.broker_id)


@receiver(post_save, sender=Regulator)
def on_regulator_changed(sender, instance, **kwargs):
    refresh_regulator_brokers(instance.pk)


def on_review_changed(sender, instance, **kwargs):
    broker_id = instance.broker_id
    transaction.on_commit(lambda: refresh_broker(broker_id))


if apps.is_installed("infofinance.reviews"):
    post_save.connect(on_review_changed, sender="reviews.Review", dispatch_uid="badge-review-saved")
    post_delete.connect(
        on_review_changed, sender="reviews.Review", dispatch_uid="badge-review-gone"
    )
