"""Two-factor set-up and verification, backup codes, and the invitation link."""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from accounts import two_factor
from accounts.forms import TokenForm
from accounts.services import invitation_token_generator
from core.forms import add_service_errors
from core.links import safe_next


def _next_url(request) -> str:
    return safe_next(request) or reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, request) -> str:
    url = reverse(url_name)
    if target := safe_next(request):
        url += "?" + urlencode({"next": target}, safe="/")
    return url


def _mark_verified(request, device) -> None:
    # A new session key when the level of authentication changes (as at login).
    request.session.cycle_key()
    django_otp.login(request, device)


@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrol an authenticator app: QR code and secret, then the first code confirms it. Only for a user
    without a confirmed app: replacing one needs the administrator's reset, so a stolen password alone
    cannot enrol a new phone."""
    user = request.user
    if two_factor.has_two_factor(user):
        if not user.is_verified():
            return redirect(_with_next("accounts:two_factor_verify", request))
        return redirect("accounts:two_factor")
    device = two_factor.pending_totp_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_totp_device(user=user, device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _mark_verified(request, device)
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": _next_url(request), "first": True},
            )
    context = {
        "form": form,
        "qr_svg": two_factor.qr_code_svg(device),
        "secret": two_factor.secret_of(device),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of login: a code from the app or a backup code."""
    user = request.user
    if not two_factor.has_two_factor(user):
        return redirect(_with_next("accounts:two_factor_setup", request))
    if user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify(user=user, token=form.cleaned_data["token"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _mark_verified(request, device)
            return redirect(_next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@require_http_methods(["GET", "POST"])
def overview(request):
    """Status of the user's two-factor login; POST makes ten new backup codes (shown once)."""
    user = request.user
    if not two_factor.has_two_factor(user):
        return redirect("accounts:two_factor_setup")
    if not user.is_verified():
        return redirect(_with_next("accounts:two_factor_verify", request))
    if request.method == "POST":
        codes = two_factor.regenerate_backup_codes(user=user)
        return render(
            request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("accounts:two_factor")}
        )
    context = {"remaining": two_factor.remaining_backup_codes(user)}
    return render(request, "accounts/two_factor.html", context)


class InvitationView(PasswordResetConfirmView):
    """The invitation link: choose a password, get signed in, go on to set up two-factor login.
    Public (``PasswordResetConfirmView`` is ``@login_not_required``); the token is used up by the new
    password."""

    token_generator = invitation_token_generator
    template_name = "accounts/invitation.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("accounts:two_factor_setup")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, min_length=settings.PASSWORD_MIN_LENGTH)

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None
