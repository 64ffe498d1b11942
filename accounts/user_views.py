"""The administrator's user management (Dutch screens instead of the raw Django admin). Each change
goes through ``accounts.services``; forms for the administrator's own account are not shown, and the
services refuse them anyway."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.forms import InviteRoleFormSet, InviteUserForm, RoleForm
from core.forms import add_service_errors
from core.models import RoleAssignment, User
from core.rules import rule_required


def _target(request, pk: int) -> User:
    user = get_object_or_404(User, pk=pk)
    if not rules.has_perm("accounts.change_user", request.user, user):
        raise PermissionDenied
    return user


def users_panel(request) -> dict:
    return selectors.user_summary()


@rule_required("accounts.manage_users")
def user_list(request):
    search = request.GET.get("q", "").strip()
    users = selectors.users_for_management(search=search)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "search": search})


@rule_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def user_create(request):
    form = InviteUserForm(request.POST or None)
    role_forms = InviteRoleFormSet(request.POST or None, prefix="roles")
    if request.method == "POST" and form.is_valid() and role_forms.is_valid():
        roles = [role_form.role_kwargs() for role_form in role_forms if role_form.has_changed()]
        try:
            user = services.invite_user(by=request.user, roles=roles, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(user)s is uitgenodigd per e-mail.") % {"user": user})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_create.html", {"form": form, "role_forms": role_forms})


@rule_required("accounts.manage_users")
def user_detail(request, pk: int, role_form=None):
    user = get_object_or_404(selectors.users_for_management(), pk=pk)
    context = {
        "subject": user,
        "can_change": rules.has_perm("accounts.change_user", request.user, user),
        "role_form": role_form or RoleForm(),
    }
    return render(request, "accounts/user_detail.html", context)


@rule_required("accounts.manage_users")
@require_POST
def role_add(request, pk: int):
    user = _target(request, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.add_role(by=request.user, user=user, **form.role_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De rol is toegevoegd."))
            return redirect("accounts:user_detail", pk=user.pk)
    return user_detail(request, pk, role_form=form)


@rule_required("accounts.manage_users")
@require_POST
def role_remove(request, pk: int, assignment_pk: int):
    user = _target(request, pk)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=user)
    services.remove_role(by=request.user, assignment=assignment)
    messages.success(request, _("De rol is verwijderd."))
    return redirect("accounts:user_detail", pk=user.pk)


@rule_required("accounts.manage_users")
@require_POST
def set_active(request, pk: int):
    user = _target(request, pk)
    active = request.POST.get("active") == "1"
    services.set_active(by=request.user, user=user, active=active)
    messages.success(
        request, _("Het account is geactiveerd.") if active else _("Het account is gedeactiveerd.")
    )
    return redirect("accounts:user_detail", pk=user.pk)


@rule_required("accounts.manage_users")
@require_POST
def reset_two_factor(request, pk: int):
    user = _target(request, pk)
    services.reset_two_factor(by=request.user, user=user)
    messages.success(
        request,
        _("Tweestapsverificatie is gereset. Bij de volgende keer inloggen stelt %(user)s die opnieuw in.")
        % {"user": user},
    )
    return redirect("accounts:user_detail", pk=user.pk)


@rule_required("accounts.manage_users")
@require_POST
def resend_invitation(request, pk: int):
    user = _target(request, pk)
    try:
        services.resend_invitation(by=request.user, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De uitnodiging is opnieuw verstuurd."))
    return redirect("accounts:user_detail", pk=user.pk)
