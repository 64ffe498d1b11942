"""Two-factor login enforced for every page: see ``TwoFactorMiddleware``."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

# What a session signed in with a password only may still open (besides public views and static files).
ALLOWED_VIEWS = frozenset({"accounts:two_factor_setup", "accounts:two_factor_verify", "logout"})


class TwoFactorMiddleware:
    """With ``REQUIRE_2FA`` on, a signed-in user whose session is not verified with a second factor
    (``django_otp``'s ``user.is_verified()``) is sent to the verify page (which sends a user without a
    device on to the set-up page) from every view except the 2FA pages, logout, public views
    (``@login_not_required``: login, password reset, health) and static files.

    It applies to every signed-in user, whatever their roles: each role sees personal data (case data,
    pseudonymised learning cases, small-count reports) or, as administrator, manages who sees it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.REQUIRE_2FA or not request.user.is_authenticated:
            return None
        if request.user.is_verified():
            return None
        if not getattr(view_func, "login_required", True):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_VIEWS:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor_verify"))
