from django import forms

MAX_QUERY = 200


class SearchForm(forms.Form):
    """What to look for in the published notes."""

    q = forms.CharField(
        label="Search the published notes",
        required=False,
        max_length=MAX_QUERY,
        error_messages={
            "max_length": "Please search for fewer words: at most %(limit_value)d characters."
        },
    )
