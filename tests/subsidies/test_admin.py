"""The functional administrator (role admin, staff, not a superuser) manages schemes and calls."""

import pytest
from django.urls import reverse

from tests.subsidies.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_administrator_manages_schemes_and_calls(admin_user, scheme, client_for):
    client = client_for(admin_user)
    assert not admin_user.is_superuser
    assert client.get(reverse("admin:subsidies_grantscheme_changelist")).status_code == 200
    assert client.get(reverse("admin:subsidies_grantscheme_change", args=[scheme.pk])).status_code == 200
    assert client.get(reverse("admin:subsidies_call_add")).status_code == 200
    call = CallFactory()
    assert client.get(reverse("admin:subsidies_call_change", args=[call.pk])).status_code == 200


def test_staff_without_the_admin_role_cannot(committee_member, client_for):
    committee_member.is_staff = True
    committee_member.save()
    response = client_for(committee_member).get(reverse("admin:subsidies_grantscheme_changelist"))
    assert response.status_code == 403
