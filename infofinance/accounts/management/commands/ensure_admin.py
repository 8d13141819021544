"""Create the first administrator if there is none, keeping its generated password in an
untracked file (var/admin_password) so every `make run` can print the login."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an administrator when none exists and print the login."

    def handle(self, *args, **options):
        User = get_user_model()
        password_file = settings.VAR_DIR / "admin_password"
        username = os.environ.get("ADMIN_USERNAME", "admin")
        if not User.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(
                username=username,
                email=os.environ.get("ADMIN_EMAIL", "admin@infofinance.example"),
                password=password,
            )
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(f"{username}\n{password}\n")
            password_file.chmod(0o600)
        if password_file.exists():
            name, password = password_file.read_text().split()[:2]
            self.stdout.write(
                self.style.SUCCESS(
                    f"admin login: {settings.SITE_URL}/admin/  user: {name}  password: {password}"
                )
            )
        else:
            self.stdout.write("admin: an administrator already exists (password not stored here)")
