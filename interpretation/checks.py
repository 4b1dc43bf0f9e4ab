"""``manage.py check``: the approved wording covers everything the approved data can show.

A finding, alert, instruction or decline the engine can give under the
approved reference data, without an approved block to say it, is a
configuration error (``interpretation.E001``): the page never says it in words
of its own. Approved reference data the engine refuses is ``E002``. With no
approved reference data at all the tool answers that it is not available
(``W001``: a new installation before its first approvals).

The check reads the database. Without one, or while migrations are waiting to
be applied (``migrate`` runs the checks before it migrates, and approved
content may predate the fields it needs), it reports nothing: the content is
judged once the schema is current. A test database is checked like any other.
``seed_demo``, which brings content up to date, runs without the checks.
"""

from __future__ import annotations

from django.core import checks
from django.db import DEFAULT_DB_ALIAS, connections
from django.db import Error as DatabaseError
from django.db.migrations.executor import MigrationExecutor

from . import wording


@checks.register("interpretation")
def approved_wording_is_complete(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if app_configs is not None and not any(c.name == "interpretation" for c in app_configs):
        return []
    from .reference import ReferenceDataMissing, approved_snapshots, build_live_reference

    try:
        if _migrations_waiting():
            return []
        snapshots = list(approved_snapshots().values())
    except DatabaseError:
        return []  # no database, or no tables yet: nothing has been approved
    try:
        live = build_live_reference(snapshots)
    except ReferenceDataMissing as missing:
        if not snapshots:
            return [
                checks.Warning(
                    "The interpretation tool has no approved reference data yet; "
                    "it answers that it is not available.",
                    hint="Load the demo (manage.py seed_demo) or have the board approve "
                    "analytes, ranges, plausibility limits and the fever rule.",
                    id="interpretation.W001",
                )
            ]
        return [
            checks.Error(
                f"The approved reference data cannot be applied: {problem}",
                hint="Submit a corrected revision for the board to approve.",
                id="interpretation.E002",
            )
            for problem in missing.problems
        ]
    left_out = [checks.Warning(problem, id="interpretation.W002") for problem in live.left_out]
    return left_out + [
        checks.Error(
            f"No approved guidance block for {slot.why}: key “{slot.key}”, "
            f"severity “{slot.severity or 'any'}”, section “{slot.section}”, default audience.",
            hint="The page never fills a gap with its own words: write the block and have "
            "the board approve it.",
            id="interpretation.E001",
        )
        for slot in wording.missing_slots(live.data, live.guidance)
    ]


def _migrations_waiting() -> bool:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
