"""Small, well-named modules (STYLE.md; issue 12): no module over 500 lines outside migrations, tests and
demo data, and the timeline's workflow (``expertteams/services.py``) at most 400."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_PARTS = {".venv", "tests", "migrations", "node_modules", "__pycache__"}


def project_modules():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIPPED_PARTS.intersection(relative.parts) or path.name == "demo.py":
            continue
        yield relative, len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_outside_migrations_tests_and_demo_data_exceeds_500_lines():
    too_long = {str(path): lines for path, lines in project_modules() if lines > 500}
    assert not too_long


def test_the_step_workflow_stays_at_most_400_lines():
    lines = len((ROOT / "expertteams" / "services.py").read_text(encoding="utf-8").splitlines())
    assert lines <= 400
