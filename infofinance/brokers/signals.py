"""Derived scores and warnings follow every change of a licence or a regulator."""

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
