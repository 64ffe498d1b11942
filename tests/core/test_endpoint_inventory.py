"""Endpoint inventory: every named URL pattern has an access test, or an explicit exemption.

``ACCESS`` below is the inventory. Each named URL (Django's admin and static files aside) is either
``Exempt`` with a reason (public pages) or one or more ``Check``s: a sampler that fills the URL's
parameters with a real object of team/region Utrecht Stad from the demo world (``tests/access_world``),
the roles that must be refused, and the role that must be let in (which proves the sample is real: a
refusal of a URL that does not exist would prove nothing).

Generated tests:
- a refused role's GET (not for POST-only views) and empty POST get 403/404, or for anonymous the
  login page; a POST changes nothing (model counts, statuses, and access-log rows of the kinds
  create/change/delete);
- the allowed role's request (GET, or an empty POST for POST-only views) gets 200 or a redirect that
  is not the login page;
- the inventory test fails when a URL name has no entry (a new URL without an access test turns CI
  red) and when an entry names a URL that no longer exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_world import INSIDERS, OUTSIDERS, World, build_world, refusal_problem, snapshot


@dataclass(frozen=True)
class Check:
    sample: Callable[[World], dict]
    refused: tuple[str, ...]
    allowed: str | None = None
    post_only: bool = False
    label: str = ""
    # A forged, valid POST body (default: empty), so a refusal is not just a form error.
    data: Callable[[World], dict] | None = None
    # Lists every signed-in role opens: the ``scoped`` roles get the page, but never ``hidden`` (a text
    # of the sample object), which the allowed role does see; ``query`` narrows the list to it.
    scoped: tuple[str, ...] = ()
    hidden: Callable[[World], str] | None = None
    query: Callable[[World], dict] | None = None
    # role -> reason: a known access hole, kept visible as a strict xfail until it is fixed.
    holes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Exempt:
    reason: str


def but(*roles: str, base: tuple[str, ...] = OUTSIDERS) -> tuple[str, ...]:
    return tuple(role for role in base if role not in roles)


# Everyone outside the UTR case: the eight outsiders, the UTR municipal user (never case content)
# and a facilitator of the same team who is not assigned to the case.
CASE_OUTSIDERS = OUTSIDERS + ("municipal", "facilitator_colleague")
# Roles without any case role (facilitator, coordinator) at all.
NO_CASE_ROLE = but("facilitator_fle", "coordinator_fle") + ("municipal",)
ADMIN_ONLY = but("admin") + INSIDERS
COMMITTEE_ONLY = but("committee") + INSIDERS
LEARNING_OUTSIDERS = but("learner") + INSIDERS
ANONYMOUS = ("anonymous",)


def none(w):
    return {}


def case(w):
    return {"reference": w.case.reference}


def pk(name: str, key: str = "pk") -> Callable[[World], dict]:
    return lambda w: {key: getattr(w, name).pk}


def public_id(name: str) -> Callable[[World], dict]:
    return lambda w: {"public_id": getattr(w, name).public_id}


def application(name: str) -> Callable[[World], dict]:
    return lambda w: {"reference": getattr(w, name).reference}


def decision(w):
    return {"outcome": "rejected", "amount": "0", "reason": "toegangstest", "confirm_checks": "on"}


def completion(w):
    return {"message": "toegangstest", "completion_due": (date.today() + timedelta(days=14)).isoformat()}


def scores(w):
    return {f"criterion_{criterion.pk}": 0 for criterion in w.scored.scheme.criteria.all()}


def own_account(w):
    return {"pk": w.users["admin"].pk}


PUBLIC_AUTH = "public sign-in flow: login, logout, password reset by e-mail token"
ACCESS: dict[str, Check | tuple[Check, ...] | Exempt] = {
    # --- public -----------------------------------------------------------------------------------
    "health_live": Exempt("liveness probe for the orchestrator, no data"),
    "health_ready": Exempt("readiness probe for the orchestrator, no data"),
    "core:accessibility": Exempt("accessibility statement, public by law"),
    "core:privacy": Exempt("privacy statement, public by law"),
    "login": Exempt(PUBLIC_AUTH),
    "logout": Exempt(PUBLIC_AUTH),
    "password_reset": Exempt(PUBLIC_AUTH),
    "password_reset_done": Exempt(PUBLIC_AUTH),
    "password_reset_confirm": Exempt(PUBLIC_AUTH + " (the token is the credential)"),
    "password_reset_complete": Exempt(PUBLIC_AUTH),
    "accounts:invitation": Exempt("invitation link: a password-reset token for a new user"),
    # --- one's own account: every signed-in user ----------------------------------------------------
    "password_change": Check(none, ANONYMOUS, "learner"),
    "password_change_done": Check(none, ANONYMOUS, "learner"),
    "accounts:two_factor": Check(none, ANONYMOUS, "facilitator"),
    "accounts:two_factor_setup": Check(none, ANONYMOUS, "facilitator"),
    "accounts:two_factor_verify": Check(none, ANONYMOUS, "facilitator"),
    "core:dashboard": Check(none, ANONYMOUS, "facilitator"),
    # --- cases -------------------------------------------------------------------------------------
    "cases:list": Check(
        none,
        ANONYMOUS,
        "facilitator",
        scoped=but("anonymous") + ("municipal", "facilitator_colleague"),
        hidden=lambda w: reverse("cases:detail", args=[w.case.reference]),  # the link (the query echoes)
        query=lambda w: {"q": w.case.reference},
    ),
    "cases:create": Check(none, NO_CASE_ROLE, "facilitator"),
    "cases:detail": Check(case, CASE_OUTSIDERS, "facilitator"),
    "cases:tab": tuple(
        Check(
            lambda w, tab=tab: {"reference": w.case.reference, "tab": tab},
            CASE_OUTSIDERS,
            "facilitator",
            label=tab,
        )
        for tab in ("registratie", "nazorg", "subsidies", "inzage")
    ),
    "cases:edit": Check(case, CASE_OUTSIDERS, "facilitator"),
    "case_file": Check(case, CASE_OUTSIDERS, "facilitator"),
    "case_file_download": Check(
        lambda w: {"reference": w.case.reference, "public_id": w.case_file_export.public_id},
        CASE_OUTSIDERS,
        "facilitator",
    ),
    "cases:placements": Check(case, CASE_OUTSIDERS, "facilitator"),
    "cases:change_status": Check(case, CASE_OUTSIDERS, "facilitator", post_only=True),
    "cases:assign": Check(case, CASE_OUTSIDERS + ("facilitator",), "coordinator"),
    "cases:document_upload": Check(case, CASE_OUTSIDERS, "facilitator", post_only=True),
    "cases:document_download": Check(public_id("document"), CASE_OUTSIDERS, "facilitator"),
    "cases:document_delete": Check(public_id("document"), CASE_OUTSIDERS, "facilitator"),
    "cases:consent_withdraw": Check(
        lambda w: {"reference": w.case.reference, "pk": w.consent.pk},
        CASE_OUTSIDERS,
        "facilitator",
        post_only=True,
    ),
    "cases:break_glass": Check(case, but("admin") + INSIDERS, "admin"),
    # --- expert team timeline and care cycle ----------------------------------------------------------
    "expertteams:timeline": Check(case, CASE_OUTSIDERS, "facilitator"),
    "expertteams:step_create": Check(
        lambda w: {"reference": w.case.reference, "kind": "note"}, CASE_OUTSIDERS, "facilitator"
    ),
    "expertteams:step_correct": Check(
        lambda w: {"reference": w.step.case.reference, "pk": w.step.pk}, CASE_OUTSIDERS, "facilitator"
    ),
    "expertteams:my_actions": Check(none, NO_CASE_ROLE, "facilitator"),
    "expertteams:action_complete": Check(pk("action"), CASE_OUTSIDERS, "facilitator", post_only=True),
    "expertteams:close_case": Check(case, CASE_OUTSIDERS, "facilitator"),
    "expertteams:close_escalation": Check(
        lambda w: {"reference": w.escalation.step.case.reference, "pk": w.escalation.pk},
        CASE_OUTSIDERS,
        "facilitator",
    ),
    "expertteams:plan_review": Check(case, CASE_OUTSIDERS, "facilitator"),
    "expertteams:my_follow_ups": Check(none, NO_CASE_ROLE, "facilitator"),
    "expertteams:record_follow_up": Check(pk("follow_up"), CASE_OUTSIDERS, "facilitator"),
    # --- grants ------------------------------------------------------------------------------------
    "subsidies:list": Check(
        none,
        ANONYMOUS,
        "coordinator",
        scoped=but("anonymous") + ("municipal", "facilitator_colleague"),
        hidden=lambda w: w.draft.reference,
    ),
    "subsidies:start": Check(lambda w: {"case_reference": w.case.reference}, CASE_OUTSIDERS, "coordinator"),
    "subsidies:detail": (
        Check(application("draft"), CASE_OUTSIDERS, "coordinator", label="draft"),
        Check(
            application("submitted"),
            but("committee") + ("municipal", "facilitator_colleague"),
            "committee",
            label="submitted",
        ),
    ),
    "subsidies:draft": Check(application("draft"), CASE_OUTSIDERS, "coordinator", post_only=True),
    "subsidies:attachment_add": Check(application("draft"), CASE_OUTSIDERS, "coordinator", post_only=True),
    "subsidies:ready": Check(
        application("provider_draft"), but("provider", base=CASE_OUTSIDERS), "provider", post_only=True
    ),
    "subsidies:submit": Check(application("draft"), CASE_OUTSIDERS, "coordinator", post_only=True),
    "subsidies:withdraw": Check(application("submitted"), CASE_OUTSIDERS, "coordinator", post_only=True),
    # The team sees a submitted application but may not decide on it: a forged, valid body.
    "subsidies:decide": Check(
        application("submitted"), COMMITTEE_ONLY, "committee", post_only=True, data=decision
    ),
    "subsidies:score": Check(application("scored"), COMMITTEE_ONLY, "committee", post_only=True, data=scores),
    "subsidies:request_completion": Check(
        application("submitted"), COMMITTEE_ONLY, "committee", post_only=True, data=completion
    ),
    "subsidies:not_consider": Check(
        application("submitted"), COMMITTEE_ONLY, "committee", post_only=True, data=lambda w: {"reason": "x"}
    ),
    "subsidies:complete": Check(application("draft"), CASE_OUTSIDERS, "coordinator", post_only=True),
    "subsidies:letter": Check(
        application("letter_application"),
        but("provider", "committee") + ("municipal", "facilitator_colleague"),
        "coordinator",
    ),
    "subsidies:attachment_download": Check(public_id("attachment"), CASE_OUTSIDERS, "coordinator"),
    "subsidies:attachment_delete": Check(
        public_id("attachment"), CASE_OUTSIDERS, "coordinator", post_only=True
    ),
    "subsidies:committee": Check(none, COMMITTEE_ONLY, "committee"),
    "subsidies:conflicts": Check(none, COMMITTEE_ONLY, "committee"),
    "subsidies:calls": Check(none, ANONYMOUS, "provider"),
    "subsidies:call_apply": Check(pk("call"), but("provider") + INSIDERS, "provider", post_only=True),
    # --- learning network ----------------------------------------------------------------------------
    "learning:track_list": Check(
        none,
        ANONYMOUS,
        "learner",
        scoped=but("learner", "anonymous") + INSIDERS,
        hidden=lambda w: w.track.name,
    ),
    "learning:track_detail": Check(pk("track"), LEARNING_OUTSIDERS, "learner"),
    "learning:learning_case_create": Check(pk("track", "track_pk"), LEARNING_OUTSIDERS, "learner"),
    "learning:project_group": Check(pk("track", "track_pk"), LEARNING_OUTSIDERS, "learner"),
    "learning:report_create": Check(pk("track", "track_pk"), LEARNING_OUTSIDERS, "learner", post_only=True),
    "learning:meeting_edit": Check(pk("meeting"), LEARNING_OUTSIDERS, "learner"),
    "learning:team_detail": Check(pk("learning_team"), LEARNING_OUTSIDERS, "learner"),
    "learning:session_create": Check(pk("learning_team", "team_pk"), LEARNING_OUTSIDERS, "learner"),
    "learning:session_detail": Check(pk("session"), LEARNING_OUTSIDERS, "learner"),
    "learning:session_edit": Check(pk("session"), LEARNING_OUTSIDERS, "learner"),
    "learning:learning_case_detail": Check(pk("learning_case"), LEARNING_OUTSIDERS, "learner"),
    "learning:learning_case_edit": Check(pk("learning_case"), LEARNING_OUTSIDERS, "learner"),
    "learning:learning_case_link": Check(pk("learning_case"), NO_CASE_ROLE, "facilitator"),
    "learning:link_overview": Check(none, NO_CASE_ROLE, "facilitator"),
    "learning:theme_overview": Check(none, ANONYMOUS, "learner"),
    "learning:course_list": Check(none, ("provider", "committee", "admin", "anonymous"), "learner"),
    "learning:course_detail": Check(pk("course"), ("provider", "committee", "admin", "anonymous"), "learner"),
    "learning:report_status": Check(public_id("track_report"), LEARNING_OUTSIDERS, "learner"),
    "learning:report_download": Check(public_id("track_report"), LEARNING_OUTSIDERS, "learner"),
    # --- regional reports ----------------------------------------------------------------------------
    "reports:definitions": Check(
        none, but("coordinator_fle", "municipal_fle") + ("facilitator", "facilitator_colleague"), "municipal"
    ),
    "reports:index": Check(
        none,
        but("coordinator_fle", "municipal_fle") + ("facilitator", "facilitator_colleague"),
        "municipal",
        scoped=("coordinator_fle", "municipal_fle"),
        hidden=lambda w: str(w.report.public_id),
    ),
    "reports:detail": Check(public_id("report"), OUTSIDERS + ("facilitator",), "municipal"),
    "reports:status": Check(public_id("report"), OUTSIDERS + ("facilitator",), "municipal"),
    "reports:download": Check(public_id("report"), OUTSIDERS + ("facilitator",), "municipal"),
    # --- privacy -----------------------------------------------------------------------------------
    "privacy:case_accesses": Check(case, CASE_OUTSIDERS, "facilitator"),
    "privacy:access_reports": Check(case, CASE_OUTSIDERS, "facilitator"),
    "privacy:access_report": Check(public_id("access_report"), CASE_OUTSIDERS, "coordinator"),
    "privacy:access_report_download": Check(public_id("access_report"), CASE_OUTSIDERS, "coordinator"),
    "privacy:index": Check(none, ADMIN_ONLY, "admin"),
    "privacy:access_log": Check(none, ADMIN_ONLY, "admin"),
    "privacy:retention": Check(none, ADMIN_ONLY, "admin"),
    "privacy:retention_decide": Check(pk("retention_review"), ADMIN_ONLY, "admin"),
    "privacy:erasure_list": Check(none, ADMIN_ONLY, "admin"),
    "privacy:erasure_detail": Check(pk("erasure_request"), ADMIN_ONLY, "admin"),
    "core:access_log": Check(none, ADMIN_ONLY, "admin"),
    # --- user management: administrators, never on their own account ----------------------------------
    "accounts:user_list": Check(none, ADMIN_ONLY, "admin"),
    "accounts:user_create": Check(none, ADMIN_ONLY, "admin"),
    "accounts:user_detail": Check(pk("managed_user"), ADMIN_ONLY, "admin"),
    "accounts:role_add": (
        Check(pk("managed_user"), ADMIN_ONLY, "admin", post_only=True),
        Check(own_account, ("admin",), post_only=True, label="own account"),
    ),
    "accounts:role_remove": (
        Check(
            lambda w: {"pk": w.managed_user.pk, "assignment_pk": w.managed_role.pk},
            ADMIN_ONLY,
            "admin",
            post_only=True,
        ),
        Check(
            lambda w: {"pk": w.users["admin"].pk, "assignment_pk": w.own_role.pk},
            ("admin",),
            post_only=True,
            label="own account",
        ),
    ),
    "accounts:set_active": (
        Check(pk("managed_user"), ADMIN_ONLY, "admin", post_only=True),
        Check(own_account, ("admin",), post_only=True, label="own account"),
    ),
    "accounts:reset_two_factor": (
        Check(pk("managed_user"), ADMIN_ONLY, "admin", post_only=True),
        Check(own_account, ("admin",), post_only=True, label="own account"),
    ),
    "accounts:resend_invitation": Check(pk("managed_user"), ADMIN_ONLY, "admin", post_only=True),
}


# --- the inventory ---------------------------------------------------------------------------------

SKIPPED_NAMESPACES = {"admin"}  # Django's admin: is_staff and model permissions, tested in core/accounts


def url_names() -> set[str]:
    """Every named URL pattern outside the skipped namespaces, as ``namespace:name``."""

    def walk(entries, namespace: str):
        for entry in entries:
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = ":".join(filter(None, [namespace, entry.namespace]))
                yield from walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern):
                yield ":".join(filter(None, [namespace, entry.name or f"<unnamed {entry.pattern}>"]))

    return set(walk(get_resolver().url_patterns, ""))


def test_every_url_pattern_has_an_access_test_or_an_exemption():
    missing = sorted(url_names() - set(ACCESS))
    assert not missing, (
        "URL patterns without an access test: add them to ACCESS in tests/core/test_endpoint_inventory.py "
        f"(a Check with the roles that must be refused, or an Exempt with a reason): {missing}"
    )


def test_every_inventory_entry_names_an_existing_url():
    stale = sorted(set(ACCESS) - url_names())
    assert not stale, f"ACCESS names URLs that no longer exist: {stale}"


def test_only_public_pages_are_exempt():
    exempt = {name for name, entry in ACCESS.items() if isinstance(entry, Exempt)}
    assert len(exempt) <= 12, sorted(exempt)


# --- the generated access tests --------------------------------------------------------------------


def checks() -> list[tuple[str, int, Check]]:
    found = []
    for name, entry in ACCESS.items():
        if isinstance(entry, Exempt):
            continue
        for index, check in enumerate(entry if isinstance(entry, tuple) else (entry,)):
            found.append((name, index, check))
    return found


def _id(name: str, check: Check, *rest: str) -> str:
    return "-".join(filter(None, [name, check.label.replace(" ", "_"), *rest]))


def refusal_params():
    """One test per URL check and method (its refused roles in a loop, one world client each); a
    known hole gets a test of its own, marked as a strict xfail."""
    params = []
    for name, index, check in checks():
        method = "POST" if check.post_only else "GET"
        roles = tuple(role for role in check.refused if role not in check.holes)
        params.append(pytest.param(name, index, roles, method, id=_id(name, check, method)))
        for role, reason in check.holes.items():
            params.append(
                pytest.param(
                    name,
                    index,
                    (role,),
                    method,
                    marks=pytest.mark.xfail(strict=True, reason=reason),
                    id=_id(name, check, role, method),
                )
            )
    return params


def allowed_params():
    return [
        pytest.param(name, index, id=_id(name, check, check.allowed))
        for name, index, check in checks()
        if check.allowed
    ]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the module, built in a transaction that is rolled back at the end; each test runs
    in a savepoint inside it (pytest-django's ``db``), so nothing one test does reaches another. Each
    role's client is signed in once (database sessions, inside the same transaction)."""
    media = tmp_path_factory.mktemp("world-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            built.objects["media_root"] = media
            built.objects["clients"] = {role: Client() for role in built.users}
            for role, user in built.users.items():
                if user is not None:
                    built.clients[role].force_login(user)
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def signed_in(world, db, settings):
    settings.MEDIA_ROOT = world.media_root  # the world's files (the suite gives each test its own folder)
    return world.clients.__getitem__


def _entry(name: str, index: int) -> Check:
    entry = ACCESS[name]
    return entry[index] if isinstance(entry, tuple) else entry


def _url(world: World, name: str, check: Check) -> str:
    return reverse(name, kwargs=check.sample(world))


@pytest.mark.parametrize(("name", "index", "roles", "method"), refusal_params())
def test_refused_roles_get_nothing_and_change_nothing(name, index, roles, method, world, signed_in):
    check = _entry(name, index)
    url = _url(world, name, check)
    data = check.data(world) if check.data else {}
    before = snapshot() if method == "POST" else None
    problems = []
    for role in roles:
        client = signed_in(role)
        response = client.get(url) if method == "GET" else client.post(url, data)
        problem = refusal_problem(response, role)
        if problem:
            problems.append(problem)
    if before is not None:
        after = snapshot()
        changed = {key: (before[key], after[key]) for key in before if before[key] != after[key]}
        if changed:
            problems.append(f"the POSTs of {', '.join(roles)} changed {changed}")
    assert not problems, f"{method} {url}: " + "; ".join(problems)


@pytest.mark.parametrize(("name", "index"), allowed_params())
def test_allowed_role_gets_the_page(name, index, world, signed_in):
    check = _entry(name, index)
    url = _url(world, name, check)
    client = signed_in(check.allowed)
    data = check.data(world) if check.data else {}
    response = client.post(url, data) if check.post_only else client.get(url)
    assert response.status_code in (200, 302), f"{check.allowed} got {response.status_code} on {url}"
    if response.status_code == 302:
        assert not response["Location"].startswith(reverse("login")), response["Location"]


def scoped_params():
    return [
        pytest.param(name, index, id=_id(name, check, "scoped"))
        for name, index, check in checks()
        if check.scoped
    ]


@pytest.mark.parametrize(("name", "index"), scoped_params())
def test_scoped_roles_open_the_list_without_the_object(name, index, world, signed_in):
    check = _entry(name, index)
    url = _url(world, name, check)
    query = check.query(world) if check.query else {}
    hidden = check.hidden(world)
    seen = signed_in(check.allowed).get(url, query)
    assert seen.status_code == 200 and hidden in seen.content.decode(), f"{check.allowed} misses {hidden}"
    leaks = []
    for role in check.scoped:
        response = signed_in(role).get(url, query)
        if response.status_code >= 400 or hidden in response.content.decode():
            leaks.append(f"{role} ({response.status_code})")
    assert not leaks, f"{url} shows {hidden} to {', '.join(leaks)}"
