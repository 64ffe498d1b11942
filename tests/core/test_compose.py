"""Docker cannot run here, so the production stack is checked by reading it: every service's command
must refer to modules and settings that exist in this repository."""

import importlib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services():
    assert set(compose()["services"]) >= {"db", "redis", "web", "worker", "beat", "mailpit"}
    assert compose()["services"]["db"]["image"] == "postgres:15"


def test_app_services_build_from_the_dockerfile_with_existing_settings():
    services = compose()["services"]
    assert (ROOT / "Dockerfile").exists()
    for name in ("web", "worker", "beat"):
        service = services[name]
        assert service["build"] == "."
        settings_module = service["environment"]["DJANGO_SETTINGS_MODULE"]
        assert importlib.util.find_spec(settings_module) is not None


def test_web_runs_gunicorn_on_the_wsgi_application():
    command = " ".join(compose()["services"]["web"]["command"])
    assert "gunicorn config.wsgi:application" in command
    module_name, attribute = "config.wsgi", "application"
    assert hasattr(importlib.import_module(module_name), attribute)


def test_worker_and_beat_use_the_celery_app_and_its_queues():
    from django.conf import settings

    from config.celery import app

    services = compose()["services"]
    worker = services["worker"]["command"]
    beat = services["beat"]["command"]
    assert worker[:4] == ["celery", "-A", "config", "worker"]
    assert beat[:4] == ["celery", "-A", "config", "beat"]
    assert importlib.import_module("config").celery_app is app
    queues = next(arg for arg in worker if arg.startswith("--queues=")).split("=", 1)[1].split(",")
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} <= set(queues)


def test_every_scheduled_task_exists():
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_the_stack_has_no_default_passwords_and_refuses_to_start_without_them():
    text = (ROOT / "docker-compose.yml").read_text()
    assert "${POSTGRES_PASSWORD:?" in text and "${SECRET_KEY:?" in text
    assert "POSTGRES_PASSWORD:-" not in text and "SECRET_KEY:-" not in text


def test_every_service_restarts_and_the_stateful_ones_have_healthchecks():
    services = compose()["services"]
    for name, service in services.items():
        # The one-shot migrate service runs to completion; a failure is retried.
        expected = "on-failure" if name == "migrate" else "unless-stopped"
        assert service.get("restart") == expected, name
    for name in ("db", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"], name
    assert "/health/ready" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["web"]["depends_on"]["redis"]["condition"] == "service_healthy"
