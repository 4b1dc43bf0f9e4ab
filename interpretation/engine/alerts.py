"""Alerts and the one instruction: computed for everyone, interpreted or declined.

A fever is never dropped. With the fever rule R (all numbers are reference data):

============================================  ===================================  ==========
when the temperature meets R and…             alert (``message_key``)              level
============================================  ===================================  ==========
ANC < R.anc_below (or WBC < it, no ANC)       ``febrile_neutropenia``              emergency
ANC < R.urgent_anc_below (or WBC, no ANC)     ``fever_with_low_anc``               emergency
anticancer treatment now or within the        ``fever_during_anticancer_treatment``  emergency
window (whatever the counts show)
no ANC, and a WBC below the general adult     ``fever_with_low_wbc_no_anc``        emergency
lower limit or the lab's, whichever is higher
otherwise (normal counts, or none entered)    ``fever``                            non_urgent
============================================  ===================================  ==========

The WBC stands in for a missing ANC because the ANC cannot exceed it: a WBC
under an edge proves the ANC is under it too. A low WBC without an ANC cannot
rule out an ANC below 0.5, so it is an emergency; a Duffy-null or a lab's
lower limit never makes that WBC "not low".

Critical values raise ``critical_value.<analyte>.<low|high>`` at the action
their limit carries, so the text speaks of the value that triggered it.
"""

from __future__ import annotations

from collections.abc import Mapping

from .checked import Person, Reading
from .reference import ReferenceData
from .types import ACTION_LEVELS, EMERGENCY, NON_URGENT, Alert, Instruction


def find_alerts(
    person: Person, readings: Mapping[str, Reading], data: ReferenceData
) -> tuple[Alert, ...]:
    """Every alert, most urgent first (fever before critical values at the same level)."""
    alerts = []
    fever = _fever_alert(person, readings, data)
    if fever is not None:
        alerts.append(fever)
    for code in sorted(readings, key=data.panel_position):
        rules = data.rules_for(code, sex=person.sex, duffy_null=person.duffy_null)
        flag = rules.critical_flag(readings[code].judged)
        if flag == "LL":
            alerts.append(_critical(code, "low", rules.critical.low_action))
        elif flag == "HH":
            alerts.append(_critical(code, "high", rules.critical.high_action))
    alerts.sort(key=lambda alert: ACTION_LEVELS.index(alert.level))
    return tuple(alerts)


def instruction_for(alerts: tuple[Alert, ...]) -> Instruction | None:
    """The one instruction: the level of the most urgent alert, with the alerts at it."""
    if not alerts:
        return None
    level = min((alert.level for alert in alerts), key=ACTION_LEVELS.index)
    return Instruction(level, f"instruction.{level}", tuple(a for a in alerts if a.level == level))


def _critical(code: str, side: str, action: str) -> Alert:
    return Alert("critical_value", action, f"critical_value.{code}.{side}", (code,))


def _fever_alert(
    person: Person, readings: Mapping[str, Reading], data: ReferenceData
) -> Alert | None:
    rule = data.fever_rule
    if not person.has_fever(rule):
        return None
    anc, wbc = readings.get("ANC"), readings.get("WBC")
    count = anc or wbc
    if count is not None and count.judged < rule.anc_below:
        return Alert("febrile_neutropenia", EMERGENCY, "febrile_neutropenia", (count.analyte.code,))
    if count is not None and count.judged < rule.urgent_anc_below:
        return Alert("fever_with_low_anc", EMERGENCY, "fever_with_low_anc", (count.analyte.code,))
    if person.treatment_active(rule):
        key = "fever_during_anticancer_treatment"
        return Alert(key, EMERGENCY, key, ())
    if anc is None and wbc is not None and _low_white_count(wbc, person, data):
        key = "fever_with_low_wbc_no_anc"
        return Alert(key, EMERGENCY, key, ("WBC",))
    return Alert("fever", NON_URGENT, "fever", ())


def _low_white_count(wbc: Reading, person: Person, data: ReferenceData) -> bool:
    general = data.rules_for("WBC", sex=person.sex, duffy_null=False).low
    limits = [limit for limit in (general, wbc.lab_low) if limit is not None]
    return bool(limits) and wbc.judged < max(limits)
