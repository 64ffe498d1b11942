from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from core import dashboard, selectors
from core.rules import rule_required


def dashboard_view(request):
    return render(request, "core/dashboard.html", {"panels": dashboard.panels_for(request)})


def admin_panel(request):
    next_year = timezone.localdate().year + 1
    return {"next_year": next_year, "missing_decree_days": not selectors.has_decree_days(next_year)}


@rule_required("core.view_accesslog")
def access_log_view(request):
    """The old address of the access log: the log has one home, the privacy officer's page by reference
    (``privacy:access_log``); its filters (user, action, period) carry over."""
    carried = {"username": "user", "action": "action", "date_from": "date_from", "date_to": "date_to"}
    query = urlencode({new: request.GET[old] for old, new in carried.items() if request.GET.get(old)})
    return redirect(reverse("privacy:access_log") + (f"?{query}" if query else ""))


@login_not_required
def accessibility_statement(request):
    """The accessibility statement (toegankelijkheidsverklaring): public, also before logging in."""
    return render(request, "core/accessibility.html")


@login_not_required
def privacy_statement(request):
    """The privacy statement: which personal data the application holds and why; public."""
    return render(request, "core/privacy.html")
