"""Reads of the accounts: what the data-rights export holds about a reader."""

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
