"""The access log (NEN 7513): one call records who did what to which protected object.

``AuditContextMiddleware`` keeps the IP address and user agent of the current request in a
context variable, so services can log changes without being handed the request.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models

from core.clientip import client_ip
from core.models import AccessLog


@dataclass(frozen=True)
class RequestMeta:
    ip_address: str | None
    user_agent: str


_request_meta: ContextVar[RequestMeta | None] = ContextVar("audit_request_meta", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_meta.set(
            RequestMeta(
                ip_address=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300]
            )
        )
        try:
            return self.get_response(request)
        finally:
            _request_meta.reset(token)


def object_type_of(obj: models.Model) -> str:
    return obj._meta.label_lower


def _no_file(obj: models.Model) -> int | None:
    return None


def _no_files(rows: models.QuerySet) -> list[tuple[Any, int | None]]:
    return [(pk, None) for pk in rows.order_by().values_list("pk", flat=True).distinct()]


# ``obj -> id of the case whose file it belongs to``, and ``queryset -> [(pk, case id), ...]`` for many
# rows in one query; ``privacy`` installs ``case_file.case_id_of`` and ``case_file.case_ids_of_rows``
# (core cannot import the apps that define what a case file is).
_file_case_of: Callable[[models.Model], int | None] = _no_file
_file_cases_of_rows: Callable[[models.QuerySet], list[tuple[Any, int | None]]] = _no_files


def register_file_resolver(
    resolver: Callable[[models.Model], int | None],
    rows_resolver: Callable[[models.QuerySet], list[tuple[Any, int | None]]],
) -> None:
    global _file_case_of, _file_cases_of_rows  # noqa: PLW0603  (set once, from an AppConfig.ready())
    _file_case_of, _file_cases_of_rows = resolver, rows_resolver


def file_case_of(obj: models.Model) -> int | None:
    """The id of the case whose file ``obj`` belongs to, or None."""
    return _file_case_of(obj)


def file_cases_of_rows(rows: models.QuerySet) -> list[tuple[Any, int | None]]:
    """``(pk, id of its case file)`` of every row of ``rows``, once each, in one query."""
    return _file_cases_of_rows(rows)


def record(
    user,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str = "",
    object_id: str | int = "",
    reason: str = "",
    detail: str = "",
    file_case_id: int | None = None,
) -> AccessLog:
    """Append one row to the access log. ``obj`` or ``object_type``/``object_id`` name the object; the
    row's case file is worked out from ``obj``, or given as ``file_case_id`` with a type and id."""
    meta = _request_meta.get() or RequestMeta(ip_address=None, user_agent="")
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AccessLog.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "-",
        role=user.role_label if authenticated else "-",
        object_type=object_type_of(obj) if obj is not None else object_type,
        object_id=str(obj.pk if obj is not None else object_id),
        action=action,
        ip_address=meta.ip_address,
        user_agent=meta.user_agent,
        reason=reason,
        detail=detail[:200],
        file_case_id=_file_case_of(obj) if obj is not None else file_case_id,
    )
