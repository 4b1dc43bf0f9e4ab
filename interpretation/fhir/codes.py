"""Code systems and codes the FHIR layer reads and writes (see the table in the package)."""

from __future__ import annotations

import uuid

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
V3_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DIAGNOSTIC_SERVICE = "http://terminology.hl7.org/CodeSystem/v2-0074"

#: Our own code system, for what no standard code says plainly (the Duffy phenotype).
CONTEXT_SYSTEM = "urn:reviewed-medical-answers:interpretation-context"

BODY_TEMPERATURE_LOINC = "8310-5"
PREGNANCY_STATUS_LOINC = "82810-3"
CBC_PANEL_LOINC = "58410-2"
CBC_PANEL_DISPLAY = "CBC panel - Blood by Automated count"

DUFFY_PHENOTYPE = "duffy-phenotype"
DUFFY_NULL = "duffy-null"
DUFFY_NOT_NULL = "duffy-not-null"

#: Pregnancy status answers: (system, code) → pregnant? None means unknown.
PREGNANCY_ANSWERS: dict[tuple[str, str], bool | None] = {
    (SNOMED, "77386006"): True,  # Pregnant (finding)
    (SNOMED, "60001007"): False,  # Not pregnant (finding)
    (SNOMED, "261665006"): None,  # Unknown (qualifier value)
    (LOINC, "LA15173-0"): True,  # Pregnant
    (LOINC, "LA26683-5"): False,  # Not pregnant
    (LOINC, "LA4489-6"): None,  # Unknown
}

#: Procedure codes read as anticancer treatment (SNOMED CT).
ANTICANCER_PROCEDURES = {
    "367336001": "Chemotherapy (procedure)",
    "703423002": "Combined chemotherapy and radiation therapy (procedure)",
}

# Procedure statuses: ignored, or meaning the treatment is under way (the
# others, completed and stopped, date the last treatment).
PROCEDURE_IGNORED = ("not-done", "entered-in-error")
PROCEDURE_ONGOING = ("preparation", "in-progress", "on-hold", "unknown")

#: Quantity.comparator codes (FHIR R4).
COMPARATORS = ("<", "<=", ">=", ">")

# fullUrls are uuid5 names in this namespace, so one result always gives the same Bundle.
FULL_URL_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:reviewed-medical-answers:interpretation")

INTERPRETATION_DISPLAY = {
    "N": "Normal",
    "L": "Low",
    "H": "High",
    "LL": "Critical low",
    "HH": "Critical high",
    "A": "Abnormal",
}
