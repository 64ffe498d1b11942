"""The provider's side of a case-bound request: the invitation e-mail, "klaar om in te dienen" and
its signal to the team, investment costs off by default, cost rows added in the browser."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from subsidies import provider, services
from subsidies.forms import CostLineFormSet, cost_lines_from
from subsidies.models import ApplicationStatus, CostLine, ReminderKind
from subsidies.reminders import send_due_reminders
from tests.subsidies.conftest import fill

pytestmark = pytest.mark.django_db


def _mails(kind_subject: str):
    return [message for message in mail.outbox if message.subject.startswith(kind_subject)]


def test_invited_provider_gets_an_invitation_mail_with_the_reference_only(draft, provider_user, case):
    send_due_reminders(now=timezone.now() + timedelta(minutes=1))
    (invitation,) = _mails("Uitnodiging")
    assert invitation.to == [provider_user.email]
    assert draft.reference in invitation.subject
    assert reverse("subsidies:detail", args=[draft.reference]) in invitation.body
    assert case.youth_name not in invitation.body and case.reference not in invitation.body
    assert draft.reminders.filter(kind=ReminderKind.INVITED).count() == 1


def test_invitation_is_sent_once_however_often_the_sweep_runs(draft):
    now = timezone.now() + timedelta(minutes=1)
    send_due_reminders(now=now)
    send_due_reminders(now=now + timedelta(hours=1))
    assert len(_mails("Uitnodiging")) == 1


def test_provider_marks_a_complete_draft_ready_and_the_team_is_mailed(
    draft, provider_user, facilitator, coordinator
):
    fill(draft, provider_user)
    provider.mark_ready(application=draft, actor=provider_user)
    draft.refresh_from_db()
    assert draft.ready_at is not None and draft.ready_by == provider_user
    send_due_reminders(now=timezone.now() + timedelta(minutes=1))
    ready = _mails("Klaar om in te dienen")
    assert sorted(m.to[0] for m in ready) == sorted([facilitator.email, coordinator.email])
    assert all(draft.reference in m.subject for m in ready)
    assert draft.status == ApplicationStatus.DRAFT  # the team still submits it


def test_an_incomplete_draft_cannot_be_marked_ready(draft, provider_user):
    with pytest.raises(ValidationError):
        provider.mark_ready(application=draft, actor=provider_user)
    draft.refresh_from_db()
    assert draft.ready_at is None


def test_only_the_provider_marks_ready(draft, provider_user, facilitator):
    fill(draft, provider_user)
    with pytest.raises(PermissionDenied):
        provider.mark_ready(application=draft, actor=facilitator)


def test_a_submitted_application_cannot_be_marked_ready(draft, provider_user, facilitator):
    fill(draft, provider_user)
    services.submit_application(application=draft, actor=facilitator)
    with pytest.raises(PermissionDenied):
        provider.mark_ready(application=draft, actor=provider_user)


def test_ready_page_flow_shows_the_badge_to_the_team(draft, provider_user, facilitator, client_for):
    fill(draft, provider_user)
    provider_client = client_for(provider_user)
    page = provider_client.get(reverse("subsidies:detail", args=[draft.reference])).content.decode()
    assert 'id="mark-ready"' in page
    response = provider_client.post(reverse("subsidies:ready", args=[draft.reference]))
    assert response.status_code == 302
    team = client_for(facilitator)
    listing = team.get(reverse("subsidies:list")).content.decode()
    assert "data-ready" in listing and "klaar om in te dienen" in listing
    detail = team.get(reverse("subsidies:detail", args=[draft.reference])).content.decode()
    assert 'id="klaar"' in detail
    case_page = team.get(reverse("cases:tab", args=[draft.case.reference, "subsidies"])).content.decode()
    assert "data-ready" in case_page


def test_team_does_not_see_the_mark_ready_button(draft, provider_user, facilitator, client_for):
    fill(draft, provider_user)
    page = client_for(facilitator).get(reverse("subsidies:detail", args=[draft.reference])).content.decode()
    assert 'id="mark-ready"' not in page


def test_investment_costs_are_off_by_default_on_a_first_save(draft, provider_user, client_for):
    """The rendered rows carry no ticked "investeringskosten", and a first save marks nothing."""
    client = client_for(provider_user)
    page = client.get(reverse("subsidies:detail", args=[draft.reference])).content.decode()
    (checkbox,) = re.findall(r'<input[^>]*name="kosten-0-is_investment"[^>]*>', page)
    assert "checked" not in checkbox
    client.post(
        reverse("subsidies:draft", args=[draft.reference]),
        {
            "title": "Kamer",
            "purpose": "Een kamer.",
            "motivation": "Nodig.",
            "kosten-TOTAL_FORMS": "2",
            "kosten-INITIAL_FORMS": "0",
            "kosten-0-description": "Inrichting",
            "kosten-0-amount": "4000.00",
            "kosten-1-description": "Begeleiding",
            "kosten-1-amount": "2000.00",
        },
    )
    lines = CostLine.objects.filter(application=draft)
    assert lines.count() == 2
    assert not lines.filter(is_investment=True).exists()


def test_cost_line_form_and_model_default_to_no_investment(draft):
    formset = CostLineFormSet(
        {
            "kosten-TOTAL_FORMS": "1",
            "kosten-INITIAL_FORMS": "0",
            "kosten-0-description": "Huur",
            "kosten-0-amount": "100.00",
        },
        prefix="kosten",
    )
    assert formset.is_valid()
    assert cost_lines_from(formset)[0]["is_investment"] is False
    assert CostLine(application=draft, description="x", amount=Decimal("1")).is_investment is False


def test_application_page_carries_the_empty_cost_row_template(draft, provider_user, client_for):
    """Rows are added and removed in the browser (static/js/formsets.js) from this template."""
    page = client_for(provider_user).get(reverse("subsidies:detail", args=[draft.reference])).content.decode()
    assert 'data-formset="kosten"' in page
    assert "<template data-formset-empty>" in page
    assert 'name="kosten-__prefix__-description"' in page
    assert "data-formset-add" in page and "js/formsets" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_provider_adds_cost_rows_without_a_reload_and_marks_the_draft_ready(
    page, login_in_browser, draft, provider_user, facilitator
):
    login_in_browser(provider_user)
    page.goto(reverse("subsidies:detail", args=[draft.reference]))
    total = page.locator("#id_kosten-TOTAL_FORMS")
    start = int(total.input_value())
    marker = page.evaluate("() => (window.__noReload = 'still here')")
    add = page.locator("[data-formset=kosten] [data-formset-add]")
    add.click()
    add.click()
    assert int(total.input_value()) == start + 2
    page.fill("#id_purpose", "Een kamer bij het gezinshuis.")
    page.fill("#id_motivation", "Beschermd zelfstandig worden.")
    page.fill("#id_kosten-0-description", "Inrichting")
    page.fill("#id_kosten-0-amount", "4000.00")
    page.fill(f"#id_kosten-{start}-description", "Brandveiligheid")
    page.fill(f"#id_kosten-{start}-amount", "1500.00")
    page.check(f"#id_kosten-{start}-is_investment")
    page.fill(f"#id_kosten-{start + 1}-description", "Wordt weer weggehaald")
    page.locator(f"[data-formset-row]:has(#id_kosten-{start + 1}-description) [data-formset-remove]").click()
    assert page.locator(f"#id_kosten-{start + 1}-description").count() == 0
    assert page.evaluate("() => window.__noReload") == marker

    page.click("#draft-form button[name=save]")
    page.wait_for_selector(".alert-success")
    lines = dict(CostLine.objects.filter(application=draft).values_list("description", "is_investment"))
    assert lines == {"Inrichting": False, "Brandveiligheid": True}

    page.click("#mark-ready")
    page.wait_for_selector("#klaar")
    draft.refresh_from_db()
    assert draft.ready_by == provider_user
