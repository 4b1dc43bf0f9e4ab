"""The OpenAPI 3.1 document of the interpretation API (served at /api/v1/openapi.json).

The tests check every answer of the API against these schemas.
"""

from __future__ import annotations

from .fhir.codes import (
    ANTICANCER_PROCEDURES,
    BODY_TEMPERATURE_LOINC,
    CONTEXT_SYSTEM,
    DUFFY_NOT_NULL,
    DUFFY_NULL,
    DUFFY_PHENOTYPE,
    PREGNANCY_ANSWERS,
    PREGNANCY_STATUS_LOINC,
)

_NUMBER_OR_NULL = {"type": ["number", "null"]}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_HTML_TEXT = {
    "type": "object",
    "required": ["title", "html"],
    "properties": {"title": {"type": "string"}, "html": {"type": "string"}},
}
_INSTRUCTION = {
    "type": ["object", "null"],
    "description": "The one instruction, in the board's approved words, with the alerts behind "
    "it (each naming the values that raised it). Never two levels side by side.",
    "required": ["level", "title", "html", "alerts"],
    "properties": {
        "level": {"enum": ["emergency", "same_day", "non_urgent"]},
        "title": {"type": "string"},
        "html": {"type": "string"},
        "alerts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["message_key", "title", "html", "values"],
                "properties": {
                    "message_key": {"type": "string"},
                    "title": {"type": "string"},
                    "html": {"type": "string"},
                    "values": _STRINGS,
                },
            },
        },
    },
}
_CITATIONS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["number", "text"],
        "properties": {
            "number": {"type": "integer", "minimum": 1},
            "text": {"type": "string"},
        },
    },
}
_ERROR = {
    "type": "object",
    "required": ["errors"],
    "additionalProperties": False,
    "properties": {
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["field", "message", "code", "suggestions", "related"],
                "additionalProperties": False,
                "properties": {
                    "field": {"type": "string", "minLength": 1},
                    "message": {"type": "string", "minLength": 1},
                    "code": {
                        "enum": [
                            "invalid",
                            "implausible",
                            "contradiction",
                            "comparator_undecided",
                            "unavailable",
                        ],
                        "description": "implausible: impossible in the unit given (see "
                        "suggestions); contradiction: a typed ANC disagrees with WBC × % "
                        "(see related); comparator_undecided: a bound such as <5 could be "
                        "read either way; unavailable: no usable approved content.",
                    },
                    "suggestions": {
                        "type": "array",
                        "description": "Readings of the same number in the other accepted "
                        "units (did you mean …?): value in unit is canonical_value in "
                        "canonical_unit.",
                        "items": {
                            "type": "object",
                            "required": ["unit", "value", "canonical_value", "canonical_unit"],
                            "properties": {
                                "unit": {"type": "string"},
                                "value": {"type": "number"},
                                "canonical_value": {"type": "number"},
                                "canonical_unit": {"type": "string"},
                            },
                        },
                    },
                    "related": {**_STRINGS, "description": "The other fields involved."},
                },
            },
        },
        "instruction": {
            **_INSTRUCTION,
            "description": "Present when the instruction that already holds is urgent (a "
            "fever with the lower of two contradicting ANCs...): act on it while correcting "
            "the input.",
        },
        "citations": {**_CITATIONS, "description": "The instruction's numbered references."},
    },
}

_ANSWER = {True: "pregnant", False: "not pregnant", None: "unknown"}
_PREGNANCY_CODES = ", ".join(
    f"{'SNOMED CT' if 'snomed' in system else 'LOINC'} {code} ({_ANSWER[answer]})"
    for (system, code), answer in PREGNANCY_ANSWERS.items()
)
FHIR_CONTEXT = (
    "FHIR context read with the lab Observations (a Bundle): Patient.birthDate and "
    "Patient.gender; body temperature as an Observation with LOINC "
    f"{BODY_TEMPERATURE_LOINC} in Cel or [degF] (an effectivePeriod of an hour or more "
    "means a sustained fever); pregnancy as an Observation with LOINC "
    f"{PREGNANCY_STATUS_LOINC} and valueCodeableConcept {_PREGNANCY_CODES}; "
    "anticancer treatment as a Procedure coded in SNOMED CT "
    + ", ".join(f"{code} ({name})" for code, name in ANTICANCER_PROCEDURES.items())
    + " (under way or undated: treatment now; completed: days since its performed date); "
    f"the Duffy phenotype from a blood test as an Observation coded {DUFFY_PHENOTYPE} in "
    f"{CONTEXT_SYSTEM} with valueCodeableConcept {DUFFY_NULL} or {DUFFY_NOT_NULL} in the "
    "same system. A valueQuantity.comparator (<0.1) is read on the safe side."
)


def _error_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }


OPENAPI: dict = {
    "openapi": "3.1.0",
    "info": {
        "title": "Lab interpretation API",
        "version": "1.1.0",
        "description": (
            "Interprets an adult complete blood count with reference data and wording "
            "approved by the medical board. Educational information, not a diagnosis. Lab "
            "values are never stored, logged or cached: every answer carries "
            "Cache-Control: no-store."
        ),
    },
    "paths": {
        "/api/v1/interpret": {
            "post": {
                "operationId": "interpret",
                "summary": "Interpret lab values",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/InterpretRequest"},
                            "example": {
                                "age": 45,
                                "sex": "female",
                                "temperature": 101,
                                "temperature_unit": "[degF]",
                                "anticancer_treatment": False,
                                "pregnant": False,
                                "duffy_null": False,
                                "audience": "patient",
                                "values": [
                                    {"analyte": "WBC", "value": 3.4, "unit": "10*9/L"},
                                    {"analyte": "ANC", "value": 1207, "unit": "/uL"},
                                ],
                            },
                        },
                        "application/fhir+json": {
                            "schema": {
                                "description": (
                                    "A FHIR R4 Bundle of Observations coded with LOINC and UCUM "
                                    "valueQuantity (optionally with a Patient and context), or "
                                    "one Observation. " + FHIR_CONTEXT
                                ),
                                "type": "object",
                                "required": ["resourceType"],
                            }
                        },
                    },
                },
                "responses": {
                    "200": {
                        "description": "The interpretation.",
                        "headers": {
                            "Cache-Control": {
                                "schema": {"type": "string", "const": "no-store, private"}
                            }
                        },
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/InterpretResponse"}
                            },
                            "application/fhir+json": {
                                "schema": {
                                    "description": "A FHIR R4 Bundle: Observations with "
                                    "interpretation codings and a DiagnosticReport whose "
                                    "conclusion leads with the one instruction, in approved "
                                    "words.",
                                    "type": "object",
                                    "required": ["resourceType", "type", "entry"],
                                }
                            },
                        },
                    },
                    "400": _error_response(
                        "Bad input: every bad field is named, with its code, the readings to "
                        "offer and the fields involved; the urgent instruction that already "
                        "holds is given beside the errors."
                    ),
                    "405": _error_response("Only POST is allowed."),
                    "413": _error_response("The request is too large."),
                    "415": _error_response("Unsupported Content-Type."),
                    "429": _error_response("Too many requests."),
                    "503": _error_response("No usable approved reference data or wording."),
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Errors": _ERROR,
            "InterpretRequest": {
                "type": "object",
                "required": ["age", "values"],
                "additionalProperties": False,
                "properties": {
                    "age": {"type": "integer", "minimum": 0, "maximum": 130},
                    "sex": {"enum": ["female", "male", None]},
                    "temperature": {
                        **_NUMBER_OR_NULL,
                        "description": "Taken by mouth, in temperature_unit.",
                    },
                    "temperature_unit": {
                        "type": "string",
                        "default": "Cel",
                        "description": 'UCUM "Cel" or "[degF]" (also °C, °F).',
                    },
                    "fever_sustained_1h": {
                        "type": "boolean",
                        "description": "The temperature stayed at this level for an hour.",
                    },
                    "pregnant": {"type": "boolean"},
                    "duffy_null": {
                        "type": "boolean",
                        "description": "Known from a blood test; never inferred.",
                    },
                    "anticancer_treatment": {
                        "type": "boolean",
                        "description": "Having anticancer treatment now.",
                    },
                    "days_since_anticancer_treatment": {
                        "type": ["integer", "null"],
                        "minimum": 0,
                        "description": "Days since the last treatment (0 is today).",
                    },
                    "last_anticancer_treatment_date": {
                        "type": ["string", "null"],
                        "format": "date",
                        "description": "The date of the last treatment (the more recent of "
                        "this and the days is used).",
                    },
                    "audience": {"enum": ["patient", "caregiver", "professional", "student", None]},
                    "values": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["analyte", "value", "unit"],
                            "additionalProperties": False,
                            "properties": {
                                "analyte": {
                                    "type": "string",
                                    "description": "WBC, ANC, NEUT_PCT, BANDS_PCT, ALC, HGB, "
                                    "HCT, MCV, PLT, or a LOINC code.",
                                },
                                "value": {"type": "number"},
                                "unit": {"type": "string"},
                                "comparator": {
                                    "enum": ["<", "<=", ">=", ">", None],
                                    "description": "The lab printed a bound (<0.1): read on "
                                    "the safe side.",
                                },
                                "lab_low": _NUMBER_OR_NULL,
                                "lab_high": _NUMBER_OR_NULL,
                            },
                        },
                    },
                },
            },
            "InterpretResponse": {
                "type": "object",
                "required": [
                    "headline",
                    "instruction",
                    "values",
                    "findings",
                    "alerts",
                    "declined",
                    "guidance",
                    "citations",
                ],
                "properties": {
                    "headline": {"type": "string"},
                    "instruction": _INSTRUCTION,
                    "values": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": [
                                "analyte",
                                "loinc",
                                "value",
                                "unit",
                                "reference_range",
                                "interpretation",
                                "computed",
                                "ctcae",
                            ],
                            "properties": {
                                "analyte": {"type": "string"},
                                "loinc": {"type": "string"},
                                "name": {"type": "string"},
                                "value": {"type": "number"},
                                "unit": {"type": "string"},
                                "comparator": {"enum": ["<", "<=", ">=", ">", None]},
                                "reference_range": {
                                    "type": ["object", "null"],
                                    "required": ["low", "high", "unit"],
                                    "properties": {
                                        "low": _NUMBER_OR_NULL,
                                        "high": _NUMBER_OR_NULL,
                                        "unit": {"type": "string"},
                                        "source": {"type": ["string", "null"]},
                                    },
                                },
                                "interpretation": {"enum": ["N", "L", "H", "LL", "HH", "A", None]},
                                "computed": {"type": "boolean"},
                                "band": {"type": ["string", "null"]},
                                "ctcae": {
                                    "type": ["object", "null"],
                                    "required": ["version", "grade"],
                                    "properties": {
                                        "version": {"type": "string"},
                                        "grade": {"type": "integer", "minimum": 1, "maximum": 5},
                                    },
                                },
                            },
                        },
                    },
                    "findings": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["code", "severity", "title"],
                            "properties": {
                                "code": {"type": "string"},
                                "severity": {"type": ["string", "null"]},
                                "title": {"type": "string"},
                            },
                        },
                    },
                    "alerts": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["code", "level", "message_key", "analytes"],
                            "properties": {
                                "code": {"type": "string"},
                                "level": {"enum": ["emergency", "same_day", "non_urgent"]},
                                "message_key": {"type": "string"},
                                "analytes": _STRINGS,
                            },
                        },
                    },
                    "declined": {
                        "type": ["object", "null"],
                        "required": ["reason", "title", "html"],
                        "properties": {
                            "reason": {"enum": ["age", "pregnancy", "anticancer_treatment"]},
                            "title": {"type": "string"},
                            "html": {"type": "string"},
                        },
                    },
                    "guidance": {
                        "type": "array",
                        "items": {
                            **_HTML_TEXT,
                            "required": ["section", "title", "html"],
                            "properties": {
                                **_HTML_TEXT["properties"],
                                "section": {
                                    "enum": [
                                        "meaning",
                                        "infection_risk",
                                        "causes",
                                        "next_steps",
                                        "seek_care",
                                        "monitoring",
                                    ]
                                },
                            },
                        },
                    },
                    "citations": _CITATIONS,
                },
            },
        }
    },
}
