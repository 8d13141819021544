"""Reader and staff accounts: the custom user model, allauth's adapters, MFA for the admin."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "infofinance.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from infofinance.wiring import personal_data

        from .selectors import export_account

        # The account row itself is deleted by services.delete_account after every erase().
        personal_data.register("account", export=export_account)

        from infofinance.wiring import routes

        routes.prefix("accounts", vi="tai-khoan", en="account", title="accounts (allauth's too)")
