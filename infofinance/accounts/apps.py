"""Reader and staff accounts: the custom user model, allauth's adapters, MFA for the admin."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "infofinance.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from infofinance.wiring import personal_data

        from . import data_rights  # the data-rights links of every e-mail, their erasure mails
        from .selectors import export_account, export_account_for_address

        # The account row itself is deleted by services.erase_account after every erase(), by
        # address too (services.erase_address): no app's address hook deletes an account. The
        # hooks of erasure here revoke the data-rights links of the address.
        personal_data.register(
            "account",
            export=export_account,
            erase=data_rights.forget_links_of_user,
            export_for_address=export_account_for_address,
            erase_for_address=data_rights.forget_links_of_address,
        )

        from infofinance.core.mail import register_token_store
        from infofinance.wiring import events

        # The opaque tokens of those links (core/mail.py) are kept in our DataRightsToken.
        register_token_store(data_rights.DatabaseTokenStore())

        events.subscribe("accounts.erasure_requested", data_rights.send_erasure_confirmation)
        events.subscribe("accounts.address_erased", data_rights.send_erasure_done)

        from infofinance.wiring import routes

        routes.prefix("accounts", vi="tai-khoan", en="account", title="accounts (allauth's too)")

        from infofinance.discovery import robots

        robots.disallow_route("accounts")  # sign-in, profile, personal data

        from infofinance.wiring import slots

        # Other apps' links beside "My account" (components/account_links.html), signed in only.
        slots.declare(
            "account.links", "The header's links of a signed-in reader.", separator="\n    "
        )
