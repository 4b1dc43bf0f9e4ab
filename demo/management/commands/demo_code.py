from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.seed_articles import DEMO_USERS, demo_totp_key


class Command(BaseCommand):
    help = (
        "Print the current admin log-in code of a demo account (DEBUG only; "
        "real accounts use their own authenticator app)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", choices=[spec.username for spec in DEMO_USERS])

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code only works on a development installation (DEBUG on).")
        key = demo_totp_key(username)
        device = TOTPDevice.objects.filter(user__username=username, key=key).first()
        if device is None:
            raise CommandError(
                f"{username} has no demo authenticator (it was replaced by a real one, "
                "or seed_demo has not run)."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
