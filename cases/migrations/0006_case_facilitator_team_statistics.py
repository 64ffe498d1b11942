"""Extended statistics on a case's facilitator and team (PostgreSQL only).

A facilitator's cases all lie in their own team, but the planner multiplies the two conditions'
selectivities as if they were independent: for ``procesbegeleider`` (260 cases in a team of 25,000)
it expected 56 cases and planned "my day" (the open actions on the user's cases) from the cases
instead of from the user's own open actions (``action_open_owner_due_idx``): 4.6 ms instead of 2.3.
``dependencies`` statistics tell it that the facilitator determines the team. They are gathered by
``ANALYZE`` (autovacuum, or ``seed_scale`` after loading). Other databases: nothing to do.
"""

from django.db import migrations

CREATE = (
    "CREATE STATISTICS IF NOT EXISTS case_facilitator_team_stats (dependencies) "
    "ON facilitator_id, expert_team_id FROM cases_case"
)
DROP = "DROP STATISTICS IF EXISTS case_facilitator_team_stats"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_case_home_page_indexes"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False),
    ]
