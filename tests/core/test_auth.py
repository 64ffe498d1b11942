from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils import timezone

from tests.factories import TEST_PASSWORD, UserFactory


@pytest.mark.django_db
def test_login_is_throttled_per_user_and_ip(client, facilitator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/account/login/", {"username": facilitator.username, "password": "fout"})

    response = client.post("/account/login/", {"username": facilitator.username, "password": TEST_PASSWORD})

    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_expires(client, facilitator, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/account/login/", {"username": facilitator.username, "password": "fout"})
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )

    response = client.post("/account/login/", {"username": facilitator.username, "password": TEST_PASSWORD})

    assert response.status_code == 302


@pytest.mark.django_db
def test_successful_login_lands_on_the_dashboard(client, facilitator):
    response = client.post("/account/login/", {"username": facilitator.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_session_expires_after_30_minutes_idle(client, facilitator):
    client.force_login(facilitator)
    assert client.get("/").status_code == 200
    assert client.session.get_expiry_age() == 30 * 60

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


@pytest.mark.django_db
def test_password_reset_mail_is_dutch_and_carries_no_personal_data(client):
    user = UserFactory(username="reset", email="reset@example.org", first_name="Annemarie", last_name="Zwart")

    response = client.post("/account/password_reset/", {"email": user.email})

    assert response.status_code == 302
    message = mail.outbox[0]
    assert "wachtwoord" in message.subject.lower()
    assert "Annemarie" not in message.body and "Zwart" not in message.body
    assert "/account/reset/" in message.body


@pytest.mark.django_db
def test_password_change_page_is_dutch(client_for, facilitator):
    response = client_for(facilitator).get("/account/password_change/")
    assert "Wachtwoord wijzigen" in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_gives_a_dutch_404_that_leaks_nothing(client_for, facilitator):
    response = client_for(facilitator).get("/bestaat-niet/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in body
    assert "Traceback" not in body and "urlpatterns" not in body


def test_500_page_is_dutch_and_static():
    from django.template.loader import render_to_string

    body = render_to_string("500.html")
    assert "Er ging iets mis" in body


@pytest.mark.django_db
def test_pages_for_signed_in_users_are_not_cached(client_for, facilitator):
    response = client_for(facilitator).get("/")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_navigation_follows_the_roles(client_for, admin_user, learner):
    admin_page = client_for(admin_user).get("/").content.decode()
    assert "Toegangslog" in admin_page
    learner_page = client_for(learner).get("/").content.decode()
    assert "Toegangslog" not in learner_page


@pytest.mark.django_db
def test_activity_renews_the_idle_timeout(client, facilitator, settings):
    settings.SESSION_RENEW_INTERVAL = 0
    client.force_login(facilitator)
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=30))

    assert client.get("/").status_code == 200

    session = Session.objects.get()
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert 29 * 60 < remaining <= 30 * 60
