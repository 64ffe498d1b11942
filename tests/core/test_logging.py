"""Structured logs: JSON lines, one per request and per task, a request id from the browser or proxy to
the worker, and no personal data in any line."""

import json
import logging
import re
import sys
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from config.celery import app
from core.logging import (
    JsonFormatter,
    RequestLogMiddleware,
    add_request_id_to_message,
    current_request_id,
    finish_task,
    start_task,
)
from expertteams.models import StepKind
from subsidies import services as grant_services
from subsidies.reminders import send_due_reminders
from tests.cases.factories import municipality
from tests.factories import TEST_PASSWORD
from tests.subsidies.factories import SchemeFactory

pytestmark = pytest.mark.django_db

NEW_ID = re.compile(r"[0-9a-f]{32}")


@app.task(name="tests.core.test_logging.report_request_id")
def report_request_id():
    logging.getLogger("tests.task").info("inside the task")
    return current_request_id()


@app.task(name="tests.core.test_logging.fail")
def fail():
    raise ValueError("broken")


class JsonLines(logging.Handler):
    """Every record that reaches the root logger, formatted as production formats it."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))  # a formatting error fails the test

    def entries(self, logger: str | None = None) -> list[dict]:
        entries = [json.loads(line) for line in self.lines]
        return [e for e in entries if logger is None or e["logger"] == logger]


@contextmanager
def json_logs():
    """Root at DEBUG with a JSON handler; the loggers configured in ``settings.LOGGING`` keep their level."""
    root = logging.getLogger()
    handler, level = JsonLines(), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@pytest.fixture
def json_lines():
    with json_logs() as handler:
        yield handler


def record(message="hello %s", args=("world",), **extra) -> logging.LogRecord:
    made = logging.LogRecord("jeugdcasus.test", logging.WARNING, __file__, 1, message, args, None)
    made.__dict__.update(extra)
    return made


# --- Formatter -----------------------------------------------------------------------------------


def test_formatter_writes_one_json_object_with_time_level_logger_message_and_request_id():
    middleware = RequestLogMiddleware(lambda request: HttpResponse(JsonFormatter().format(record())))

    response = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="req-1"))

    line = response.content.decode()
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "jeugdcasus.test"
    assert entry["message"] == "hello world"
    assert entry["request_id"] == "req-1"
    assert datetime.fromisoformat(entry["time"]).utcoffset() == timedelta(0)


def test_formatter_adds_scalar_extras_and_leaves_out_objects():
    entry = json.loads(
        JsonFormatter().format(record(case_id=7, outcome="ok", request=object(), data={"a": 1}))
    )

    assert entry["case_id"] == 7 and entry["outcome"] == "ok"
    assert "request" not in entry and "data" not in entry
    assert entry["request_id"] is None  # outside a request or task


def test_formatter_adds_the_traceback_of_an_exception():
    try:
        raise ValueError("broken")
    except ValueError:
        logging_record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())

    entry = json.loads(JsonFormatter().format(logging_record))

    assert "ValueError: broken" in entry["exception"]


def test_djangos_request_warnings_lose_the_path_and_keep_the_request_id(client, facilitator, json_lines):
    client.force_login(facilitator)
    response = client.get("/casussen/UTR-2026-0042/?q=Amy")

    (warning,) = json_lines.entries("django.request")
    assert warning["message"] == "Not Found: [path]"
    assert warning["status_code"] == 404
    assert warning["request_id"] == response["X-Request-ID"]
    assert not any("UTR-2026-0042" in line for line in json_lines.lines)


# --- Requests ------------------------------------------------------------------------------------


def test_each_request_is_one_line_with_route_status_duration_and_user_id(client_for, facilitator, json_lines):
    client = client_for(facilitator)

    client.get(reverse("core:dashboard"))

    # (client_for's warm-up request to a public page is a line of its own, before this one.)
    *_warm_up, line = [e for e in json_lines.entries("jeugdcasus.request") if e["level"] == "INFO"]
    assert [e["route"] for e in _warm_up] == ["core:accessibility"]
    assert line["route"] == "core:dashboard"
    assert (line["method"], line["status"], line["user_id"]) == ("GET", 200, facilitator.pk)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["message"].startswith("GET core:dashboard 200 ")
    assert NEW_ID.fullmatch(line["request_id"])


def test_an_anonymous_request_has_no_user_id(client, json_lines):
    client.get(reverse("core:dashboard"))  # redirected to the login page

    (line,) = json_lines.entries("jeugdcasus.request")
    assert (line["route"], line["status"], line["user_id"]) == ("core:dashboard", 302, None)


def test_a_safe_incoming_request_id_is_kept_and_returned(client, json_lines):
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID="lb-7f3a.01_x")

    assert response["X-Request-ID"] == "lb-7f3a.01_x"
    assert json_lines.entries("jeugdcasus.request")[0]["request_id"] == "lb-7f3a.01_x"


@pytest.mark.parametrize("unsafe", ["", "two words", "x" * 65, "id\n", "<script>", "ünïcode", "a/b"])
def test_an_unsafe_incoming_request_id_is_replaced_by_a_new_one(client, unsafe):
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID=unsafe)

    assert NEW_ID.fullmatch(response["X-Request-ID"])


def test_each_request_gets_its_own_id(client):
    first, second = client.get(reverse("login")), client.get(reverse("login"))

    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_health_probes_are_not_logged_at_info(client, json_lines, path):
    client.get(path)

    assert not [line for line in json_lines.entries("jeugdcasus.request") if line["level"] != "DEBUG"]


# --- Celery tasks --------------------------------------------------------------------------------


def test_a_task_started_during_a_request_logs_with_that_requests_id(json_lines):
    """Tests run tasks eagerly (in-process): ``task_prerun``/``task_postrun`` fire, ``before_task_publish``
    does not (nothing is published), so the id reaches the task through the context variable.
    The worker path, through the message headers, is the next test."""
    results = []

    def view(request):
        results.append(report_request_id.delay().get())
        return HttpResponse()

    RequestLogMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="req-42"))

    assert results == ["req-42"]
    inside = json_lines.entries("tests.task")[0]
    task_line = json_lines.entries("jeugdcasus.task")[0]
    assert inside["request_id"] == task_line["request_id"] == "req-42"


def test_the_request_id_travels_in_the_message_headers_to_the_worker():
    headers = {}
    RequestLogMiddleware(lambda request: add_request_id_to_message(headers=headers) or HttpResponse())(
        RequestFactory().get("/", HTTP_X_REQUEST_ID="req-43")
    )
    assert headers == {"request_id": "req-43"}

    # In the worker the message headers become attributes of ``task.request``.
    task = report_request_id
    task.push_request({"id": "t-1", "task": task.name, **headers})
    try:
        start_task(task_id="t-1", task=task)
        seen = current_request_id()
        finish_task(task_id="t-1", task=task, state="SUCCESS")
    finally:
        task.pop_request()

    assert seen == "req-43"
    assert current_request_id() is None


def test_a_task_from_the_beat_schedule_gets_an_id_of_its_own(json_lines):
    report_request_id.delay()

    (line,) = json_lines.entries("jeugdcasus.task")
    assert NEW_ID.fullmatch(line["request_id"])
    assert current_request_id() is None


def test_nothing_is_added_to_the_message_outside_a_request():
    headers = {}
    add_request_id_to_message(headers=headers)
    assert headers == {}


def test_a_task_line_has_id_name_outcome_and_duration(json_lines):
    result = report_request_id.delay()

    (line,) = json_lines.entries("jeugdcasus.task")
    assert line["task_id"] == result.id
    assert line["task_name"] == "tests.core.test_logging.report_request_id"
    assert line["outcome"] == "success" and line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0


def test_a_failing_task_logs_failure(json_lines):
    with pytest.raises(ValueError):
        fail.delay()

    (line,) = json_lines.entries("jeugdcasus.task")
    assert (line["task_name"], line["outcome"], line["level"]) == (
        "tests.core.test_logging.fail",
        "failure",
        "WARNING",
    )


def test_a_task_that_will_be_retried_logs_retry(json_lines):
    task = report_request_id
    start_task(task_id="t-2", task=task)
    finish_task(task_id="t-2", task=task, state="RETRY")

    (line,) = json_lines.entries("jeugdcasus.task")
    assert line["outcome"] == "retry"


def test_config_celery_connects_the_task_logging():
    from celery import signals

    assert add_request_id_to_message in signals.before_task_publish._live_receivers(sender="any.task")
    assert start_task in signals.task_prerun._live_receivers(sender=report_request_id)
    assert finish_task in signals.task_postrun._live_receivers(sender=report_request_id)


# --- Privacy -------------------------------------------------------------------------------------


def personal(user) -> list[str]:
    return [user.username, user.first_name, user.last_name, user.get_full_name(), user.email]


def named(user, first: str, last: str):
    user.first_name, user.last_name = first, last
    user.save()
    return user


def test_a_facilitators_journey_and_the_reminder_sweep_log_no_personal_data(
    client, facilitator, committee_member, provider_user, family_home
):
    """Everything the application logs at DEBUG and up while a facilitator registers a case, logs a
    step and requests a grant, and while the reminder sweep mails the committee. The test data is
    made before the capture starts: factory_boy's own debug lines are the test's, not the app's."""
    named(facilitator, "Fenna", "Vreeswijk-Zeldzaam")
    named(committee_member, "Cornelis", "Oudhoorn-Zeldzaam")
    named(provider_user, "Petronella", "Linde-Zeldzaam")
    scheme = SchemeFactory(members=[committee_member])
    utrecht = municipality("Utrecht")

    with json_logs() as captured:
        # Log in through the login form, with one mistyped password first.
        client.post(reverse("login"), {"username": facilitator.username, "password": "verkeerd"})
        client.post(reverse("login"), {"username": facilitator.username, "password": TEST_PASSWORD})
        # Intake through the form, the case page, a step through its form, a page that does not exist.
        client.post(reverse("cases:create"), intake_post(utrecht))
        case = Case.objects.get()
        client.get(reverse("cases:detail", args=[case.reference]))
        step_url = reverse("expertteams:step_create", args=[case.reference, StepKind.INTERVIEW])
        client.get(step_url)
        client.post(step_url, interview_post())
        client.get(reverse("expertteams:timeline", args=[case.reference]))
        client.get(reverse("cases:detail", args=[case.reference + "9"]))
        # A grant request on the case, submitted, and the reminder sweep that mails the committee.
        application = grant_services.start_application(
            case=case,
            scheme=scheme,
            provider_organisation=family_home,
            invited_users=[provider_user],
            actor=facilitator,
            title="Kamer voor Jasmijntje",
        )
        grant_services.update_draft(
            application=application,
            actor=provider_user,
            data={"purpose": "Een kamer bij het gezinshuis.", "motivation": "Zelfstandig worden."},
            cost_lines=[{"description": "Inrichting", "amount": Decimal("8000.00"), "is_investment": True}],
        )
        grant_services.submit_application(application=application, actor=facilitator, now=timezone.now())
        sent = send_due_reminders()

    assert case.persons.filter(name="Wilhelmina Privé").exists() and case.steps.exists() and sent >= 1
    assert {"jeugdcasus.request", "django.request"} <= {e["logger"] for e in captured.entries()}
    forbidden = [
        "Jasmijntje",
        "J.Q.",
        "Wilhelmina",
        "Privé",
        "Jeroen Zeldzaam",
        case.reference,
        *personal(facilitator),
        *personal(committee_member),
        *personal(provider_user),
    ]
    leaks = [(word, line) for line in captured.lines for word in forbidden if word in line]
    assert leaks == []


def intake_post(municipality) -> dict:
    return {
        "referrer_name": "Wijkteam Noord",
        "municipality": municipality.pk,
        "youth_name": "Jasmijntje",
        "youth_initials": "J.Q.",
        "youth_birth_year": "2008",
        "placement_changes": "3",
        "professional_changes": "1",
        "help_question": "Jasmijntje wil thuis blijven wonen",
        "urgency": "hoog",
        "youth_consent_expert_team": "on",
        "consent_date": "2026-03-02",
        "personen-TOTAL_FORMS": "1",
        "personen-INITIAL_FORMS": "0",
        "personen-0-name": "Wilhelmina Privé",
        "personen-0-relation": "moeder",
        "personen-0-has_parental_authority": "on",
        "personen-0-consent_expert_team": "on",
        "professionals-TOTAL_FORMS": "1",
        "professionals-INITIAL_FORMS": "0",
        "professionals-0-name": "Jeroen Zeldzaam",
        "professionals-0-organisation_name": "Levvel",
        "professionals-0-role": "Ambulant hulpverlener",
    }


def interview_post() -> dict:
    return {
        "occurred_on": "2026-03-03",
        "title": "",
        "party_kind": "youth",
        "party_name": "Jasmijntje",
        "view": "Wilhelmina Privé luistert niet",
        "wishes": "Thuis wonen",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    }
