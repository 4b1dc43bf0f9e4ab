from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People and roles in the admin: who may grant what (see ``accounts.access``)."""

    name = "accounts"
    verbose_name = "Accounts"
