"""The one form of the second factor: a six-digit code."""

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Six-digit code",
        max_length=20,
        help_text="The code your authenticator app shows now for this site.",
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the six digits your app shows, for example 123456.")
        return code
