from django.apps import AppConfig

# The reviewed reference data, the page's wording and the clinical test set.
_CONTENT = (
    "analyte",
    "referencerange",
    "severityscale",
    "gradingtable",
    "criticallimit",
    "plausibilitylimit",
    "feverrule",
    "guidanceblock",
    "clinicaltestcase",
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
        "PlausibilityLimit",
        "FeverRule",
        "GuidanceBlock",
        "ClinicalTestCase",
    )
    role_permissions = {
        "Editors": {f"interpretation.{m}": ("add", "change", "view") for m in _CONTENT},
        "Board": {f"interpretation.{m}": ("view",) for m in _CONTENT},
        "Administrators": {f"interpretation.{m}": ("view",) for m in _CONTENT},
    }
    exported = True
    # The review desk shows what a pending change does to the clinical test set.
    review_desk = "interpretation.impact"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system check)
