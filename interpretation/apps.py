from django.apps import AppConfig

# The reviewed reference data and guidance the engine applies.
_CONTENT = (
    "analyte",
    "referencerange",
    "severityscale",
    "gradingtable",
    "criticallimit",
    "feverrule",
    "guidanceblock",
)


class InterpretationConfig(AppConfig):
    name = "interpretation"
    verbose_name = "Lab interpretation"

    # What the review workflow needs to know of this app (see reviews.registry).
    reviewable_models = (
        "Analyte",
        "ReferenceRange",
        "SeverityScale",
        "GradingTable",
        "CriticalLimit",
        "FeverRule",
        "GuidanceBlock",
    )
    role_permissions = {
        "Editors": {f"interpretation.{m}": ("add", "change", "view") for m in _CONTENT},
        "Board": {f"interpretation.{m}": ("view",) for m in _CONTENT},
        "Administrators": {f"interpretation.{m}": ("view",) for m in _CONTENT},
    }
    exported = True
