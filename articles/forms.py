from django import forms

from .models import FollowUpQuestion, ProblemReport


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


class ProblemReportForm(forms.Form):
    what_is_wrong = forms.CharField(
        label="What is wrong?",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": ProblemReport.MAX_LENGTH}),
        max_length=ProblemReport.MAX_LENGTH,
        strip=True,
        error_messages={
            "required": "Say what is wrong before sending the report.",
            "max_length": "Keep the report to %(limit_value)d characters (it has %(show_value)d).",
        },
        help_text=(
            "For example a fact you believe is out of date, a broken link or a confusing "
            "sentence. Please leave out names, results and other personal details."
        ),
    )
    source = forms.CharField(
        label="Where did you read otherwise? (optional)",
        max_length=ProblemReport.SOURCE_MAX_LENGTH,
        required=False,
        strip=True,
        error_messages={
            "max_length": "Keep the source to %(limit_value)d characters (it has %(show_value)d).",
        },
        help_text="A link or the name of a guideline or paper, if you have one.",
    )
