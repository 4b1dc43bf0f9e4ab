"""`manage.py generate_audit_keys`: new AUDIT_HMAC_KEY and AUDIT_SIGNING_KEY values."""

from django.core.management.base import BaseCommand

from reviews import integrity


class Command(BaseCommand):
    help = (
        "Print a new AUDIT_HMAC_KEY and AUDIT_SIGNING_KEY for a new installation, and the "
        "public key the transparency page will show. Keep both secret, outside the database "
        "and its backups: a restore needs the same keys."
    )

    def handle(self, *args, **options):
        hmac_key, signing_key = integrity.new_keys()
        public = integrity.public_key_base64(integrity.signing_key(signing_key))
        self.stdout.write(f"AUDIT_HMAC_KEY={hmac_key}")
        self.stdout.write(f"AUDIT_SIGNING_KEY={signing_key}")
        self.stdout.write(f"# public key (shown on /transparency/): {public}")
