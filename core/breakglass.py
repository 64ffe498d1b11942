"""Break the glass: an administrator may open protected content only after stating a reason.

The grant lives in the session for one object and one hour; granting it is logged with the reason,
and every read under it is logged as usual.
"""

from __future__ import annotations

import time

from core import audit
from core.models import AccessLog

SESSION_KEY = "break_glass"
GRANT_SECONDS = 60 * 60


def _key(object_type: str, object_id) -> str:
    return f"{object_type}:{object_id}"


def grant(request, obj, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to break the glass.")
    grants = dict(request.session.get(SESSION_KEY, {}))
    grants[_key(audit.object_type_of(obj), obj.pk)] = time.time() + GRANT_SECONDS
    request.session[SESSION_KEY] = grants
    audit.record(request.user, AccessLog.Action.VIEW, obj, reason=reason, detail="break the glass")


def has_grant(request, object_type: str, object_id) -> bool:
    expires = request.session.get(SESSION_KEY, {}).get(_key(object_type, object_id))
    return bool(expires and expires > time.time())


def granted_ids(request, object_type: str) -> list[str]:
    now = time.time()
    prefix = f"{object_type}:"
    return [
        key.removeprefix(prefix)
        for key, expires in request.session.get(SESSION_KEY, {}).items()
        if key.startswith(prefix) and expires > now
    ]
