"""Demo data: the action-learning track of Gooi en Vechtstreek 2022 (seed 004) with its four teams,
sessions held with findings by theme, the project group, trainings, and one learning case linked with
consent to Amy's case. Idempotent: stable keys, and sessions are only recorded once per team and date."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from cases.models import Case, Consent, ConsentPurpose
from core.models import Municipality, Region, User
from learning import services
from learning.models import (
    Course,
    CourseDate,
    CourseParticipant,
    LearningCase,
    LearningSession,
    LearningTeam,
    LearningTrack,
    ProjectGroupMeeting,
    TeamMember,
    Theme,
    TrackParticipant,
)

TRACK_NAME = "Actieleren voorkomen uithuisplaatsingen Gooi en Vechtstreek"


def _d(year: int, month: int, day: int) -> date:
    """A date of the 2022 track of seed 004, moved by whole weeks (weekdays stay) so that 1 July 2022
    falls in the week of the day the demo is loaded: the sessions held lie in the past, the planned
    project-group meeting ahead, and the track runs now."""
    weeks = (timezone.localdate() - date(2022, 7, 1)).days // 7
    return date(year, month, day) + timedelta(weeks=weeks)


ACTION_LEARNER = "Natasja Hornby (Hogeschool Windesheim)"
OMDENKER = "Tilly van Uffelen"

AIM = (
    "Leren welke factoren belemmerend en bevorderend werken bij het voorkomen van uithuisplaatsingen, "
    "zodat kinderen zo thuis mogelijk opgroeien. Als uithuisplaatsing toch nodig is, duurt die zo kort "
    "mogelijk en is de kwaliteit van de voorziening goed."
)
LEARNING_QUESTIONS = "\n".join(
    [
        "Hoe kunnen we uithuisplaatsing voorkomen?",
        "Hoe vinden we in een crisissituatie tijd en ruimte voor een weloverwogen beslissing en plan van aanpak?",
        "Hoe ziet een gezamenlijk gedragen plan van aanpak voor het gezin en de jongere eruit?",
        "Wat is er nodig om te blijven volgen of de afgesproken koers nog wordt aangehouden?",
        "Welke onderdelen bevat een kortdurende, systeemgerichte aanpak?",
    ]
)

K, C, G, A = "kwaliteitsmedewerker", "consulent", "gedragswetenschapper", "aanbieder"
# Municipality: (sessions planned, [(member, organisation, role)]) as in appendix 1 of seed 004.
TEAMS = {
    "Hilversum": (
        6,
        [
            ("Hans", "DJGB", G),
            ("Annemijn", "Gemeente Hilversum", C),
            ("Kimberly", "Gemeente Hilversum", C),
            ("Marc", "Gemeente Hilversum", K),
            ("Medewerker Leger des Heils", "Leger des Heils", A),
            ("Medewerker Levvel", "Levvel", A),
        ],
    ),
    "Wijdemeren": (
        3,
        [
            ("Ruud", "Gemeente Wijdemeren", K),
            ("Medewerker Leger des Heils", "Leger des Heils", A),
            ("Gedragswetenschapper VT", "Veilig Thuis", G),
            ("Medewerker GGZ Centraal", "GGZ Centraal", A),
        ],
    ),
    "Gooise Meren": (
        5,
        [
            ("Chantal", "Youké", A),
            ("Hans", "DJGB", G),
            ("Nicole", "Gemeente Gooise Meren", C),
            ("Boukje", "Gemeente Gooise Meren", K),
            ("Medewerker Levvel", "Levvel", A),
        ],
    ),
    "Huizen": (
        6,
        [
            ("Chantal", "Youké", A),
            ("Gedragswetenschapper VT", "Veilig Thuis", G),
            ("Consulent gemeente", "Gemeente Huizen", C),
            ("Medewerker GGZ Centraal", "GGZ Centraal", A),
        ],
    ),
}

LEARNING_CASES = [
    (
        "LC-01",
        "Jongere van 15 die al ruim twee jaar op een leefgroep woont; vijf wisselingen van verblijfplek.",
    ),
    ("LC-02", "Thuiszitter van 14; escalatie naar uithuisplaatsing dreigt, ouders zijn overvraagd."),
    (
        "LC-03",
        "Jongere met een lange geschiedenis van opnames en crisisopvang; het gezin vroeg om ambulante hulp "
        "thuis, die door wisselende professionals nooit goed op gang kwam.",
    ),
    ("LC-04", "Jong kind; problematiek in het gezin speelde al voor de geboorte (huiselijk geweld)."),
    ("LC-05", "Jongere van 16 in 24-uurszorg; nieuw probleemgedrag werd de focus van de behandeling."),
]

# Municipality: [(date, place, minutes, learning case codes, [(finding, recommendation, themes)])]
SESSIONS = {
    "Hilversum": [
        (
            _d(2022, 3, 22),
            "Gemeentehuis Hilversum",
            180,
            ["LC-01"],
            [
                (
                    "De jongere wisselde vijf keer van plek; bij elke wisseling begon de hulp opnieuw.",
                    "Houd één vaste regisseur over de plekken heen.",
                    ["wisselende plekken", "continuïteit van zorg"],
                ),
                (
                    "De hulpvraag stond niet in het dossier; er lag vooral een woonvraag.",
                    "Leg bij de start de hulpvraag van jongere en ouders vast, in hun woorden.",
                    ["onduidelijke hulpvraag"],
                ),
            ],
        ),
        (
            _d(2022, 4, 19),
            "Gemeentehuis Hilversum",
            165,
            ["LC-02"],
            [
                (
                    "De ambulante hulp richtte zich op de ouders óf op de jongere, niet op het gezin als geheel.",
                    "Zet ambulante hulp systeemgericht in, met aandacht voor broertjes en zusjes.",
                    ["ambulante hulp niet systeemgericht"],
                ),
                (
                    "Ouders voelden zich pas gehoord toen de omdenker het gesprek opende.",
                    "Betrek ouders als partner vanaf het eerste gesprek.",
                    ["rol van ouders"],
                ),
            ],
        ),
        (
            _d(2022, 5, 24),
            "Gemeentehuis Hilversum",
            150,
            ["LC-03"],
            [
                (
                    "Door verloop van personeel kwam de gevraagde ambulante hulp thuis nooit goed op gang.",
                    "Spreek een vaste contactpersoon af en borg de overdracht.",
                    ["verloop van personeel", "continuïteit van zorg"],
                ),
                (
                    "Na behandelopnames volgde steeds een periode van crisis.",
                    "Plan de terugkeer naar huis samen met het gezin, vóór de opname eindigt.",
                    ["wisselende plekken"],
                ),
            ],
        ),
        (
            _d(2022, 6, 21),
            "Gemeentehuis Hilversum",
            120,
            ["LC-03"],
            [
                (
                    "Een verklarende analyse ontbrak; niemand had een goed beeld van de samenhang tussen de vragen.",
                    "Maak eerder en vaker een verklarende analyse met jongere en ouders.",
                    ["onduidelijke hulpvraag", "diagnose bijgesteld"],
                ),
            ],
        ),
    ],
    "Wijdemeren": [
        (
            _d(2022, 4, 7),
            "Gemeentehuis Loosdrecht",
            180,
            ["LC-04"],
            [
                (
                    "Problemen rond huiselijk geweld en middelengebruik speelden al voor de geboorte.",
                    "Bied ouders al tijdens de zwangerschap ondersteuning.",
                    ["problematiek al voor de geboorte"],
                ),
                (
                    "Na een aantal jaar werd de diagnose bijgesteld; de hulp was al die tijd op de oude gericht.",
                    "Toets de diagnose opnieuw bij elke grote wending.",
                    ["diagnose bijgesteld"],
                ),
            ],
        ),
        (
            _d(2022, 6, 2),
            "Gemeentehuis Loosdrecht",
            150,
            ["LC-04"],
            [
                (
                    "Ouderschap leek optioneel: na de plaatsing verdween de rol van de ouders uit beeld.",
                    "Houd ouders in hun rol, ook tijdens een plaatsing.",
                    ["rol van ouders"],
                ),
            ],
        ),
    ],
    "Gooise Meren": [
        (
            _d(2022, 3, 30),
            "Gemeentehuis Bussum",
            180,
            ["LC-05"],
            [
                (
                    "Wonen op een groep vroeg ander gedrag; nieuw probleemgedrag werd de focus van de behandeling.",
                    "Houd de oorspronkelijke hulpvraag zichtbaar in elk behandelplan.",
                    ["24-uurszorg werkt verhardend"],
                ),
                (
                    "De jongere moest maanden wachten op een passende behandeling.",
                    "Maak wachttijden zichtbaar in de projectgroep en zoek samen naar overbrugging.",
                    ["continuïteit van zorg"],
                ),
            ],
        ),
        (
            _d(2022, 5, 11),
            "Gemeentehuis Bussum",
            170,
            ["LC-05", "LC-01"],
            [
                (
                    "De behandeling was intern niet beschikbaar en extern inzetten bleek ingewikkeld.",
                    "Spreek tussen aanbieders af hoe externe behandeling snel kan starten.",
                    ["continuïteit van zorg"],
                ),
                (
                    "Te lang lag de focus op terugkeer naar het biologisch systeem.",
                    "Verken het netwerk breder, ook netwerkpleegzorg.",
                    ["rol van ouders", "wisselende plekken"],
                ),
            ],
        ),
        (
            _d(2022, 6, 15),
            "Gemeentehuis Bussum",
            120,
            [],
            [
                (
                    "Het netwerk van het gezin was niet volledig in kaart gebracht.",
                    "Breng het netwerk in kaart voordat een plaatsing wordt overwogen.",
                    ["onduidelijke hulpvraag"],
                ),
            ],
        ),
    ],
    "Huizen": [
        (
            _d(2022, 4, 13),
            "Gemeentehuis Huizen",
            180,
            ["LC-02"],
            [
                (
                    "In een crisis was er geen tijd voor een weloverwogen beslissing.",
                    "Reserveer binnen 48 uur een overleg met gezin en betrokkenen vóór een plaatsing.",
                    ["onduidelijke hulpvraag", "rol van ouders"],
                ),
                (
                    "Steeds nieuwe gezichten bij het gezin door personeelsverloop.",
                    "Beperk het aantal hulpverleners per gezin.",
                    ["verloop van personeel"],
                ),
            ],
        ),
        (
            _d(2022, 5, 31),
            "Gemeentehuis Huizen",
            150,
            ["LC-02"],
            [
                (
                    "De broertjes en zusjes bleven buiten beeld, terwijl ook daar zorgen waren.",
                    "Kijk bij elke hulpvraag naar het hele gezin.",
                    ["ambulante hulp niet systeemgericht"],
                ),
            ],
        ),
    ],
}

PROJECT_GROUP = [
    (_d(2022, 3, 1), True, "Start: voortgang, draagvlak en casuïstiek per gemeente besproken."),
    (_d(2022, 6, 28), True, "Tussenstand: knelpunt wachttijden behandeling belegd bij de aanbieders."),
    (_d(2022, 11, 15), False, ""),
]

COURSES = [
    (
        "Ervaringsacademie: aansluiten bij jongeren en gezinnen",
        "ervaringsacademie",
        "Training door ervaringsdeskundigen over het perspectief van de jongere en het gezin.",
        [(_d(2022, 4, 5), "Hilversum"), (_d(2022, 4, 26), "Hilversum")],
        [
            ("Annemijn", "Gemeente Hilversum", True),
            ("Ruud", "Gemeente Wijdemeren", True),
            ("Chantal", "Youké", False),
        ],
    ),
    (
        "Werken met de verklarende analyse",
        "verklarende_analyse",
        "Samen met jongere en ouders een verklarende analyse maken als basis voor een passend perspectief.",
        [(_d(2022, 9, 13), "Bussum")],
        [
            ("Nicole", "Gemeente Gooise Meren", True),
            ("Boukje", "Gemeente Gooise Meren", False),
            ("Hans", "DJGB", True),
        ],
    ),
]


def seed(stdout=None) -> None:
    track = seed_track()
    seed_courses()
    linked = seed_consented_link(track)
    if stdout:
        stdout.write(
            f"Leernetwerk: {track.teams.count()} teams, "
            f"{LearningSession.objects.filter(team__track=track).count()} leerbijeenkomsten, "
            f"{track.learning_cases.count()} leercasussen ({'een' if linked else 'geen'} gekoppeld)."
        )


@transaction.atomic
def seed_track() -> LearningTrack:
    learner = User.objects.get(username="leernetwerk")
    track, _ = LearningTrack.objects.get_or_create(
        name=TRACK_NAME,
        defaults={
            "region": Region.objects.get(code="GVS"),
            "period_start": _d(2022, 2, 15),
            "period_end": _d(2022, 12, 31),
            "aim": AIM,
            "learning_questions": LEARNING_QUESTIONS,
            "action_learner": ACTION_LEARNER,
            "omdenker": OMDENKER,
        },
    )
    TrackParticipant.objects.get_or_create(
        track=track, user=learner, defaults={"role": TrackParticipant.Role.LEARNER}
    )
    for code, summary in LEARNING_CASES:
        LearningCase.objects.get_or_create(track=track, code=code, defaults={"summary": summary})
    for day, held, notes in PROJECT_GROUP:
        ProjectGroupMeeting.objects.get_or_create(
            track=track, date=day, defaults={"held": held, "notes": notes}
        )
    for municipality, (planned, members) in TEAMS.items():
        team, _ = LearningTeam.objects.get_or_create(
            track=track,
            municipality=Municipality.objects.get(name=municipality),
            defaults={"planned_sessions": planned},
        )
        for name, organisation, role in members:
            TeamMember.objects.get_or_create(
                team=team, name=name, defaults={"organisation": organisation, "role": role}
            )
        for role, name in (
            (TeamMember.Role.ACTION_LEARNER, "Natasja Hornby"),
            (TeamMember.Role.OMDENKER, OMDENKER),
        ):
            TeamMember.objects.get_or_create(team=team, name=name, defaults={"role": role})
        _seed_sessions(team, learner)
    return track


def _seed_sessions(team: LearningTeam, actor: User) -> None:
    themes = {theme.name: theme for theme in Theme.objects.all()}
    cases = {lc.code: lc for lc in team.track.learning_cases.all()}
    members = list(team.members.all())
    for index, (day, place, minutes, codes, findings) in enumerate(SESSIONS.get(team.municipality.name, [])):
        if team.sessions.filter(date=day).exists():
            continue
        services.save_session(
            team=team,
            actor=actor,
            date=day,
            place=place,
            agenda="Casus doornemen vanuit het omdenkperspectief; bevindingen en een alternatief plan.",
            duration_minutes=minutes,
            attendees=members[: len(members) - index % 2],
            learning_cases=[cases[code] for code in codes],
            interviews=[
                {"with_whom": "parent", "perspective": "Ouders voelden zich niet gehoord in hun vraag."}
            ]
            if index == 0
            else [],
            findings=[
                {
                    "text": text,
                    "recommendation": recommendation,
                    "learning_case": cases[codes[0]] if codes else None,
                    "themes": [themes[name] for name in names],
                }
                for text, recommendation, names in findings
            ],
            alternative_plan="Eén vaste regisseur; binnen twee weken een gesprek met gezin, school en aanbieder.",
            actions=[
                {
                    "description": "Gesprek met gezin en aanbieder plannen",
                    "owner": "Consulent",
                    "done": index > 0,
                }
            ],
        )


@transaction.atomic
def seed_courses() -> None:
    for name, kind, description, dates, participants in COURSES:
        course, _ = Course.objects.get_or_create(
            name=name, defaults={"kind": kind, "description": description}
        )
        for day, place in dates:
            CourseDate.objects.get_or_create(course=course, date=day, defaults={"place": place})
        for person, organisation, completed in participants:
            CourseParticipant.objects.get_or_create(
                course=course, name=person, defaults={"organisation": organisation, "completed": completed}
            )


@transaction.atomic
def seed_consented_link(track: LearningTrack) -> bool:
    """Link LC-03 to Amy's case as her facilitator, with the mother's learning-network consent."""
    amy = Case.objects.filter(youth_name="Amy", region__code="UTR").first()
    facilitator = User.objects.filter(username="procesbegeleider").first()
    if amy is None or facilitator is None:
        return False
    learning_case = track.learning_cases.get(code="LC-03")
    if learning_case.case_id == amy.pk:
        return True
    if learning_case.case_id is not None or learning_case.needs_review:
        return False  # linked elsewhere, or unlinked after a withdrawal: leave it as the user left it
    if not services.active_learning_consents(amy).exists():
        mother = amy.persons.order_by("id").first()
        Consent.objects.create(
            case=amy,
            person=mother,
            purpose=ConsentPurpose.LEARNING_NETWORK,
            given_on=track.period_start,
            recorded_by=facilitator,
        )
    services.link_learning_case(learning_case=learning_case, case=amy, actor=facilitator)
    return True
