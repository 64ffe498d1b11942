"""Health endpoints: public, never cached, no detail beyond component names, and honest about each
component the instance depends on."""

import socket

import pytest
from django.db import OperationalError, connections

from core import health
from core.models import AccessLog

pytestmark = pytest.mark.django_db

LIVE, READY = "/health/live", "/health/ready"


@pytest.fixture(autouse=True)
def _fresh_migration_check(monkeypatch):
    """Each test starts in a fresh process, as far as the once-per-process migration check goes."""
    monkeypatch.setattr(health, "_migrations_applied", False)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def test_live_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(LIVE)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_reports_each_component(client, settings):
    settings.CELERY_BROKER_URL = ""  # tasks in-process: no broker to check (CI sets one)
    response = client.get(READY)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "storage": "ok"},
    }


def test_ready_checks_migrations_once_per_process_then_only_the_connection(client, django_assert_num_queries):
    client.get(READY)

    with django_assert_num_queries(1):  # SELECT 1
        assert client.get(READY).status_code == 200


def test_ready_fails_when_the_database_is_gone(client, monkeypatch, settings):
    settings.CELERY_BROKER_URL = ""

    def cursor():
        raise OperationalError("connection refused by db.internal:5432")

    monkeypatch.setattr(connections["default"], "cursor", cursor)

    response = client.get(READY)

    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"] == {"database": "fail", "migrations": "fail", "storage": "ok"}
    assert b"db.internal" not in response.content and b"OperationalError" not in response.content


def test_ready_fails_while_migrations_are_unapplied(client, monkeypatch):
    monkeypatch.setattr(health, "has_unapplied_migrations", lambda: True)

    response = client.get(READY)

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "fail"
    assert response.json()["checks"]["database"] == "ok"


def test_ready_fails_when_private_storage_is_not_writable(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "private"  # a folder inside a file: even root cannot write there

    response = client.get(READY)

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "fail"


def test_the_storage_probe_leaves_no_file_behind(client, settings):
    client.get(READY)

    assert not list((settings.MEDIA_ROOT / "health").iterdir())


def test_ready_fails_when_the_broker_does_not_answer(client, settings):
    port = closed_port()
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{port}/0"

    response = client.get(READY)

    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "fail"
    assert str(port) not in response.content.decode()


def test_ready_asks_the_broker_when_there_is_one(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = "redis://broker.internal:6379/0"
    monkeypatch.setattr(health, "broker_answers", lambda: True)

    response = client.get(READY)

    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == "ok"


@pytest.mark.parametrize("path", [LIVE, READY])
def test_health_is_public_uncached_and_not_an_access_log_entry(client, path):
    response = client.get(path)

    assert response.status_code == 200  # no redirect to the login page
    assert "no-store" in response["Cache-Control"]
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("path", [LIVE, READY])
def test_health_works_for_a_signed_in_user_too(client_for, facilitator, path):
    assert client_for(facilitator).get(path).status_code == 200


def test_health_refuses_writes(client):
    assert client.post(READY).status_code == 405


def test_a_probe_by_address_over_plain_http_is_answered_in_production(settings, client):
    """The orchestrator probes http://<container address>/health/ready: no 400 for the host, no
    redirect to HTTPS, whatever ALLOWED_HOSTS and SECURE_SSL_REDIRECT say."""
    settings.ALLOWED_HOSTS = ["jeugdcasus.example.org"]
    settings.SECURE_SSL_REDIRECT = True

    live = client.get("/health/live", HTTP_HOST="10.0.0.7:8000")
    ready = client.get("/health/ready/", HTTP_HOST="10.0.0.7:8000")
    page = client.get("/account/login/", HTTP_HOST="10.0.0.7:8000")

    assert live.status_code == 200 and ready.status_code == 200
    assert page.status_code == 400  # everything else still validates the host
