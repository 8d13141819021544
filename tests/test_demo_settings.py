"""The demo app (its content and `load_demo`) is installed for make run and the tests, never in
production."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import django; django.setup(); from django.conf import settings; "
    "from django.core.management import get_commands; "
    "print('infofinance.demo' in settings.INSTALLED_APPS, 'load_demo' in get_commands())"
)


def _probe(profile: str, tmp_path) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": f"infofinance.settings.{profile}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "infofinance.example",
        "INFOFINANCE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_has_no_demo_app(tmp_path):
    assert _probe("production", tmp_path) == "False False"


def test_make_runs_profile_keeps_the_demo_app(tmp_path):
    assert _probe("local", tmp_path) == "True True"


def test_the_tests_keep_the_demo_app():
    assert "infofinance.demo" in settings.INSTALLED_APPS
    assert "load_demo" in get_commands()
