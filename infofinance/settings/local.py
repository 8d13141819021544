"""The profile `make run` uses on a bare machine: production-like (no DEBUG), plain http, console
e-mail, and a secret key generated once into an untracked file under var/."""

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)
_secret_file = VAR_DIR / "secret_key"
if not SECRET_KEY:  # noqa: F405
    if not _secret_file.exists():
        _secret_file.write_text(secrets.token_urlsafe(50))
        os.chmod(_secret_file, 0o600)
    SECRET_KEY = _secret_file.read_text().strip()

DEBUG = False
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SERVE_MEDIA = True
