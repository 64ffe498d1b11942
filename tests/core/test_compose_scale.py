"""The scale stack (docker-compose.scale.yml over docker-compose.yml), checked by reading it: Docker
cannot run here."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


class ComposeLoader(yaml.SafeLoader):
    """Reads Compose's ``!override``/``!reset`` merge tags as plain values."""


ComposeLoader.add_constructor("!override", lambda loader, node: loader.construct_sequence(node))
ComposeLoader.add_constructor("!reset", lambda loader, node: None)


def scale() -> dict:
    return yaml.load((ROOT / "docker-compose.scale.yml").read_text(), Loader=ComposeLoader)  # noqa: S506


def test_scale_stack_adds_pgbouncer_minio_and_second_web_and_worker():
    services = scale()["services"]

    assert {"pgbouncer", "minio", "minio-bucket", "web", "web2", "worker", "beat"} <= set(services)
    assert services["pgbouncer"]["environment"]["POOL_MODE"] == "transaction"
    assert services["web2"]["extends"] == {"file": "docker-compose.yml", "service": "web"}
    assert "migrate" not in " ".join(services["web2"]["command"])
    assert services["worker"]["deploy"]["replicas"] == 2
    base = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(base)


def test_every_app_container_goes_through_pgbouncer_and_stores_files_in_the_bucket():
    services = scale()["services"]

    for name in ("web", "web2", "worker", "beat"):
        env = services[name]["environment"]
        assert "@pgbouncer:5432/" in env["DATABASE_URL"], name
        assert env["PGBOUNCER"] == "1"
        assert env["STORAGE_BUCKET"] and env["STORAGE_URL"] == "http://minio:9000"
        assert env["CACHE_URL"].startswith("redis://")


def test_pgbouncer_and_replica_settings_come_from_the_environment():
    code = (
        "from django.conf import settings as s; d = s.DATABASES; "
        "print(d['default']['DISABLE_SERVER_SIDE_CURSORS'], d['replica']['HOST'], d['replica']['TEST']['MIRROR'], "
        "s.DATABASE_ROUTERS, s.SESSION_ENGINE, s.CACHES['default']['BACKEND'])"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        DATABASE_URL="postgres://app@primary:5432/jeugdcasus",
        DATABASE_REPLICA_URL="postgres://app@replica-host:5432/jeugdcasus",
        PGBOUNCER="1",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "replica-host",
        "default",
        "['config.routers.ReplicaRouter']",
        "django.contrib.sessions.backends.db",
        "django.core.cache.backends.redis.RedisCache",
    ]
