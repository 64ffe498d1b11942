"""Health endpoints for load balancers and orchestration.

``/health/live`` says the process answers and touches nothing else (no database, no session), so a
restart is only triggered by a process that is truly stuck. ``/health/ready`` says this instance can
serve users: the database answers and is migrated, the broker answers (when there is one) and
private storage is writable. Both are public, never cached, and name only components and
``ok``/``fail``: the reason of a failure goes to the log, not to whoever asks.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK, FAIL = "ok", "fail"

# The code of a running process never gains migrations: once the database has caught up with it,
# later probes need only ``SELECT 1``. Until then each probe asks again (a deploy migrates while the
# new instances already probe).
_migrations_applied = False


def database_answers() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True


def has_unapplied_migrations() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def migrations_applied() -> bool:
    global _migrations_applied
    if not _migrations_applied:
        _migrations_applied = not has_unapplied_migrations()
    return _migrations_applied


def broker_answers() -> bool:
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=1, socket_connect_timeout=1)
    try:
        return bool(client.ping())
    finally:
        client.close()


def storage_writable() -> bool:
    name = default_storage.save(f"health/probe-{uuid.uuid4().hex}", ContentFile(b"ok"))
    default_storage.delete(name)
    return True


def _outcome(component: str, check: Callable[[], bool]) -> str:
    try:
        return OK if check() else FAIL
    except Exception as error:  # any failure makes the instance not ready; the log says which
        logger.warning("Health check %s failed: %s: %s", component, type(error).__name__, error)
        return FAIL


def readiness() -> dict[str, str]:
    """Each component this instance depends on, mapped to ``"ok"`` or ``"fail"``. Migrations count
    as failed while the database does not answer; ``redis`` is left out when tasks run in-process."""
    checks = {"database": _outcome("database", database_answers)}
    checks["migrations"] = _outcome("migrations", migrations_applied) if checks["database"] == OK else FAIL
    if settings.CELERY_BROKER_URL:
        checks["redis"] = _outcome("redis", broker_answers)
    checks["storage"] = _outcome("storage", storage_writable)
    return checks


@login_not_required
@require_safe
@never_cache
def live(request):
    return JsonResponse({"status": OK})


@login_not_required
@require_safe
@never_cache
def ready(request):
    checks = readiness()
    healthy = all(outcome == OK for outcome in checks.values())
    return JsonResponse({"status": OK if healthy else FAIL, "checks": checks}, status=200 if healthy else 503)


class HealthCheckMiddleware:
    """Answers ``/health/live`` and ``/health/ready`` before any other middleware runs.

    A load balancer or orchestrator probes the instance by its own address over plain HTTP, so the
    probe must not depend on ``ALLOWED_HOSTS`` (a 400), the HTTPS redirect (a 301), the session or the
    login: this middleware is first in ``MIDDLEWARE`` and never calls ``request.get_host()``.
    """

    routes = {"/health/live": live, "/health/ready": ready}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = self.routes.get(request.path_info.rstrip("/"))
        if view is not None:
            return view(request)
        return self.get_response(request)
