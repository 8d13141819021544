"""Create the first administrator if there is none, with a verified e-mail address, a TOTP
authenticator and recovery codes (staff need a second factor to reach the admin). Its generated
password and TOTP secret are kept in untracked files under var/ (mode 0600), so every `make run`
prints the login, the password, the TOTP secret as an otpauth:// URI and the unused recovery
codes: the first login works with any authenticator app or with a recovery code."""

import os
import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction


def _write_private(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(text)


class Command(BaseCommand):
    help = "Create an administrator with TOTP when none exists and print the login."

    def handle(self, *args, **options):
        User = get_user_model()
        password_file = settings.VAR_DIR / "admin_password"
        totp_file = settings.VAR_DIR / "admin_totp"
        username = os.environ.get("ADMIN_USERNAME", "admin")
        email = os.environ.get("ADMIN_EMAIL", "admin@infofinance.example")
        with transaction.atomic():
            if not User.objects.filter(is_superuser=True).exists():
                password = secrets.token_urlsafe(12)
                User.objects.create_superuser(username=username, email=email, password=password)
                _write_private(password_file, f"{username}\n{password}\n")
            if not password_file.exists():
                self.stdout.write(
                    "admin: an administrator already exists (password not stored here)"
                )
                return
            name, password = password_file.read_text().split()[:2]
            user = User.objects.filter(username=name).first()
            if user is None:
                self.stdout.write(f"admin: the stored administrator {name!r} no longer exists")
                return
            if user.email and not EmailAddress.objects.filter(user=user, verified=True).exists():
                EmailAddress.objects.update_or_create(
                    user=user,
                    email=user.email.lower(),
                    defaults={"verified": True, "primary": True},
                )
            totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
            if totp is None:
                secret = generate_totp_secret()
                TOTP.activate(user, secret)
                _write_private(totp_file, secret + "\n")
            secret = totp_file.read_text().strip() if totp_file.exists() else ""
            codes = RecoveryCodes.activate(user).get_unused_codes()
            uri = get_mfa_adapter().build_totp_url(user, secret) if secret else ""
            _write_private(
                settings.VAR_DIR / "admin_recovery_codes",
                "\n".join(codes) + ("\n" if codes else ""),
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"admin login: {settings.SITE_URL}/admin/  user: {user.email or name}"
                f"  password: {password}"
            )
        )
        if uri:
            self.stdout.write(f"admin TOTP (add to an authenticator app): {uri}")
        else:
            self.stdout.write("admin TOTP: enrolled elsewhere (secret not stored here)")
        self.stdout.write("admin recovery codes (each works once): " + " ".join(codes))
