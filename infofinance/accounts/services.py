"""Writes of the accounts: the profile, and deleting an account with everything registered in
the personal-data registry, in one transaction; erasing what we hold about an e-mail address
(the signed link of every e-mail: data_rights.py), its account included, the same way."""

from django.contrib.auth import logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from infofinance.audit.models import AccountEvent
from infofinance.audit.services import record_account_event
from infofinance.wiring import personal_data


def erase_account(request: HttpRequest | None, user: AbstractBaseUser, detail: str = "") -> None:
    """Erase or anonymise every app's data about `user` (complaints stay, anonymised), then the
    account itself; all or nothing. The security log keeps that it happened."""
    identifier = f"user #{user.pk}"
    with transaction.atomic():
        personal_data.erase_all(user)
        user.delete()
        record_account_event(
            AccountEvent.Kind.ACCOUNT_DELETED, request, identifier=identifier, detail=detail
        )


def delete_account(request: HttpRequest, user: AbstractBaseUser) -> None:
    """The reader deletes their own account, logged in: erase_account, then the logout."""
    erase_account(request, user)
    logout(request)


def erase_address(request: HttpRequest | None, address: str, account_ids: list[int]) -> None:
    """Everything we hold about `address`: the account with that address, as delete_account
    does (the account ids the erasure was confirmed for: an account created since is not
    touched), then what every app keys by the address itself. All or nothing."""
    from .selectors import accounts_with_address

    with transaction.atomic():
        for user in accounts_with_address(address).filter(pk__in=account_ids):
            erase_account(request, user, detail="by the data-rights link")
        personal_data.erase_all_for_address(address)
