"""Throttles for anonymous endpoints, counted in the cache (Redis in production: ``CACHE_URL``).

Login, in three layers, none of which lets one person lock out another:

1. django-axes locks out a *username from one address* after ``AXES_FAILURE_LIMIT`` failures
   (``AXES_LOCKOUT_PARAMETERS``); someone at another address is not affected.
2. ``LOGIN_FAILURES_PER_IP`` failures from one address, whatever the usernames (password spraying),
   give that address a cool-down until the window ends.
3. ``LOGIN_FAILURES_PER_USERNAME`` failures for one username from any addresses turn on a global
   slow-down for it: one attempt per ``LOGIN_SLOWDOWN_SECONDS``. The real user still gets in, an
   attacker gets a few guesses a minute.

Password reset: ``PASSWORD_RESETS_PER_IP`` requests per hour from one address (then a Dutch 429
page) and ``PASSWORD_RESETS_PER_ADDRESS`` mails per hour to one e-mail address (then silently none,
so the page tells nobody whether the address exists and nobody can flood someone's mailbox).

Cache keys hold a hash, never a username, e-mail address or IP address.
"""

from __future__ import annotations

import hashlib
import math

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.clientip import client_ip

HOUR = 60 * 60


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value.strip().lower()}".encode()).hexdigest()[:32]
    return f"throttle:{kind}:{digest}"


def count(kind: str, value: str) -> int:
    return cache.get(_key(kind, value), 0)


def hit(kind: str, value: str, *, window: int) -> int:
    """Count one more event for ``value`` in a fixed window of ``window`` seconds; the new count."""
    key = _key(kind, value)
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


# --- Login -------------------------------------------------------------------------------------------

SPRAY_MESSAGE = _(
    "Er zijn vanaf dit adres te veel mislukte inlogpogingen gedaan. Probeer het over %(minutes)d minuten opnieuw."
)
SLOWDOWN_MESSAGE = _(
    "Voor deze gebruikersnaam zijn veel mislukte inlogpogingen gedaan. Wacht %(seconds)d seconden en "
    "probeer het dan opnieuw."
)


def login_refusal(request, username: str) -> str | None:
    """The Dutch reason an attempt is refused before the password is checked, or ``None``."""
    ip = client_ip(request) if request is not None else None
    if ip and count("login-ip", ip) >= settings.LOGIN_FAILURES_PER_IP:
        return SPRAY_MESSAGE % {"minutes": math.ceil(settings.LOGIN_THROTTLE_WINDOW / 60)}
    # Under the slow-down one attempt per interval gets through; the others wait.
    if (
        username
        and count("login-user", username) >= settings.LOGIN_FAILURES_PER_USERNAME
        and not cache.add(_key("login-gap", username), 1, settings.LOGIN_SLOWDOWN_SECONDS)
    ):
        return SLOWDOWN_MESSAGE % {"seconds": settings.LOGIN_SLOWDOWN_SECONDS}
    return None


class LoginThrottleBackend:
    """First in ``AUTHENTICATION_BACKENDS``: refuses an attempt during a cool-down or slow-down,
    before any password is checked (``PermissionDenied`` stops ``authenticate``)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        reason = login_refusal(request, username or "")
        if reason is not None:
            if request is not None:
                request.login_throttled = reason
            raise PermissionDenied(reason)
        return None

    # No ``get_user``: this backend never signs anyone in (and ``force_login`` skips it).


@receiver(user_login_failed)
def count_login_failure(sender, credentials, request=None, **kwargs):
    if getattr(request, "login_throttled", None):
        return  # a refused attempt is not another guess
    window = settings.LOGIN_THROTTLE_WINDOW
    ip = client_ip(request) if request is not None else None
    if ip:
        hit("login-ip", ip, window=window)
    username = credentials.get("username") or ""
    if username:
        hit("login-user", username, window=window)


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form; says why when an attempt was refused by the throttle."""

    def get_invalid_login_error(self):
        reason = getattr(self.request, "login_throttled", None)
        if reason:
            return ValidationError(reason, code="throttled")
        return super().get_invalid_login_error()


# --- Password reset ----------------------------------------------------------------------------------


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset with a limit per client address and per e-mail address."""

    def post(self, request, *args, **kwargs):
        ip = client_ip(request) or "-"
        if hit("reset-ip", ip, window=HOUR) > settings.PASSWORD_RESETS_PER_IP:
            return render(request, "registration/password_reset_throttled.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if hit("reset-mail", email, window=HOUR) > settings.PASSWORD_RESETS_PER_ADDRESS:
            # The same answer as a sent mail: nobody learns anything, nobody's mailbox is flooded.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
