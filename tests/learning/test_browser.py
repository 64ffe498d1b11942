"""A learner's journey: open the track, add a learning case, record a session with attendance and two
findings with themes, and watch the theme overview change."""

import re

import pytest
from playwright.sync_api import expect

from core.models import Region, Role
from learning.models import LearningSession, Theme
from tests.factories import user_with_role
from tests.learning.factories import (
    LearningTeamFactory,
    LearningTrackFactory,
    TeamMemberFactory,
    TrackParticipantFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_learner_records_a_session_and_sees_the_theme_overview_change(seeded_themes, page, login_in_browser):
    learner = user_with_role(Role.LEARNER, "lerende_browser")
    track = LearningTrackFactory(name="Actieleren Gooi en Vechtstreek", region=Region.objects.get(code="GVS"))
    TrackParticipantFactory(track=track, user=learner)
    team = LearningTeamFactory(track=track, planned_sessions=6)
    annemijn = TeamMemberFactory(team=team, name="Annemijn")
    TeamMemberFactory(team=team, name="Hans")
    wisselend = Theme.objects.get(name="wisselende plekken")
    ouders = Theme.objects.get(name="rol van ouders")
    login_in_browser(learner)

    page.goto("/leernetwerk/themas/")
    expect(page.get_by_text("Nog geen bevindingen")).to_be_visible()

    page.goto("/leernetwerk/")
    page.get_by_role("link", name="Actieleren Gooi en Vechtstreek").click()
    expect(page.get_by_text("0 van 6 gehouden").first).to_be_visible()

    page.get_by_role("link", name="Leercasus toevoegen").click()
    expect(page.get_by_role("alert")).to_contain_text("schrijf zonder herleidbare gegevens")
    page.fill("textarea[name=summary]", "Jongere van 15 met vijf wisselingen van verblijfplek.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Leercasus LC-01")).to_be_visible()

    page.goto(f"/leernetwerk/teams/{team.pk}/")
    page.get_by_role("link", name="Leerbijeenkomst vastleggen").click()
    page.fill("input[name=date]", "2022-04-12")
    page.fill("input[name=place]", "Gemeentehuis Hilversum")
    page.fill("input[name=duration_minutes]", "240")
    page.check(f"input[name=attendees][value='{annemijn.pk}']")
    page.get_by_label("LC-01").check()
    page.fill("textarea[name=findings-0-text]", "Bij elke nieuwe plek begon de hulp opnieuw.")
    page.check(f"input[name=findings-0-themes][value='{wisselend.pk}']")
    page.fill("textarea[name=findings-1-text]", "Ouders voelden zich niet gehoord.")
    page.check(f"input[name=findings-1-themes][value='{ouders.pk}']")
    page.check(f"input[name=findings-1-themes][value='{wisselend.pk}']")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("maximaal 3 uur").first).to_be_visible()

    page.fill("input[name=duration_minutes]", "180")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De leerbijeenkomst is opgeslagen.")).to_be_visible()
    expect(page.locator("[data-finding]")).to_have_count(2)
    session = LearningSession.objects.get(team=team)
    assert list(session.attendees.values_list("name", flat=True)) == ["Annemijn"]

    page.goto(f"/leernetwerk/teams/{team.pk}/")
    expect(page.get_by_text("1 van 6 leerbijeenkomsten gehouden")).to_be_visible()

    page.goto("/leernetwerk/themas/")
    expect(page.locator("tr[data-theme='wisselende plekken'] [data-total]")).to_have_text("2")
    expect(page.locator("tr[data-theme='rol van ouders'] [data-total]")).to_have_text("1")
    expect(page.locator("tr[data-theme='verloop van personeel'] [data-total]")).to_have_text(
        re.compile("^0$")
    )
