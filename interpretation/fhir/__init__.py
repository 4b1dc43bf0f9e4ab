"""FHIR R4 for the interpretation engine: read lab Observations and context, write a report.

Plain Python with no Django import and no FHIR library: it reads dicts parsed
from JSON and returns dicts ready for ``json.dumps``. What we read and write
(Bundle, Patient, Observation, Procedure, DiagnosticReport) is the same in R4
and R4B.

Reading (:func:`parse_fhir`) accepts a Bundle of any type, or a single lab
Observation, and raises :class:`~interpretation.engine.InputErrors` naming
FHIR paths (``entry[2].resource.valueQuantity.value``). Writing
(:func:`to_fhir_bundle`) gives a collection Bundle: one Observation per value
and a DiagnosticReport whose conclusion the caller writes in approved words
(the one instruction first, "Seek care now: …", then the findings).

What we read (for the OpenAPI document and the README)
=====================================================

=========================  ===================================================================
what                       how it is sent
=========================  ===================================================================
blood count results        Observation coded in LOINC: WBC 6690-2; ANC 751-8 (also 26499-4,
                           753-4); neutrophils % 770-8; bands % 764-1; lymphocytes 731-0;
                           hemoglobin 718-7; hematocrit 4544-3; MCV 787-2; platelets 777-3.
                           valueQuantity in UCUM (10*9/L, 10*3/uL, /uL, %, g/dL, g/L,
                           mmol/L, fL); its ``comparator`` (<, <=, >=, >) is read on the safe
                           side (see ``interpretation.engine.interpret``); referenceRange[0]
                           low and high are the lab's own range, in the unit of the value.
age, sex                   Patient.birthDate (a partial date counts from its last possible
                           day) and Patient.gender.
body temperature           Observation, LOINC 8310-5 Body temperature, valueQuantity in Cel
                           or [degF]. Of several, the one meeting the fever rule, else the
                           highest.
sustained fever            The same Observation with an effectivePeriod of one hour or more
                           (start and end as dateTimes with a time and a time zone); its
                           value is the lowest temperature over the period.
pregnancy                  Observation, LOINC 82810-3 Pregnancy status, valueCodeableConcept
                           SNOMED CT 77386006 Pregnant, 60001007 Not pregnant or 261665006
                           Unknown (or LOINC answers LA15173-0, LA26683-5, LA4489-6).
anticancer treatment       Procedure, SNOMED CT 367336001 Chemotherapy or 703423002 Combined
and its date               chemotherapy and radiation therapy. Status preparation,
                           in-progress, on-hold or unknown, or no date: having treatment
                           now. Completed or stopped: the days since performedDateTime, or
                           performedPeriod.end (else .start).
Duffy phenotype (from a    Observation coded ``duffy-phenotype`` in our code system
blood test)                ``urn:reviewed-medical-answers:interpretation-context``, with
                           valueCodeableConcept ``duffy-null`` or ``duffy-not-null`` in it.
=========================  ===================================================================

Why a local code for the Duffy phenotype: LOINC codes the Fy(a) and Fy(b)
antigens as separate results, and we found no single standard code for
"Duffy-null, Fy(a−b−)" we could check; a lab that sends the antigens should
map both negative to ``duffy-null``. Anticancer medicines (MedicationStatement,
MedicationAdministration) are not read: no reviewed list of anticancer drug
codes exists yet; send the treatment as a Procedure. Observations with status
entered-in-error or cancelled, and Procedures not-done or entered-in-error, are
passed over.
"""

from .codes import (
    ANTICANCER_PROCEDURES,
    BODY_TEMPERATURE_LOINC,
    CONTEXT_SYSTEM,
    INTERPRETATION_DISPLAY,
    PREGNANCY_ANSWERS,
    PREGNANCY_STATUS_LOINC,
    V3_INTERPRETATION,
)
from .reading import FhirRequest, parse_fhir
from .writing import ANC_METHOD, to_fhir_bundle

__all__ = [
    "ANC_METHOD",
    "ANTICANCER_PROCEDURES",
    "BODY_TEMPERATURE_LOINC",
    "CONTEXT_SYSTEM",
    "INTERPRETATION_DISPLAY",
    "PREGNANCY_ANSWERS",
    "PREGNANCY_STATUS_LOINC",
    "V3_INTERPRETATION",
    "FhirRequest",
    "parse_fhir",
    "to_fhir_bundle",
]
