from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "infofinance.accounts"
    label = "accounts"
    verbose_name = "Accounts"
