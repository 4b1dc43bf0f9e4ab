"""The lab-values form: one labelled row per analyte with a unit chooser."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from articles.models import Audience

COUNT_UNITS = [
    ("10*9/L", "×10⁹/L"),
    ("10*3/uL", "×10³/µL (K/µL)"),
    ("/uL", "cells/µL (/mm³)"),
]
UNITS = {
    "count": COUNT_UNITS,
    "percent": [("%", "%")],
    "hemoglobin": [("g/dL", "g/dL"), ("g/L", "g/L"), ("mmol/L", "mmol/L")],
}

# (code, label, unit kind): the fields of the form, in the order a CBC report prints them.
FORM_ANALYTES = [
    ("WBC", "White blood cells (WBC)", "count"),
    ("ANC", "Absolute neutrophil count (ANC)", "count"),
    ("NEUT_PCT", "Neutrophils (%)", "percent"),
    ("BANDS_PCT", "Bands (%)", "percent"),
    ("ALC", "Lymphocytes", "count"),
    ("HGB", "Hemoglobin", "hemoglobin"),
    ("PLT", "Platelets", "count"),
]


def _number(label: str, **kwargs) -> forms.CharField:
    # Text, not a number input: people paste "3,4" or "1 207"; the engine says what is wrong.
    return forms.CharField(
        label=label,
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def _analyte_fields() -> dict[str, forms.Field]:
    """Four fields per analyte: the value, its unit and the report's own range."""
    fields: dict[str, forms.Field] = {}
    for code, label, kind in FORM_ANALYTES:
        key = code.lower()
        fields[f"{key}_value"] = _number(label)
        fields[f"{key}_unit"] = forms.ChoiceField(
            label=f"Unit for {label}", choices=UNITS[kind], required=False
        )
        fields[f"{key}_lab_low"] = _number(f"Lowest normal value on your report ({label})")
        fields[f"{key}_lab_high"] = _number(f"Highest normal value on your report ({label})")
    return fields


class SharedFields(dict):
    """A form's fields, shared by its instances rather than deep-copied for each.

    Django deep-copies ``base_fields`` for every form so that one instance may
    change its fields; this form never does (errors, values and widget attributes
    live on the form and its bound fields), and copying its 35 fields cost about
    0.5 ms of every result-page request. Each form still gets its own dict.
    """

    def __deepcopy__(self, memo):
        return dict(self)


class InterpretForm(forms.Form):
    age = forms.IntegerField(
        label="Age (years)",
        min_value=0,
        max_value=130,
        error_messages={
            "required": "Enter your age in years.",
            "invalid": "Enter your age as a whole number of years.",
        },
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=[("female", "Female"), ("male", "Male"), ("", "Prefer not to say")],
        required=False,
        help_text="Used for the hemoglobin range, which differs by sex.",
    )
    temperature_c = _number(
        "Temperature (°C), if you have measured it",
        help_text="Leave empty if you have not taken your temperature.",
    )
    fever_sustained_1h = forms.BooleanField(
        label="My temperature has stayed at this level for an hour or more", required=False
    )
    pregnant = forms.BooleanField(label="I am pregnant", required=False)
    on_chemotherapy = forms.BooleanField(label="I am having chemotherapy", required=False)
    duffy_null = forms.BooleanField(
        label="A blood test has shown I am Duffy-null",
        required=False,
        help_text=(
            "Duffy-null people often have lower neutrophil counts with no added risk. "
            "Tick this only if a blood test showed it; it is never guessed from ancestry."
        ),
    )
    audience = forms.ChoiceField(
        label="Which best describes you?",
        choices=[("", "General reader"), *Audience.choices],
        required=False,
        widget=forms.RadioSelect,
    )

    def rows(self):
        """Bound fields per analyte, for the template."""
        return [
            {
                "code": code,
                "label": label,
                "value": self[f"{code.lower()}_value"],
                "unit": self[f"{code.lower()}_unit"],
                "lab_low": self[f"{code.lower()}_lab_low"],
                "lab_high": self[f"{code.lower()}_lab_high"],
            }
            for code, label, _ in FORM_ANALYTES
        ]

    def _clean_fields(self):
        """Django's field cleaning, with the empty answers taken from a table.

        A results form comes back with most of its 36 boxes empty (a CBC report
        rarely prints every test, and few readers copy their lab's ranges), and an
        empty box always cleans to the same value. Django builds a bound field and
        runs the field's clean for each one (~0.1 ms of every result page); here an
        empty box reads its cleaned value from :data:`_EMPTY_CLEANED`, made once by
        those same clean methods. Every other value is cleaned as Django does. The
        form has no ``clean_<field>`` methods or disabled fields, which this skips
        (checked below); a test compares the outcome with Django's own on random posts.
        """
        data, files, cleaned = self.data, self.files, self.cleaned_data
        for name, field in self.fields.items():
            html_name = self.add_prefix(name)
            value = field.widget.value_from_datadict(data, files, html_name)
            try:
                if (value is None or value == "") and name in _EMPTY_CLEANED:
                    cleaned[name] = _EMPTY_CLEANED[name][value == ""]
                else:
                    cleaned[name] = field.clean(value)
            except ValidationError as error:
                self.add_error(name, error)

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if value and isinstance(value, str) and AMBIGUOUS_COMMA.fullmatch(value.strip()):
                number = value.strip()
                self.add_error(
                    name,
                    f"Is “{number}” {number.replace(',', '')} or {number.replace(',', '.')}? "
                    f"Write it without a comma ({number.replace(',', '')}) or with a point "
                    f"({number.replace(',', '.')}).",
                )
        if not any((cleaned.get(f"{c.lower()}_value") or "").strip() for c, _, _ in FORM_ANALYTES):
            raise forms.ValidationError("Enter at least one value from your blood count.")
        return cleaned

    def measurements(self) -> tuple[list, dict[int, str]]:
        """The engine's measurements, and which form prefix each index came from."""
        from .engine import Measurement

        result, index = [], {}
        for code, _, _ in FORM_ANALYTES:
            key = code.lower()
            value = (self.cleaned_data.get(f"{key}_value") or "").strip()
            if not value:
                continue
            index[len(result)] = key
            result.append(
                Measurement(
                    code,
                    decimal_text(value),
                    self.cleaned_data.get(f"{key}_unit") or UNITS_DEFAULT[code],
                    _optional(self.cleaned_data.get(f"{key}_lab_low")),
                    _optional(self.cleaned_data.get(f"{key}_lab_high")),
                )
            )
        return result, index


InterpretForm.base_fields = SharedFields({**InterpretForm.base_fields, **_analyte_fields()})


def _empty_cleaned(fields: dict[str, forms.Field]) -> dict[str, tuple]:
    """(cleaned if absent, cleaned if "") for each optional field, by its own clean()."""
    table = {}
    for name, field in fields.items():
        if field.disabled or hasattr(InterpretForm, f"clean_{name}"):
            raise TypeError(f"InterpretForm._clean_fields does not run {name}'s own cleaning.")
        try:
            table[name] = (field.clean(None), field.clean(""))
        except ValidationError:
            continue  # a required field: its error is raised per form, as Django does
    return table


_EMPTY_CLEANED = _empty_cleaned(InterpretForm.base_fields)

UNITS_DEFAULT = {code: UNITS[kind][0][0] for code, _, kind in FORM_ANALYTES}


# "1,207" could be 1207 (a thousands separator) or 1.207 (a decimal comma): for a
# neutrophil count that is the difference between mild and severe, so we ask.
AMBIGUOUS_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+")


def decimal_text(text: str) -> str:
    """'3,4' → '3.4' (a decimal comma); anything else unchanged for the engine to judge."""
    text = text.strip()
    if text.count(",") == 1 and "." not in text:
        return text.replace(",", ".")
    return text


def _optional(text: str | None):
    text = (text or "").strip()
    return decimal_text(text) if text else None
