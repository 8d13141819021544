"""Reads of the accounts: what the data-rights export holds about a reader, by account or by
e-mail address (the signed link of every e-mail, data_rights.py)."""

from infofinance.wiring import personal_data


def export_account(user) -> dict:
    """The accounts' own data: the profile, e-mail addresses, linked logins, second factors
    (their kinds and dates, never the secrets)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    return {
        "email": user.email,
        "display_name": user.display_name,
        "phone": user.phone,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "privacy_consent_at": user.privacy_consent_at.isoformat()
        if user.privacy_consent_at
        else None,
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "social_accounts": [
            {
                "provider": account.provider,
                "uid": account.uid,
                "date_joined": str(account.date_joined),
            }
            for account in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        "two_factor": [
            {
                "type": authenticator.type,
                "created_at": authenticator.created_at.isoformat(),
                "last_used_at": authenticator.last_used_at.isoformat()
                if authenticator.last_used_at
                else None,
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
        ],
    }


def export_everything(user) -> dict:
    return {"format": "infofinance-personal-data/1", **personal_data.export_all(user)}


def accounts_with_address(address: str):
    """The accounts whose address is `address` (one at most: addresses are unique), by id."""
    from django.contrib.auth import get_user_model

    address = personal_data.normalise_address(address)
    return get_user_model().objects.filter(email__iexact=address).order_by("pk")


def export_account_for_address(address: str) -> dict | None:
    """The account part of an export by address: export_account of its account, None when no
    account has it."""
    user = accounts_with_address(address).first()
    return export_account(user) if user is not None else None


def export_everything_for_address(address: str) -> dict:
    """The account export's format, for the reader of `address`: what every app holds keyed by
    that address or about the account with it."""
    address = personal_data.normalise_address(address)
    return {
        "format": "infofinance-personal-data/1",
        "email_address": address,
        **personal_data.export_all_for_address(address),
    }
