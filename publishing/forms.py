from django import forms

from publishing.search import PAGES

# Longer searches are answered for their first words (publishing.search.MAX_WORDS).
MAX_QUERY = 1000


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
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=PAGES,
        error_messages={"max_value": "Only the first %(limit_value)d pages of results are shown."},
    )
