"""Writes of the accounts: the profile, and deleting an account with everything registered in
the personal-data registry, in one transaction."""

from django.contrib.auth import logout
from django.db import transaction

from infofinance.audit.models import AccountEvent
from infofinance.audit.services import record_account_event
from infofinance.wiring import personal_data


def delete_account(request, user) -> None:
    """Erase or anonymise every app's data about `user` (complaints stay, anonymised), then the
    account itself; all or nothing."""
    identifier = f"user #{user.pk}"
    with transaction.atomic():
        personal_data.erase_all(user)
        user.delete()
        record_account_event(AccountEvent.Kind.ACCOUNT_DELETED, request, identifier=identifier)
    logout(request)
