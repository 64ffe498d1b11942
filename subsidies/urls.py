from django.urls import path

from subsidies import views

app_name = "subsidies"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("aanvraag/nieuw/<str:case_reference>/", views.application_start, name="start"),
    path("aanvragen/<str:reference>/", views.application_detail, name="detail"),
    path("aanvragen/<str:reference>/concept/", views.draft_update, name="draft"),
    path("aanvragen/<str:reference>/bijlagen/", views.attachment_add, name="attachment_add"),
    path("aanvragen/<str:reference>/indienen/", views.application_submit, name="submit"),
    path("aanvragen/<str:reference>/klaar/", views.application_ready, name="ready"),
    path("aanvragen/<str:reference>/intrekken/", views.application_withdraw, name="withdraw"),
    path("aanvragen/<str:reference>/besluit/", views.application_decide, name="decide"),
    path("aanvragen/<str:reference>/scores/", views.application_score, name="score"),
    path("aanvragen/<str:reference>/aanvulling/", views.completion_request, name="request_completion"),
    path("aanvragen/<str:reference>/aangevuld/", views.completion_done, name="complete"),
    path("aanvragen/<str:reference>/buiten-behandeling/", views.not_consider, name="not_consider"),
    path("aanvragen/<str:reference>/beschikking/", views.decision_letter_download, name="letter"),
    path("bijlagen/<uuid:public_id>/", views.attachment_download, name="attachment_download"),
    path("bijlagen/<uuid:public_id>/verwijderen/", views.attachment_delete, name="attachment_delete"),
    path("commissie/", views.committee_queue, name="committee"),
    path("commissie/belangen/", views.conflict_declarations, name="conflicts"),
    path("rondes/", views.call_list, name="calls"),
    path("rondes/<int:pk>/voorstel/", views.call_apply, name="call_apply"),
]
