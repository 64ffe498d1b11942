"""The administrator's privacy pages (functional administrator / privacy officer): the access log by
reference with its CSV export, the files due for a retention decision, and erasure requests. They show
references, dates and decisions, never case content."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports
from core.exports import Column, ColumnType
from core.forms import service_errors_on
from privacy import erasure, references, retention, selectors
from privacy.forms import (
    AccessLogFilterForm,
    AssessForm,
    DestroyForm,
    ErasureRequestForm,
    KeepForm,
    RefuseForm,
)
from privacy.models import ErasureRequest

PAGE_SIZE = 50
# An erasure request this close to its deadline is signalled.
SOON_DAYS = 14


def _require_admin(request) -> None:
    if not rules.has_perm("privacy.manage", request.user):
        raise Http404


def admin_panel(request) -> dict:
    """The dashboard panel: files waiting for a decision and erasure requests by deadline (2 queries)."""
    today = timezone.localdate()
    open_requests = list(selectors.open_erasure_requests().order_by("deadline")[:5])
    return {
        "pending_reviews": selectors.pending_reviews().count(),
        "erasure_requests": [(item, item.days_left(today)) for item in open_requests],
        "soon_days": SOON_DAYS,
    }


def index(request):
    _require_admin(request)
    return render(request, "privacy/index.html", admin_panel(request))


# --- The access log ----------------------------------------------------------------------------------


EXPORT_COLUMNS = [
    Column(gettext_lazy("Tijdstip"), "row.timestamp", ColumnType.DATETIME),
    Column(gettext_lazy("Gebruikersnaam"), "row.username"),
    Column(gettext_lazy("Rol"), "row.role"),
    Column(gettext_lazy("Actie"), "row.get_action_display"),
    Column(gettext_lazy("Object"), "object_label"),
    Column(gettext_lazy("Casusnummer"), "case_reference"),
    Column(gettext_lazy("Toelichting"), "row.detail"),
    Column(gettext_lazy("Reden (break the glass)"), "row.reason"),
    Column(gettext_lazy("IP-adres"), "row.ip_address"),
]


def access_log(request):
    _require_admin(request)
    form = AccessLogFilterForm(request.GET or None)
    filters = {key: value for key, value in (form.cleaned_data if form.is_valid() else {}).items() if value}
    rows = selectors.filtered_access_log(**filters)
    export_format = exports.requested_format(request)
    if export_format:
        return exports.list_export(
            request,
            references.lines_in_batches(rows.iterator(chunk_size=1000)),
            EXPORT_COLUMNS,
            stem="toegangslog",
            format=export_format,
            logged=[],
            what="toegangslog",
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    lines = references.with_references(page.object_list)
    return render(request, "privacy/access_log.html", {"form": form, "page": page, "lines": lines})


# --- Retention -----------------------------------------------------------------------------------------


def retention_list(request):
    _require_admin(request)
    pending = Paginator(selectors.pending_reviews(), PAGE_SIZE).get_page(request.GET.get("page"))
    decided = selectors.decided_reviews()[:20]
    return render(request, "privacy/retention.html", {"pending": pending, "decided": decided})


def retention_decide(request, pk: int):
    _require_admin(request)
    review = get_object_or_404(selectors.pending_reviews(), pk=pk)
    keep_form = KeepForm(request.POST if request.POST.get("decision") == "keep" else None, prefix="bewaren")
    destroy_form = DestroyForm(
        request.POST if request.POST.get("decision") == "destroy" else None, prefix="vernietigen"
    )
    if request.method == "POST":
        with service_errors_on(keep_form if keep_form.is_bound else destroy_form):
            if keep_form.is_bound and keep_form.is_valid():
                retention.keep_file(review=review, actor=request.user, **keep_form.cleaned_data)
                messages.success(request, _("Het dossier wordt langer bewaard."))
                return redirect("privacy:retention")
            if destroy_form.is_bound and destroy_form.is_valid():
                retention.destroy_file(
                    review=review, actor=request.user, reason=destroy_form.cleaned_data["reason"]
                )
                messages.success(request, _("Het dossier is vernietigd."))
                return redirect("privacy:retention")
    return render(
        request,
        "privacy/retention_decide.html",
        {"review": review, "keep_form": keep_form, "destroy_form": destroy_form},
    )


# --- Erasure requests ----------------------------------------------------------------------------------


def erasure_list(request):
    _require_admin(request)
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            item = erasure.record_erasure_request(
                actor=request.user,
                case=form.cleaned_data["case"],
                requester=form.cleaned_data["requester"],
                received_on=form.cleaned_data["received_on"],
            )
            messages.success(request, _("Het verwijderverzoek is vastgelegd."))
            return redirect("privacy:erasure_detail", pk=item.pk)
    today = timezone.localdate()
    page = Paginator(selectors.erasure_requests(), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(item, item.days_left(today)) for item in page.object_list]
    return render(
        request,
        "privacy/erasure_list.html",
        {"form": form, "page": page, "items": items, "soon_days": SOON_DAYS},
    )


def erasure_detail(request, pk: int):
    _require_admin(request)
    item = get_object_or_404(ErasureRequest.objects.select_related("case"), pk=pk)
    action = request.POST.get("action", "")
    assess_form = AssessForm(request.POST if action == "assess" else None)
    refuse_form = RefuseForm(request.POST if action == "refuse" else None)
    if request.method == "POST":
        try:
            if action == "assess" and assess_form.is_valid():
                erasure.assess_erasure(request=item, actor=request.user, **assess_form.cleaned_data)
            elif action == "execute":
                erasure.execute_erasure(request=item, actor=request.user)
            elif action == "refuse" and refuse_form.is_valid():
                erasure.refuse_erasure(
                    request=item, actor=request.user, reason=refuse_form.cleaned_data["refusal_reason"]
                )
            else:
                raise ValidationError(_("Controleer de invoer."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Het verwijderverzoek is bijgewerkt."))
            return redirect("privacy:erasure_detail", pk=item.pk)
    return render(
        request,
        "privacy/erasure_detail.html",
        {
            "item": item,
            "days_left": item.days_left(),
            "soon_days": SOON_DAYS,
            "assess_form": assess_form,
            "refuse_form": refuse_form,
            "destroyed": selectors.is_destroyed(item.case),
        },
    )
