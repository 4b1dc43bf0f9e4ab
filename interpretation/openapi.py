"""The OpenAPI 3.1 document of the interpretation API (served at /api/v1/openapi.json).

The tests check every answer of the API against these schemas.
"""

from __future__ import annotations

_NUMBER_OR_NULL = {"type": ["number", "null"]}
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
                "required": ["field", "message"],
                "additionalProperties": False,
                "properties": {
                    "field": {"type": "string", "minLength": 1},
                    "message": {"type": "string", "minLength": 1},
                },
            },
        }
    },
}


def _error_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }


OPENAPI: dict = {
    "openapi": "3.1.0",
    "info": {
        "title": "Lab interpretation API",
        "version": "1.0.0",
        "description": (
            "Interprets an adult complete blood count with reference data reviewed by the "
            "medical board. Educational information, not a diagnosis. Lab values are never "
            "stored, logged or cached: every answer carries Cache-Control: no-store."
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
                                "temperature_c": 37.0,
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
                                    "valueQuantity (optionally with a Patient), or one Observation."
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
                                    "interpretation codings and a DiagnosticReport.",
                                    "type": "object",
                                    "required": ["resourceType", "type", "entry"],
                                }
                            },
                        },
                    },
                    "400": _error_response("Bad input: every bad field is named."),
                    "405": _error_response("Only POST is allowed."),
                    "413": _error_response("The request is too large."),
                    "415": _error_response("Unsupported Content-Type."),
                    "429": _error_response("Too many requests."),
                    "503": _error_response("No reviewed reference data is available."),
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
                "additionalProperties": True,
                "properties": {
                    "age": {"type": "integer", "minimum": 0, "maximum": 130},
                    "sex": {"enum": ["female", "male", None]},
                    "temperature_c": _NUMBER_OR_NULL,
                    "fever_sustained_1h": {"type": "boolean"},
                    "pregnant": {"type": "boolean"},
                    "duffy_null": {"type": "boolean"},
                    "on_chemotherapy": {"type": "boolean"},
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
                    "values",
                    "findings",
                    "alerts",
                    "declined",
                    "guidance",
                    "citations",
                ],
                "properties": {
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
                                "interpretation": {"enum": ["N", "L", "H", "LL", "HH", None]},
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
                            "required": ["code", "message"],
                            "properties": {
                                "code": {"type": "string"},
                                "level": {"type": "string"},
                                "message": {"type": "string"},
                            },
                        },
                    },
                    "declined": {"type": ["string", "null"]},
                    "guidance": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["section", "html", "review_status"],
                            "properties": {
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
                                "title": {"type": "string"},
                                "html": {"type": "string"},
                                "review_status": {"enum": ["approved", "pending"]},
                            },
                        },
                    },
                    "citations": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["number", "text"],
                            "properties": {
                                "number": {"type": "integer", "minimum": 1},
                                "text": {"type": "string"},
                            },
                        },
                    },
                    "unreviewed_reference_data": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
