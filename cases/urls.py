import re

from django.urls import path, register_converter

from cases import placement_views, views
from cases.sections import tab_slugs


class CaseTabConverter:
    """A tab of the case page (``cases.sections``): only the registered slugs match, so the tabs never
    shadow the other pages under a case. The URLs are read after every app has registered its tabs."""

    regex = "|".join(re.escape(slug) for slug in tab_slugs()) or "(?!)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CaseTabConverter, "casetab")

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("nieuw/", views.case_create, name="create"),
    path("documenten/<uuid:public_id>/", views.document_download, name="document_download"),
    path("documenten/<uuid:public_id>/verwijderen/", views.document_delete, name="document_delete"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/wijzigen/", views.case_edit, name="edit"),
    path("<str:reference>/status/", views.change_status, name="change_status"),
    path("<str:reference>/toewijzen/", views.assign, name="assign"),
    path("<str:reference>/documenten/", views.document_upload, name="document_upload"),
    path(
        "<str:reference>/toestemmingen/<int:pk>/intrekken/", views.consent_withdraw, name="consent_withdraw"
    ),
    path("<str:reference>/noodtoegang/", views.break_glass, name="break_glass"),
    path("<str:reference>/verblijf/", placement_views.placement_history, name="placements"),
    path("<str:reference>/<casetab:tab>/", views.case_detail, name="tab"),
]
