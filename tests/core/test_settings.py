"""Settings come from the environment; production refuses the development key; check --deploy is clean."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    ignored = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def random_secret() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(60))


def test_app_refuses_to_start_with_debug_off_on_the_development_key():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is the development key" in result.stderr


def test_check_deploy_prints_no_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=random_secret(),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_no_check_is_silenced():
    from django.conf import settings

    assert not getattr(settings, "SILENCED_SYSTEM_CHECKS", [])


def test_dutch_language_and_amsterdam_time():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.USE_TZ is True


def test_e_mail_links_follow_the_port_of_make_run():
    script = "from django.conf import settings; print(settings.SITE_URL)"
    assert (
        run_manage("shell", "--no-imports", "-c", script, DEBUG="1", PORT="8101").stdout.strip()
        == "http://127.0.0.1:8101"
    )
    explicit = run_manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        DEBUG="1",
        PORT="8101",
        SITE_URL="https://jeugdcasus.example.org/",
    )
    assert explicit.stdout.strip() == "https://jeugdcasus.example.org"
