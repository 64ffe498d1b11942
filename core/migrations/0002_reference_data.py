"""Reference data from DESIGN.md: regions with their short codes, municipalities, organisations,
one expert team per region, and the decree days of Atw art. 3(3). Administrators edit them later."""

from datetime import date

from django.db import migrations

REGIONS = {
    ("FLE", "Flevoland"): ["Almere", "Dronten", "Lelystad", "Noordoostpolder", "Urk", "Zeewolde"],
    ("UTR", "Utrecht Stad"): ["Utrecht"],
    ("LEK", "Lekstroom"): ["Houten", "IJsselstein", "Lopik", "Nieuwegein", "Vijfheerenlanden"],
    ("UTW", "Utrecht West"): ["De Ronde Venen", "Montfoort", "Oudewater", "Stichtse Vecht", "Woerden"],
    ("ZOU", "Zuidoost Utrecht"): ["Bunnik", "De Bilt", "Rhenen", "Utrechtse Heuvelrug", "Wijk bij Duurstede", "Zeist"],
    ("EEM", "Eemland"): ["Amersfoort", "Baarn", "Bunschoten", "Eemnes", "Leusden", "Soest", "Woudenberg"],
    ("GVS", "Gooi en Vechtstreek"): ["Blaricum", "Gooise Meren", "Hilversum", "Huizen", "Laren", "Wijdemeren"],
    ("AMA", "Amsterdam-Amstelland"): ["Aalsmeer", "Amstelveen", "Amsterdam", "Diemen", "Ouder-Amstel", "Uithoorn"],
    ("ZAW", "Zaanstreek-Waterland"): [
        "Edam-Volendam", "Landsmeer", "Oostzaan", "Purmerend", "Waterland", "Wormerland", "Zaanstad",
    ],
}

ORGANISATIONS = [
    ("Levvel", "provider"),
    ("Youké", "provider"),
    ("Leger des Heils", "provider"),
    ("GGZ Centraal", "provider"),
    ("Veilig Thuis", "safe_home"),
    ("Raad voor de Kinderbescherming", "child_protection_board"),
    ("SAVE (gecertificeerde instelling)", "certified_institution"),
    ("Gezinshuis De Linde", "family_home"),
    ("Gezinshuis Het Anker", "family_home"),
    ("Ondersteuningsteam Zorg voor de Jeugd", "support"),
    ("Hogeschool Windesheim", "knowledge"),
]

DECREE_DAYS = [
    (date(2023, 4, 28), "Vrijdag na Koningsdag 2023"),
    (date(2023, 5, 19), "Vrijdag na Hemelvaart 2023"),
    (date(2024, 5, 10), "Vrijdag na Hemelvaart 2024"),
    (date(2024, 12, 27), "Vrijdag na Kerst 2024"),
    (date(2025, 5, 30), "Vrijdag na Hemelvaart 2025"),
    (date(2026, 1, 2), "Vrijdag na Nieuwjaarsdag 2026"),
    (date(2026, 5, 15), "Vrijdag na Hemelvaart 2026"),
    (date(2027, 5, 7), "Vrijdag na Hemelvaart 2027"),
    (date(2028, 4, 28), "Vrijdag na Koningsdag 2028"),
    (date(2028, 5, 26), "Vrijdag na Hemelvaart 2028"),
]


def load(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    Municipality = apps.get_model("core", "Municipality")
    Organisation = apps.get_model("core", "Organisation")
    ExpertTeam = apps.get_model("core", "ExpertTeam")
    NonWorkingDay = apps.get_model("core", "NonWorkingDay")
    for (code, name), municipalities in REGIONS.items():
        region, _ = Region.objects.get_or_create(code=code, defaults={"name": name})
        ExpertTeam.objects.get_or_create(region=region, defaults={"name": f"Expertteam {name}"})
        for municipality in municipalities:
            Municipality.objects.get_or_create(name=municipality, defaults={"region": region})
    for name, kind in ORGANISATIONS:
        Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    for day, description in DECREE_DAYS:
        NonWorkingDay.objects.get_or_create(date=day, defaults={"kind": "decree", "description": description})


def unload(apps, schema_editor):
    apps.get_model("core", "NonWorkingDay").objects.filter(date__in=[d for d, _ in DECREE_DAYS]).delete()
    apps.get_model("core", "Organisation").objects.filter(name__in=[n for n, _ in ORGANISATIONS]).delete()
    apps.get_model("core", "ExpertTeam").objects.filter(region__code__in=[c for c, _ in REGIONS]).delete()
    apps.get_model("core", "Municipality").objects.filter(region__code__in=[c for c, _ in REGIONS]).delete()
    apps.get_model("core", "Region").objects.filter(code__in=[c for c, _ in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
