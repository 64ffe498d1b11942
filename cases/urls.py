from django.urls import path

from cases import placement_views, views

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
]
