"""Who sees which application and what of the case: 404 for everybody outside the application."""

import pytest
from django.urls import reverse

from core.models import AccessLog, Role
from subsidies.selectors import applications_for_user
from tests.cases.factories import CaseFactory, PersonFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def detail(application):
    return reverse("subsidies:detail", args=[application.reference])


def test_provider_gets_404_on_the_case_page(draft, provider_user, client_for):
    response = client_for(provider_user).get(reverse("cases:detail", args=[draft.case.reference]))
    assert response.status_code == 404


def test_provider_sees_only_reference_and_initials_of_the_case(draft, provider_user, client_for):
    case = draft.case
    PersonFactory(case=case, name="Moeder Jansen")
    type(case).objects.filter(pk=case.pk).update(
        help_question="Geheime hulpvraag", referrer_name="Wijkteam Oost", youth_birth_year=2007
    )
    response = client_for(provider_user).get(detail(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.reference in html
    assert "A." in html
    for secret in ("Amy", "Geheime hulpvraag", "Wijkteam Oost", "Moeder Jansen", "2007"):
        assert secret not in html
    assert reverse("cases:detail", args=[case.reference]) not in html


def test_team_sees_a_link_to_the_case(draft, facilitator, client_for):
    html = client_for(facilitator).get(detail(draft)).content.decode()
    assert reverse("cases:detail", args=[draft.case.reference]) in html


def test_reading_an_application_is_logged(draft, provider_user, client_for):
    client_for(provider_user).get(detail(draft))
    assert AccessLog.objects.filter(
        action="view", object_type="subsidies.grantapplication", object_id=str(draft.pk), username="aanbieder"
    ).exists()


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.FACILITATOR, "team"),
        (Role.MUNICIPAL, "region"),
        (Role.LEARNER, None),
        (Role.ADMIN, None),
        (Role.COMMITTEE, None),
    ],
    ids=["other-facilitator", "municipal", "learner", "admin", "committee-of-other-scheme"],
)
def test_others_get_404(submitted, client_for, team_utr, region_utr, role, scope):
    scopes = {"team": {"expert_team": team_utr}, "region": {"region": region_utr}, None: {}}
    outsider = user_with_role(role, "buitenstaander", **scopes[scope])
    response = client_for(outsider).get(detail(submitted))
    assert response.status_code == 404


def test_other_team_gets_404(submitted, coordinator_fle, facilitator_fle, client_for):
    for user in (coordinator_fle, facilitator_fle):
        assert client_for(user).get(detail(submitted)).status_code == 404


def test_provider_of_another_organisation_gets_404(draft, client_for):
    from core.models import Organisation

    other = Organisation.objects.exclude(pk=draft.provider_organisation_id).first()
    outsider = user_with_role(Role.PROVIDER, "andere_aanbieder", organisation=other)
    assert client_for(outsider).get(detail(draft)).status_code == 404


def test_committee_does_not_see_drafts(draft, committee_member, client_for):
    assert client_for(committee_member).get(detail(draft)).status_code == 404


def test_committee_sees_submitted_applications_of_its_scheme(submitted, committee_member, client_for):
    response = client_for(committee_member).get(detail(submitted))
    assert response.status_code == 200
    assert "Amy" not in response.content.decode()


def test_superuser_sees_nothing_without_a_role(submitted, admin_user, client_for):
    admin_user.is_superuser = True
    admin_user.save()
    assert applications_for_user(admin_user).count() == 0
    assert client_for(admin_user).get(detail(submitted)).status_code == 404


def test_coordinator_sees_applications_of_the_team_cases(submitted, coordinator):
    assert list(applications_for_user(coordinator)) == [submitted]


def test_facilitator_sees_only_applications_of_own_cases(submitted, facilitator, facilitator_other):
    CaseFactory(facilitator=facilitator_other)
    assert list(applications_for_user(facilitator)) == [submitted]
    assert list(applications_for_user(facilitator_other)) == []


def test_starting_an_application_on_someone_elses_case_is_404(case, facilitator_other, client_for):
    url = reverse("subsidies:start", args=[case.reference])
    assert client_for(facilitator_other).get(url).status_code == 404


def test_provider_cannot_start_an_application(case, provider_user, client_for):
    url = reverse("subsidies:start", args=[case.reference])
    assert client_for(provider_user).get(url).status_code == 404


def test_committee_queue_is_404_for_non_members(facilitator, client_for):
    assert client_for(facilitator).get(reverse("subsidies:committee")).status_code == 404


def test_provider_cannot_submit_through_the_view(draft, provider_user, client_for):
    from tests.subsidies.conftest import fill

    fill(draft, provider_user)
    response = client_for(provider_user).post(reverse("subsidies:submit", args=[draft.reference]))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "concept"


def test_attachment_download_is_404_for_outsiders_and_logged_for_the_team(
    draft, provider_user, facilitator_fle, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from subsidies import services

    attachment = services.add_attachment(
        application=draft,
        actor=provider_user,
        uploaded_file=SimpleUploadedFile("offerte.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    url = reverse("subsidies:attachment_download", args=[attachment.public_id])
    assert client_for(facilitator_fle).get(url).status_code == 404
    response = client_for(draft.case.facilitator).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AccessLog.objects.filter(object_type="subsidies.attachment", detail="download").exists()


def test_disguised_upload_is_refused(draft, provider_user):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from subsidies import services

    with pytest.raises(ValidationError):
        services.add_attachment(
            application=draft,
            actor=provider_user,
            uploaded_file=SimpleUploadedFile(
                "offerte.pdf", b"<html>niet echt</html>", content_type="application/pdf"
            ),
        )
    assert not draft.attachments.exists()
