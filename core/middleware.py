import time

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.utils.cache import add_never_cache_headers

from core.audit import AuditContextMiddleware  # noqa: F401  (referenced from settings)


class LoginRequiredByDefaultMiddleware(LoginRequiredMiddleware):
    """Deny by default: every view needs a login unless marked ``@login_not_required``."""


class NoStoreMiddleware:
    """Pages for signed-in users hold personal data: no browser or proxy may cache them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, " + response["Cache-Control"]
        return response


class IdleSessionMiddleware:
    """Idle timeout: every request of a signed-in user pushes the session's expiry to
    ``SESSION_COOKIE_AGE`` from now. To spare a database write per request, the session is saved
    at most once per ``SESSION_RENEW_INTERVAL`` seconds, so the timeout is exact to that interval.
    """

    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_INTERVAL:
                session[self.KEY] = now  # marks the session modified: saved with a fresh expiry
        return self.get_response(request)
