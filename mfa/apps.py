from django.apps import AppConfig


class MfaConfig(AppConfig):
    name = "mfa"
    verbose_name = "Second factor"

    # Administrators see who has registered an authenticator app and delete a lost
    # one, so its owner registers a new one at the next log-in (see reviews.registry).
    role_permissions = {"Administrators": {"otp_totp.totpdevice": ("view", "delete")}}
