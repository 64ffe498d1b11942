from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from rules.contrib.views import permission_required

from core import dashboard, selectors
from core.forms import AccessLogFilterForm


def dashboard_view(request):
    return render(request, "core/dashboard.html", {"panels": dashboard.panels_for(request)})


def admin_panel(request):
    next_year = timezone.localdate().year + 1
    return {"next_year": next_year, "missing_decree_days": not selectors.has_decree_days(next_year)}


@permission_required("core.view_accesslog", raise_exception=True)
def access_log_view(request):
    form = AccessLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.access_log(**{k: v for k, v in filters.items() if v})
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "core/access_log.html", {"form": form, "page": page})


@login_not_required
def accessibility_statement(request):
    """The accessibility statement (toegankelijkheidsverklaring): public, also before logging in."""
    return render(request, "core/accessibility.html")


@login_not_required
def privacy_statement(request):
    """The privacy statement: which personal data the application holds and why; public."""
    return render(request, "core/privacy.html")


@login_not_required
def health(request):
    return JsonResponse({"status": "ok"})
