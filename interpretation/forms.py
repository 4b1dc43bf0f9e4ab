"""The lab-values form: a value box per analyte with its unit chooser beside it, and the
questions about the person (age, sex, temperature and its unit, anticancer treatment
and when it was last given, pregnancy, Duffy-null status, a fever held for an hour)."""

from __future__ import annotations

import datetime
import re

from django import forms

from articles.models import Audience

from . import engine, presenters
from .engine import units

# Unit choices per kind of value, the form's default first. Their codes are the
# engine's UCUM codes, so a "did you mean …?" reading chooses one of them.
UNITS = {
    "count": [("10*9/L", "×10⁹/L (K/µL)"), ("/uL", "cells/µL (/mm³)")],
    "percent": [("%", "%")],
    "hemoglobin": [("g/dL", "g/dL"), ("g/L", "g/L"), ("mmol/L", "mmol/L")],
    "temperature": [("Cel", "°C"), ("[degF]", "°F")],
}
# How a unit is said in a "did you mean" choice: "1207 cells/µL = 1.207 ×10⁹/L".
UNIT_WORDS = {
    "10*9/L": "×10⁹/L",
    "/uL": "cells/µL",
    "%": "%",
    "g/dL": "g/dL",
    "g/L": "g/L",
    "mmol/L": "mmol/L",
    "Cel": "°C",
    "[degF]": "°F",
}

# (code, label, unit kind): the rows of the form, in the order a CBC report prints them.
FORM_ANALYTES = [
    ("WBC", "White blood cells (WBC)", "count"),
    ("ANC", "Absolute neutrophil count (ANC)", "count"),
    ("NEUT_PCT", "Neutrophils (%)", "percent"),
    ("BANDS_PCT", "Bands (%)", "percent"),
    ("ALC", "Lymphocytes", "count"),
    ("HGB", "Hemoglobin", "hemoglobin"),
    ("PLT", "Platelets", "count"),
]
SHORT_NAMES = {
    "WBC": "WBC",
    "ANC": "ANC",
    "NEUT_PCT": "neutrophils %",
    "BANDS_PCT": "bands %",
    "ALC": "lymphocytes",
    "HGB": "hemoglobin",
    "PLT": "platelets",
}

# "1,207" could be 1207 (a thousands separator) or 1.207 (a decimal comma): for a
# neutrophil count that is the difference between mild and severe, so we ask.
AMBIGUOUS_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+")

# The engine's names for the form's fields that are named otherwise.
FORM_FIELD = {"days_since_anticancer_treatment": "last_treatment_days"}
_VALUE_FIELD = re.compile(r"^values\[(\d+)\]\.(value|unit|lab_low|lab_high|comparator)$")


def decimal_text(text: str) -> str:
    """'3,4' → '3.4' (a decimal comma); anything else unchanged for the engine to judge."""
    text = text.strip()
    if text.count(",") == 1 and "." not in text:
        return text.replace(",", ".")
    return text


def _number(label: str, **kwargs) -> forms.CharField:
    # Text, not a number input: people paste "3,4" or "1 207"; the engine says what is wrong.
    return forms.CharField(
        label=label,
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def _optional(text: str | None):
    text = (text or "").strip()
    return decimal_text(text) if text else None


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
    temperature = _number(
        "Temperature, if you have measured it",
        help_text="Taken by mouth. Leave it empty if you have not taken your temperature.",
    )
    temperature_unit = forms.ChoiceField(
        label="Unit of the temperature", choices=UNITS["temperature"], required=False
    )
    fever_sustained_1h = forms.BooleanField(
        label="My temperature has stayed at this level for an hour or more", required=False
    )
    anticancer_treatment = forms.BooleanField(
        label="I am having anticancer treatment (such as chemotherapy)", required=False
    )
    last_treatment_date = forms.DateField(
        label="Date of your last treatment",
        required=False,
        input_formats=["%Y-%m-%d"],  # what a date box sends
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as a day, month and year."},
    )
    last_treatment_days = forms.IntegerField(
        label="Or: how many days ago",
        required=False,
        min_value=0,
        max_value=36_500,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Enter the number of days as a whole number."},
    )
    pregnant = forms.BooleanField(label="I am pregnant", required=False)
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

    def __init__(self, *args, today: datetime.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or datetime.date.today()
        for code, label, kind in FORM_ANALYTES:
            key = code.lower()
            short = SHORT_NAMES[code]
            self.fields[f"{key}_value"] = _number(label)
            self.fields[f"{key}_unit"] = forms.ChoiceField(
                label=f"Unit ({short})", choices=UNITS[kind], required=False
            )
            self.fields[f"{key}_lab_low"] = _number(f"Lowest normal value ({short})")
            self.fields[f"{key}_lab_high"] = _number(f"Highest normal value ({short})")
        # "Did you mean …?": unit field name → [(unit, label)] readings to offer.
        self.meant: dict[str, list[tuple[str, str]]] = {}

    # -- what the template shows

    def rows(self):
        """Bound fields per analyte, and the readings to offer when a value is impossible."""
        return [
            {
                "code": code,
                "label": label,
                "value": self[f"{code.lower()}_value"],
                "unit": self[f"{code.lower()}_unit"],
                "lab_low": self[f"{code.lower()}_lab_low"],
                "lab_high": self[f"{code.lower()}_lab_high"],
                "meant": self.meant.get(f"{code.lower()}_unit"),
            }
            for code, label, _ in FORM_ANALYTES
        ]

    def temperature_meant(self):
        return self.meant.get("temperature_unit")

    def summary(self) -> list[tuple[str, str]]:
        """Every problem once, with the field to go to (for the summary at the top)."""
        seen, found = set(), []
        for name, errors in self.errors.items():
            for message in errors:
                if message not in seen:
                    seen.add(message)
                    anchor = "" if name == "__all__" else self[name].id_for_label
                    found.append((anchor, message))
        return found

    # -- cleaning

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
        when = cleaned.get("last_treatment_date")
        if when is not None and when > self.today:
            self.add_error("last_treatment_date", "The last treatment cannot be after today.")
        if not any((cleaned.get(f"{c.lower()}_value") or "").strip() for c, _, _ in FORM_ANALYTES):
            raise forms.ValidationError("Enter at least one value from your blood count.")
        return cleaned

    # -- for the engine

    def measurements(self) -> tuple[list[engine.Measurement], dict[int, str]]:
        """The engine's measurements, and which row each index came from."""
        result, index = [], {}
        for code, _, kind in FORM_ANALYTES:
            key = code.lower()
            value = (self.cleaned_data.get(f"{key}_value") or "").strip()
            if not value:
                continue
            index[len(result)] = key
            result.append(
                engine.Measurement(
                    code,
                    decimal_text(value),
                    self.cleaned_data.get(f"{key}_unit") or UNITS[kind][0][0],
                    _optional(self.cleaned_data.get(f"{key}_lab_low")),
                    _optional(self.cleaned_data.get(f"{key}_lab_high")),
                )
            )
        return result, index

    def days_since_treatment(self) -> int | None:
        """Days since the last treatment, from the date or the number of days (the more
        recent when both are given: the safer reading)."""
        data = self.cleaned_data
        found = [data.get("last_treatment_days")]
        if data.get("last_treatment_date") is not None:
            found.append((self.today - data["last_treatment_date"]).days)
        found = [days for days in found if days is not None]
        return min(found) if found else None

    def patient(self) -> engine.Patient:
        data = self.cleaned_data
        temperature = (data.get("temperature") or "").strip()
        return engine.Patient(
            age=data.get("age"),
            sex=data.get("sex") or None,
            temperature=decimal_text(temperature) if temperature else None,
            temperature_unit=data.get("temperature_unit") or "Cel",
            fever_sustained_1h=bool(data.get("fever_sustained_1h")),
            pregnant=bool(data.get("pregnant")),
            duffy_null=bool(data.get("duffy_null")),
            anticancer_treatment=bool(data.get("anticancer_treatment")),
            days_since_anticancer_treatment=self.days_since_treatment(),
        )

    def temperature_text(self) -> str:
        """The temperature as entered, for the alert that names it ("Temperature: 38.6 °C")."""
        temperature = decimal_text(self.cleaned_data.get("temperature") or "")
        unit = self.cleaned_data.get("temperature_unit") or "Cel"
        return presenters.temperature_text(temperature, unit)

    # -- the engine's answer, beside the fields

    def show_engine_errors(self, errors: list[engine.FieldError], index: dict[int, str]) -> None:
        """Put each input error beside its field (a check across values beside each field it
        names), and offer the other readings of an impossible value as choices."""
        for error in errors:
            targets = [self._field_for(error.field, index)]
            if targets == [None] and error.related:
                targets = [self._field_for(name, index) for name in error.related]
            for target in targets:
                if target is None or error.message in self.errors.get(target, []):
                    continue
                self.add_error(target, error.message)
            if error.code == engine.IMPLAUSIBLE and error.suggestions and targets[0]:
                self._offer_readings(targets[0], error.suggestions)
        if not self.errors:
            self.add_error(None, "Check the values you entered.")

    def _field_for(self, name: str, index: dict[int, str]) -> str | None:
        match = _VALUE_FIELD.match(name)
        if match and int(match.group(1)) in index:
            part = "value" if match.group(2) == "comparator" else match.group(2)
            return f"{index[int(match.group(1))]}_{part}"
        name = FORM_FIELD.get(name, name)
        return name if name in self.fields else None

    def _offer_readings(self, field: str, suggestions) -> None:
        unit_field = (
            "temperature_unit" if field == "temperature" else field.removesuffix("_value") + "_unit"
        )
        typed = decimal_text(self.data.get(field, ""))
        offered = []
        for s in suggestions:
            reading = f"{typed} {UNIT_WORDS[s.unit]}"
            if s.unit != s.canonical_unit:
                canonical = f"{s.canonical_value:.3f}".rstrip("0").rstrip(".")
                reading += f" = {canonical} {units.display_unit(s.canonical_unit)}"
            offered.append((s.unit, reading))
        suggested = {unit for unit, _ in offered}
        choices = self.fields[unit_field].choices
        offered += [(unit, label) for unit, label in choices if unit not in suggested]
        self.meant[unit_field] = offered
