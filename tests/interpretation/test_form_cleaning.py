"""The results form cleans empty boxes from a table: it must agree with Django's own cleaning.

``InterpretForm._clean_fields`` skips building a bound field for each empty box
(most of the 36 on any post). Whatever is posted, the cleaned data and the errors
must be exactly what Django's ``Form._clean_fields`` gives.
"""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from interpretation.forms import _EMPTY_CLEANED, InterpretForm


class DjangoCleanedForm(InterpretForm):
    """The same form, cleaned field by field as Django does."""

    def _clean_fields(self):
        forms.Form._clean_fields(self)


# The analyte fields are added to InterpretForm after its class is made, so a
# subclass's own field list would lack them.
DjangoCleanedForm.base_fields = InterpretForm.base_fields


FIELD_NAMES = list(InterpretForm.base_fields)
TYPED = st.one_of(
    st.just(""),
    st.sampled_from(
        [" ", "3.4", "1,207", "3,4", "45", "-1", "abc", "female", "male", "x", "on", "true"]
    ),
    st.sampled_from(["10*9/L", "/uL", "10*3/uL", "%", "g/dL", "g/L", "patient", "caregiver"]),
    st.text(max_size=40),
)


def outcome(form: InterpretForm):
    valid = form.is_valid()
    return valid, form.cleaned_data, form.errors.get_json_data()


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), TYPED, max_size=len(FIELD_NAMES)))
def test_the_form_cleans_exactly_as_django_does(posted):
    data = QueryDict(mutable=True)
    for name, value in posted.items():
        data[name] = value
    assert outcome(InterpretForm(data)) == outcome(DjangoCleanedForm(data))


def test_a_browser_post_with_every_box_sent_empty_cleans_as_django_does():
    """Browsers send every text box, empty or not: the table covers "" as well as absent."""
    data = QueryDict(mutable=True)
    for name in FIELD_NAMES:
        data[name] = ""
    data.update({"age": "45", "wbc_value": "3.4", "wbc_unit": "10*9/L"})
    assert outcome(InterpretForm(data)) == outcome(DjangoCleanedForm(data))
    assert InterpretForm(data).is_valid()


def test_the_table_holds_every_optional_field_and_no_required_one():
    required = {name for name, field in InterpretForm.base_fields.items() if field.required}
    assert required == {"age"}
    assert set(_EMPTY_CLEANED) == set(FIELD_NAMES) - required
