"""Settings: a fresh clone runs on defaults; production refuses to start without its secrets."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from finsync.settings import BASE_DIR, REQUIRED_IN_PRODUCTION

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-key-0123456789",
    "ALLOWED_HOSTS": "finsync.example.com",
    "SITE_URL": "https://finsync.example.com",
    "DATABASE_URL": "sqlite:////tmp/finsync-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "FINSYNC_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
    "DEFAULT_FROM_EMAIL": "FinSync <finsync@example.com>",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "FINSYNC_VAR_DIR"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env={**clean, **env}, capture_output=True, text=True
    )


@pytest.mark.parametrize("missing", REQUIRED_IN_PRODUCTION)
def test_production_stops_naming_the_missing_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"FinSync will not start in production without {missing}:" in result.stderr


def test_check_deploy_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_development_secrets_are_generated_once_and_kept_private(tmp_path):
    env = {"FINSYNC_VAR_DIR": str(tmp_path)}
    show = ("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY, settings.ENCRYPTION_KEYS)")
    first, second = manage(*show, env=env), manage(*show, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    secrets_file = Path(tmp_path, "dev-secrets.json")
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
