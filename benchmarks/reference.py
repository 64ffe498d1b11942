"""Minimal reference pages for ``make bench``: the same scoped work as the real page (the same
permission filter in SQL, the same rows), rendered by a plain template without the layout. The
benchmark reports each real page's time as a ratio to its reference, measured in the same run."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render

from cases.selectors import cases_for_user, signal_conditions
from expertteams.models import Step
from subsidies.models import ApplicationStatus, GrantApplication


def case_page(request, reference: str):
    """One case the user may see, with its newest 50 steps and their authors."""
    case = (
        cases_for_user(request.user)
        .select_related("region", "municipality")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise Http404
    steps = list(
        Step.objects.filter(case=case)
        .select_related("author")
        .order_by("-occurred_on", "-created_at", "-id")[:50]
    )
    return render(request, "benchmarks/case.html", {"case": case, "steps": steps})


def case_list(request):
    """The user's 25 newest cases and their total."""
    cases = cases_for_user(request.user)
    rows = list(cases.select_related("municipality", "facilitator").order_by("-created_at", "-id")[:25])
    return render(request, "benchmarks/cases.html", {"cases": rows, "total": cases.count()})


def dashboard(request):
    """The signal counts of the user's cases in one aggregate."""
    counts = cases_for_user(request.user).aggregate(
        **{name: Count("pk", filter=condition) for name, condition in signal_conditions().items()}
    )
    return render(request, "benchmarks/dashboard.html", {"counts": counts})


def committee_queue(request):
    """The 50 submitted applications due first, and their total."""
    queue = GrantApplication.objects.filter(status=ApplicationStatus.SUBMITTED)
    rows = list(queue.select_related("scheme", "provider_organisation").order_by("decision_due", "pk")[:50])
    return render(request, "benchmarks/committee.html", {"applications": rows, "total": queue.count()})
