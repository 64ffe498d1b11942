from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.models import AccessLog, Role
from core.uploads import private_file_response
from reports import selectors, services
from reports.content import build_regional_report
from reports.forms import ReportRequestForm
from reports.models import ReportStatus

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _require_reporter(request):
    if not request.user.has_role(Role.MUNICIPAL, Role.COORDINATOR):
        raise Http404


def index(request):
    _require_reporter(request)
    regions = selectors.regions_for_user(request.user)
    form = ReportRequestForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        report = services.request_report_set(
            actor=request.user,
            region=form.cleaned_data["region"],
            period_start=form.cleaned_data["period_start"],
            period_end=form.cleaned_data["period_end"],
        )
        messages.success(request, _("De rapportage wordt gemaakt. U krijgt een e-mail als hij klaar is."))
        return redirect("reports:detail", public_id=report.public_id)
    page = Paginator(selectors.request_list_of(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/index.html",
        {"form": form, "page": page, "retention_days": settings.REPORT_RETENTION_DAYS},
    )


def _own_request(request, public_id):
    _require_reporter(request)
    return get_object_or_404(selectors.requests_of(request.user), public_id=public_id)


def detail(request, public_id):
    report = _own_request(request, public_id)
    return render(
        request,
        "reports/detail.html",
        {"report": report, "files": report.batch_files(), "retention_days": settings.REPORT_RETENTION_DAYS},
    )


def status(request, public_id):
    report = _own_request(request, public_id)
    return JsonResponse(
        report.status_json(
            download_url=reverse("reports:download", args=[report.public_id]),
            downloads={
                item.format: reverse("reports:download", args=[item.public_id])
                for item in report.batch_files()
                if item.status == ReportStatus.DONE
            },
        )
    )


def download(request, public_id):
    report = _own_request(request, public_id)
    if not report.is_downloadable:
        raise Http404
    audit.record(request.user, AccessLog.Action.EXPORT, report)
    return private_file_response(
        report.file, filename=report.filename, content_type=CONTENT_TYPES[report.format]
    )


def panel(request):
    return {"reports": list(selectors.request_list_of(request.user)[:5])}


def definitions(request):
    """What each figure of the report means (the same text as the PDF's appendix and the XLSX's sheet)."""
    _require_reporter(request)
    region = selectors.regions_for_user(request.user).order_by("name").first()
    if region is None:
        raise Http404
    today = timezone.localdate()
    report = build_regional_report(
        region=region, period_start=today.replace(month=1, day=1), period_end=today
    )
    sections = [section for section in report.sections if section.definitions]
    return render(request, "reports/definitions.html", {"sections": sections})
