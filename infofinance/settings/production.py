"""Production: base settings, hardened. A missing secret key is an error."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Ask browsers' preload lists to know the site is https-only (https://hstspreload.org). An
# operator who cannot commit to that (every subdomain on https for good) turns it off, and says
# so: the deployment check's warning about it (security.W021) is then silenced here.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

# Demo content and its loader (manage.py load_demo) are for make run and the tests only.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "infofinance.demo"]  # noqa: F405
