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
