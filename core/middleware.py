import time

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from core.audit import AuditContextMiddleware  # noqa: F401  (referenced from settings)
from core.clientip import is_trusted_proxy


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


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body exceeds ``MAX_REQUEST_BODY`` with 413, before any of it
    is read. The proxy enforces the same limit (nginx ``client_max_body_size``, docs/security.md);
    a body without ``Content-Length`` (chunked) is never read by Django, so it needs no check here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(
                _("Ongeldige aanvraag."), status=400, content_type="text/plain; charset=utf-8"
            )
        if declared > settings.MAX_REQUEST_BODY:
            response = HttpResponse(
                _("Het verzoek is te groot (hoogstens %(mb)d MB).")
                % {"mb": settings.MAX_REQUEST_BODY // (1024 * 1024)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
            response["Connection"] = "close"
            return response
        return self.get_response(request)


FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
)


class ForwardedHeadersMiddleware:
    """Forwarded headers count only from a trusted proxy (``TRUSTED_PROXIES``, ``core.clientip``):
    from anyone else they are removed, so no client can claim HTTPS (``SECURE_PROXY_SSL_HEADER``)
    or another address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
