"""The app's URLs plus the minimal reference pages the benchmark compares them with."""

from django.urls import include, path

from benchmarks import reference

urlpatterns = [
    path("_bench/casus/<str:reference>/", reference.case_page, name="bench_case"),
    path("_bench/casussen/", reference.case_list, name="bench_cases"),
    path("_bench/dashboard/", reference.dashboard, name="bench_dashboard"),
    path("_bench/commissie/", reference.committee_queue, name="bench_committee"),
    path("", include("config.urls")),
]
