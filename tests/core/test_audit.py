import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory

from core import audit, breakglass
from core.audit import AuditContextMiddleware
from core.models import AccessLog


@pytest.mark.django_db
def test_record_stores_who_what_when_and_where(facilitator, region_utr):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Testbrowser/1.0")

    def view(req):
        audit.record(facilitator, AccessLog.Action.VIEW, region_utr)
        return None

    AuditContextMiddleware(view)(request)

    row = AccessLog.objects.get()
    assert row.user_id == facilitator.pk
    assert row.username == "pb_utr"
    assert row.role.startswith("facilitator@")
    assert row.object_type == "core.region"
    assert row.object_id == str(region_utr.pk)
    assert row.action == "view"
    assert row.ip_address == "10.1.2.3"
    assert row.user_agent == "Testbrowser/1.0"
    assert row.timestamp is not None


@pytest.mark.django_db
def test_the_application_cannot_change_or_delete_a_log_row(facilitator, region_utr):
    row = audit.record(facilitator, AccessLog.Action.VIEW, region_utr)
    row.action = "delete"
    with pytest.raises(PermissionDenied):
        row.save()
    with pytest.raises(PermissionDenied):
        row.delete()


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_trigger_refuses_update_and_delete(facilitator, region_utr):
    row = audit.record(facilitator, AccessLog.Action.VIEW, region_utr)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(action="delete")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_accesslog SET username = 'x' WHERE id = %s", [row.pk])
    assert AccessLog.objects.get(pk=row.pk).action == "view"


@pytest.mark.django_db
def test_break_the_glass_requires_a_reason_and_logs_it(admin_user, region_utr, rf):
    request = rf.get("/")
    request.user = admin_user
    request.session = {}
    with pytest.raises(ValueError):
        breakglass.grant(request, region_utr, "   ")
    assert not breakglass.has_grant(request, "core.region", region_utr.pk)

    breakglass.grant(request, region_utr, "Klacht van ouder onderzoeken")

    assert breakglass.has_grant(request, "core.region", region_utr.pk)
    row = AccessLog.objects.get()
    assert row.reason == "Klacht van ouder onderzoeken"
    assert row.detail == "break the glass"


@pytest.mark.django_db
def test_admin_views_and_filters_the_access_log(client_for, admin_user, facilitator, region_utr, region_fle):
    """The log has one home (privacy's page by reference); the old address carries its filters there."""
    audit.record(facilitator, AccessLog.Action.VIEW, region_utr)
    audit.record(facilitator, AccessLog.Action.EXPORT, region_fle)
    client = client_for(admin_user)

    response = client.get("/beheer/toegangslog/", {"action": "export", "username": facilitator.username})
    assert response.status_code == 302
    assert response["Location"] == f"/privacy/toegangslog/?user={facilitator.username}&action=export"

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert [r.object_id for r in page.context["page"]] == [str(region_fle.pk)]


@pytest.mark.django_db
def test_access_log_offers_no_change_in_admin(client_for, admin_user, facilitator, region_utr):
    row = audit.record(facilitator, AccessLog.Action.VIEW, region_utr)
    client = client_for(admin_user)
    assert client.get("/beheer/admin/core/accesslog/").status_code == 200
    assert client.get("/beheer/admin/core/accesslog/add/").status_code == 403
    assert client.post(f"/beheer/admin/core/accesslog/{row.pk}/delete/").status_code == 403
    assert AccessLog.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role_fixture", ["facilitator", "coordinator", "municipal_user", "learner", "committee_member"]
)
def test_only_administrators_see_the_access_log(request, client_for, role_fixture):
    client = client_for(request.getfixturevalue(role_fixture))
    assert client.get("/beheer/toegangslog/").status_code == 403


@pytest.mark.django_db
def test_the_administrator_manages_reference_data_without_being_a_superuser(
    client_for, admin_user, facilitator
):
    assert not admin_user.is_superuser
    client = client_for(admin_user)
    assert client.get("/beheer/admin/core/region/").status_code == 200
    assert client.get("/beheer/admin/core/nonworkingday/add/").status_code == 200
    staff_facilitator = facilitator
    staff_facilitator.is_staff = True
    staff_facilitator.save()
    assert client_for(staff_facilitator).get("/beheer/admin/core/region/").status_code == 403
