"""The dependency rule of DESIGN.md "Architecture": imports between apps point one way only
(``core ← cases ← expertteams ← subsidies``; learning, reports and privacy read from those before them;
``core`` imports no app). Checked on the source, so a wrong import fails here, not in review."""

import ast
from pathlib import Path

from django.conf import settings

ALLOWED = {
    "core": set(),
    "accounts": {"core"},
    "cases": {"core"},
    "expertteams": {"core", "cases"},
    "subsidies": {"core", "cases", "expertteams"},
    "learning": {"core", "cases", "expertteams", "subsidies"},
    "reports": {"core", "cases", "expertteams", "subsidies", "learning"},
    "privacy": {"core", "cases", "expertteams", "subsidies", "learning", "reports", "accounts"},
}


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(ALLOWED)


def test_every_project_app_has_a_place_in_the_rule():
    project_apps = {
        name.split(".")[0]
        for name in settings.INSTALLED_APPS
        if Path(settings.BASE_DIR, name.split(".")[0]).is_dir()
    }
    assert project_apps == set(ALLOWED)


def test_imports_between_apps_point_one_way():
    wrong = []
    for app, allowed in ALLOWED.items():
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for other in imported_apps(path) - allowed - {app}:
                wrong.append(f"{path.relative_to(settings.BASE_DIR)} imports {other}")
    assert wrong == []
