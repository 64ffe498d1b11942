import csv

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["pdf", "csv", "xlsx"])
def test_regional_report_command_writes_each_format(hand_counted, tmp_path, fmt):
    output = tmp_path / f"rapport.{fmt}"

    call_command("regional_report", region="UTR", year=2026, format=fmt, output=str(output))

    data = output.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "xlsx":
        assert load_workbook(output).sheetnames[0] == "Rapportage"
    else:
        rows = list(csv.reader(output.open(encoding="utf-8-sig"), delimiter=";"))
        assert ["Doorstroom", "Kerncijfers", "Aangemeld in de periode", "Aantal", "7"] in rows
        sections = {row[0] for row in rows}
        for title in ("Crisisopvang", "Residentieel verblijf", "Uitkomsten en na afsluiting",
                      "School en dagbesteding", "Vergelijking", "Stimuleringsimpuls maatwerk"):  # fmt: skip
            assert title in sections
        assert any(row[1] == "Definities" for row in rows)


def test_unknown_region_is_refused(tmp_path, db):
    with pytest.raises(CommandError):
        call_command("regional_report", region="XXX", year=2026, format="csv", output=str(tmp_path / "x.csv"))
