from django import forms

from .models import FollowUpQuestion


class FollowUpQuestionForm(forms.Form):
    question = forms.CharField(
        label="Your question",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": FollowUpQuestion.MAX_LENGTH}),
        max_length=FollowUpQuestion.MAX_LENGTH,
        strip=True,
        error_messages={
            "required": "Write your question before sending it.",
            "max_length": (
                "Keep your question to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        help_text=(
            f"Up to {FollowUpQuestion.MAX_LENGTH} characters. Editors read every question; "
            "please leave out names and other personal details."
        ),
    )
