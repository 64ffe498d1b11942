"""No self-service privilege: roles are given by an administrator to someone else, logged, and the raw
Django admin cannot be used to grant them."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import services
from core.models import AccessLog, Role, RoleAssignment, User
from tests.factories import user_with_role


@pytest.fixture
def second_admin(reference_data):
    user = user_with_role(Role.ADMIN, "beheerder2")
    user.is_staff = True
    user.save()
    return user


def _role_rows(*rows: dict) -> dict:
    """The role rows of the invitation form (three rows; the ones not given left empty)."""
    data = {"roles-TOTAL_FORMS": "3", "roles-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"roles-{index}-{key}": value for key, value in row.items()})
    return data


def _log_details(user) -> list[str]:
    return list(
        AccessLog.objects.filter(object_type="core.user", object_id=str(user.pk))
        .order_by("id")
        .values_list("detail", flat=True)
    )


@pytest.mark.django_db
def test_the_administrator_lists_users_with_their_roles_in_constant_queries(
    client_for, admin_user, facilitator
):
    client = client_for(admin_user)
    with CaptureQueriesContext(connection) as few:
        response = client.get("/beheer/gebruikers/")
    assert response.status_code == 200
    assert "Procesbegeleider" in response.content.decode()
    for index in range(5):
        user_with_role(Role.COORDINATOR, f"coord{index}", expert_team=facilitator.roles.get().expert_team)

    with CaptureQueriesContext(connection) as many:
        client.get("/beheer/gebruikers/")

    assert len(many) == len(few) <= 9


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["facilitator", "coordinator", "municipal_user", "committee_member"])
def test_other_roles_cannot_manage_users(request, client_for, role, facilitator):
    client = client_for(request.getfixturevalue(role))

    assert client.get("/beheer/gebruikers/").status_code == 403
    assert (
        client.post(f"/beheer/gebruikers/{facilitator.pk}/rollen/", {"role": Role.ADMIN}).status_code == 403
    )
    assert not RoleAssignment.objects.filter(role=Role.ADMIN).exists()


@pytest.mark.django_db
def test_a_superuser_without_the_administrator_role_manages_nobody(client_for, facilitator):
    # Django lets a superuser pass every ``user.has_perm``; the pages ask the rule (the role) instead.
    superuser = User.objects.create_superuser("root", "root@example.org", "x-Geheim-genoeg-123")
    client = client_for(superuser)

    assert client.get("/beheer/gebruikers/").status_code == 403
    assert client.get(f"/beheer/gebruikers/{facilitator.pk}/").status_code == 403
    assert client.get("/beheer/toegangslog/").status_code == 403


@pytest.mark.django_db
def test_an_administrator_cannot_give_themselves_a_role(client_for, admin_user, team_utr):
    with pytest.raises(PermissionDenied):
        services.add_role(by=admin_user, user=admin_user, role=Role.COORDINATOR, expert_team=team_utr)

    client = client_for(admin_user)
    page = client.get(f"/beheer/gebruikers/{admin_user.pk}/").content.decode()
    response = client.post(
        f"/beheer/gebruikers/{admin_user.pk}/rollen/", {"role": Role.COORDINATOR, "expert_team": team_utr.pk}
    )

    assert 'id="role-add"' not in page and "Rol verwijderen" not in page
    assert response.status_code == 403
    assert list(admin_user.roles.values_list("role", flat=True)) == [Role.ADMIN]


@pytest.mark.django_db
def test_an_administrator_cannot_remove_deactivate_or_reset_their_own_account(client_for, admin_user):
    assignment = admin_user.roles.get()
    with pytest.raises(PermissionDenied):
        services.remove_role(by=admin_user, assignment=assignment)
    with pytest.raises(PermissionDenied):
        services.set_active(by=admin_user, user=admin_user, active=False)
    with pytest.raises(PermissionDenied):
        services.reset_two_factor(by=admin_user, user=admin_user)

    client = client_for(admin_user)
    assert (
        client.post(f"/beheer/gebruikers/{admin_user.pk}/rollen/{assignment.pk}/verwijderen/").status_code
        == 403
    )
    assert client.post(f"/beheer/gebruikers/{admin_user.pk}/actief/", {"active": "0"}).status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.django_db
def test_a_role_given_to_someone_else_is_logged(client_for, admin_user, facilitator, team_fle):
    client = client_for(admin_user)

    response = client.post(
        f"/beheer/gebruikers/{facilitator.pk}/rollen/", {"role": Role.COORDINATOR, "expert_team": team_fle.pk}
    )

    assert response.status_code == 302
    assert facilitator.roles.filter(role=Role.COORDINATOR, expert_team=team_fle).exists()
    row = AccessLog.objects.get(object_type="core.user", object_id=str(facilitator.pk))
    assert (row.username, row.action, row.detail) == (
        "beheerder",
        "change",
        "role added: coordinator (team FLE)",
    )


@pytest.mark.django_db
def test_a_scoped_role_needs_its_scope_and_a_role_is_not_given_twice(
    client_for, admin_user, facilitator, team_utr
):
    client = client_for(admin_user)

    no_team = client.post(f"/beheer/gebruikers/{facilitator.pk}/rollen/", {"role": Role.COORDINATOR})
    twice = client.post(
        f"/beheer/gebruikers/{facilitator.pk}/rollen/", {"role": Role.FACILITATOR, "expert_team": team_utr.pk}
    )

    assert "Deze rol vraagt om een expertteam." in no_team.content.decode()
    assert "Deze gebruiker heeft deze rol al." in twice.content.decode()
    assert facilitator.roles.count() == 1
    assert not AccessLog.objects.filter(object_type="core.user").exists()


@pytest.mark.django_db
def test_removing_a_role_and_deactivating_are_logged(client_for, admin_user, facilitator):
    client = client_for(admin_user)
    assignment = facilitator.roles.get()

    client.post(f"/beheer/gebruikers/{facilitator.pk}/rollen/{assignment.pk}/verwijderen/")
    client.post(f"/beheer/gebruikers/{facilitator.pk}/actief/", {"active": "0"})

    facilitator.refresh_from_db()
    assert not facilitator.is_active and not facilitator.roles.exists()
    assert _log_details(facilitator) == ["role removed: facilitator (team UTR)", "account deactivated"]


@pytest.mark.django_db
def test_staff_status_follows_the_admin_role(admin_user, second_admin, facilitator):
    services.add_role(by=admin_user, user=facilitator, role=Role.ADMIN)
    facilitator.refresh_from_db()
    assert facilitator.is_staff

    services.remove_role(by=second_admin, assignment=facilitator.roles.get(role=Role.ADMIN))
    facilitator.refresh_from_db()
    assert not facilitator.is_staff


@pytest.mark.django_db
def test_a_second_administrator_resets_two_factor_and_it_is_logged(
    client_for, second_admin, admin_user, enrol
):
    enrol(admin_user)

    response = client_for(second_admin).post(
        f"/beheer/gebruikers/{admin_user.pk}/tweestapsverificatie-resetten/"
    )

    assert response.status_code == 302
    assert not admin_user.totpdevice_set.exists()
    row = AccessLog.objects.get(object_type="core.user", object_id=str(admin_user.pk))
    assert (row.username, row.detail) == ("beheerder2", "two-factor login reset")


@pytest.mark.django_db
def test_an_invited_user_sets_a_password_through_a_one_time_link_and_goes_on_to_2fa(
    client, client_for, settings, admin_user, team_utr, django_capture_on_commit_callbacks
):
    settings.REQUIRE_2FA = True
    settings.SITE_URL = "http://testserver"
    admin = client_for(admin_user)
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=admin_user, name="app", confirmed=True)
    session = admin.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/beheer/gebruikers/nieuw/",
            {
                "first_name": "Noor",
                "last_name": "de Boer",
                "email": "Noor.deBoer@Example.org",
                **_role_rows({"role": Role.FACILITATOR, "expert_team": team_utr.pk}, {"role": Role.LEARNER}),
            },
        )

    user = User.objects.get(email="noor.deboer@example.org")
    assert response["Location"] == f"/beheer/gebruikers/{user.pk}/"
    assert user.username == "noor.deboer@example.org" and not user.has_usable_password()
    assert sorted(user.roles.values_list("role", flat=True)) == [Role.FACILITATOR, Role.LEARNER]
    assert _log_details(user) == [
        "account created",
        "role added: facilitator (team UTR)",
        "role added: learner",
    ]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["noor.deboer@example.org"]
    link = re.search(r"http://testserver(/account/reset/uitnodiging/\S+/)", mail.outbox[0].body).group(1)

    admin.post("/account/logout/")
    form = client.get(link, follow=True)
    assert "Welkom bij Jeugdcasus" in form.content.decode()
    assert "Kies een wachtwoord van minstens 12 tekens." in form.content.decode()  # PASSWORD_MIN_LENGTH
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "een-lang-wachtwoord-7", "new_password2": "een-lang-wachtwoord-7"},
    )

    assert done["Location"] == "/account/2fa/instellen/"
    assert client.get("/")["Location"].startswith("/account/2fa/verificatie/")
    client.post("/account/logout/")
    assert "ongeldig, al gebruikt of verlopen" in client.get(link, follow=True).content.decode()


@pytest.mark.django_db
def test_the_password_reset_link_does_not_work_as_an_invitation(client, admin_user, team_utr):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = services.invite_user(
        by=admin_user, first_name="A", last_name="B", email="ab@example.org", roles=[{"role": Role.LEARNER}]
    )
    uid = urlsafe_base64_encode(force_bytes(user.pk))

    response = client.get(f"/account/reset/uitnodiging/{uid}/{default_token_generator.make_token(user)}/")

    assert "ongeldig, al gebruikt of verlopen" in response.content.decode()


@pytest.mark.django_db
def test_the_django_admin_cannot_add_a_role_to_ones_own_user(client_for, admin_user, team_utr):
    client = client_for(admin_user)
    url = f"/beheer/admin/core/user/{admin_user.pk}/change/"
    page = client.get(url)

    response = client.post(
        url,
        {
            "username": admin_user.username,
            "is_active": "on",
            "is_superuser": "on",
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-0-role": Role.COORDINATOR,
            "roles-0-expert_team": team_utr.pk,
        },
    )

    assert page.status_code == 200 and "roles-TOTAL_FORMS" not in page.content.decode()
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert list(admin_user.roles.values_list("role", flat=True)) == [Role.ADMIN]
    assert not admin_user.is_superuser


@pytest.mark.django_db
def test_the_django_admin_shows_no_privilege_switches_and_edits_no_roles(
    client_for, admin_user, facilitator, team_utr
):
    client = client_for(admin_user)
    url = f"/beheer/admin/core/user/{facilitator.pk}/change/"

    page = client.get(url)
    fields = {name for _name, options in page.context["adminform"].fieldsets for name in options["fields"]}
    response = client.post(
        url, {"roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0", "roles-0-role": Role.ADMIN}
    )

    assert fields.isdisjoint({"is_superuser", "is_staff", "groups", "user_permissions", "password"})
    assert response.status_code == 403
    assert client.get("/beheer/admin/core/user/add/").status_code == 403
    assert client.get(f"/beheer/admin/core/user/{facilitator.pk}/password/").status_code == 403
    assert list(facilitator.roles.values_list("role", flat=True)) == [Role.FACILITATOR]


@pytest.mark.django_db
def test_a_reset_ends_the_verified_session_and_tells_the_user(
    require_2fa, verified_client, second_admin, facilitator, django_capture_on_commit_callbacks
):
    client = verified_client(facilitator)
    assert client.get("/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.reset_two_factor(by=second_admin, user=facilitator)

    assert client.get("/")["Location"].startswith("/account/2fa/verificatie/")
    assert client.get("/account/2fa/verificatie/")["Location"].startswith("/account/2fa/instellen/")
    assert [message.to for message in mail.outbox] == [[facilitator.email]]
    assert "gereset" in mail.outbox[0].subject


@pytest.mark.django_db
def test_deactivating_signs_the_user_out(client_for, admin_user, facilitator):
    client = client_for(facilitator)

    services.set_active(by=admin_user, user=facilitator, active=False)

    assert client.get("/")["Location"].startswith("/account/login/")


@pytest.mark.django_db
def test_an_address_that_is_taken_is_refused(client_for, admin_user, facilitator):
    response = client_for(admin_user).post(
        "/beheer/gebruikers/nieuw/",
        {
            "first_name": "X",
            "last_name": "Y",
            "email": facilitator.email.upper(),
            **_role_rows({"role": Role.LEARNER}),
        },
    )

    assert "Er is al een gebruiker met dit e-mailadres." in response.content.decode()
    assert User.objects.filter(email__iexact=facilitator.email).count() == 1


@pytest.mark.django_db
def test_an_invitation_can_be_sent_again_until_a_password_is_chosen(
    client_for, admin_user, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.invite_user(
            by=admin_user,
            first_name="A",
            last_name="B",
            email="ab@example.org",
            roles=[{"role": Role.LEARNER}],
        )
    client = client_for(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/beheer/gebruikers/{invited.pk}/uitnodiging/")
        client.post(f"/beheer/gebruikers/{facilitator.pk}/uitnodiging/")

    assert [message.to for message in mail.outbox] == [["ab@example.org"], ["ab@example.org"]]
    assert _log_details(invited)[-1] == "invitation sent"


@pytest.mark.django_db
def test_the_dashboard_shows_the_administrator_who_has_no_2fa_or_no_password_yet(
    client_for, admin_user, facilitator, enrol
):
    enrol(facilitator)
    services.invite_user(
        by=admin_user, first_name="A", last_name="B", email="ab@example.org", roles=[{"role": Role.LEARNER}]
    )

    html = client_for(admin_user).get("/").content.decode()

    assert "3 actieve gebruikers" in html
    assert "2 zonder tweestapsverificatie" in html
    assert "1 uitnodiging nog niet geaccepteerd" in html


@pytest.mark.django_db
def test_an_invitation_needs_a_role_and_each_role_its_scope(client_for, admin_user):
    client = client_for(admin_user)
    person = {"first_name": "X", "last_name": "Y", "email": "xy@example.org"}

    no_role = client.post("/beheer/gebruikers/nieuw/", {**person, **_role_rows()})
    no_team = client.post("/beheer/gebruikers/nieuw/", {**person, **_role_rows({"role": Role.COORDINATOR})})

    assert no_role.status_code == 200 and no_role.context["role_forms"].non_form_errors()
    assert "Deze rol vraagt om een expertteam." in no_team.content.decode()
    assert not User.objects.filter(email="xy@example.org").exists()


@pytest.mark.django_db
def test_the_operator_creates_the_first_administrator_once(client_for, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "create_administrator", email="Beheer@Example.org", first_name="Bea", last_name="Heer", stdout=out
        )

    admin = User.objects.get(email="beheer@example.org")
    assert admin.has_role(Role.ADMIN) and admin.is_staff and not admin.is_superuser
    assert not admin.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["beheer@example.org"]
    assert "/account/reset/uitnodiging/" in out.getvalue()
    assert client_for(admin).get("/beheer/gebruikers/").status_code == 200
    with pytest.raises(CommandError, match="Er is al een functioneel beheerder"):
        call_command("create_administrator", email="tweede@example.org", first_name="T", last_name="W")


@pytest.mark.django_db
def test_a_role_without_its_scope_is_refused_in_the_same_dutch_words_everywhere(facilitator):
    from django.core.exceptions import ValidationError as ModelValidationError

    with pytest.raises(ModelValidationError) as by_model:
        RoleAssignment(user=facilitator, role=Role.MUNICIPAL).full_clean()
    assert by_model.value.message_dict["region"] == ["Deze rol vraagt om een regio."]  # not the field name
    assert RoleAssignment.scope_required_message("expert_team") == "Deze rol vraagt om een expertteam."
