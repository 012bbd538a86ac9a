"""Forms for actions: agreed at a meeting, carried over to later ones, and found in the tracker."""

import datetime
from typing import Any, cast

from django import forms

from actions.models import Action, Status
from allies.models import Member
from meetings.forms import SENSITIVITY_CHOICES, EditorForm, check_inline, check_withheld


def written_date(day: datetime.date) -> str:
    """A picked date as the notes write deadlines: "13 Feb 2022"."""
    return f"{day.day} {day:%b %Y}"


class ActionFields(forms.ModelForm):
    """The fields of an agreed action, as written in the notes."""

    sensitivity = forms.ChoiceField(label="Who may read it", choices=SENSITIVITY_CHOICES)
    # Filled into the deadline text by the page's script; without it, a date
    # picked here is written into the text when the form is saved.
    deadline_pick = forms.DateField(
        label="or pick a date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Action
        fields = ["number", "text", "owner_text", "deadline_text", "status", "sensitivity",
                  "withheld_why", "withheld_until"]  # fmt: skip
        labels = {
            "text": "Agreed approach",
            "number": "No.",
            "withheld_why": "Why it is left out (public)",
        }
        help_texts = {
            "owner_text": "Names as the notes write them: “Nicc/Lizzie”, “All”.",
            "deadline_text": "As written: “13 Feb”, “March”, “Ongoing”.",
        }
        widgets = {
            "number": forms.NumberInput(attrs={"min": 1, "class": "input-number"}),
            "text": forms.Textarea(attrs={"rows": 2}),
            "owner_text": forms.TextInput(attrs={"list": "people-names", "autocomplete": "off"}),
            "withheld_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("text", "owner_text", "deadline_text"):
            self.fields[name].validators.append(check_inline)

    def clean(self) -> dict[str, Any]:
        picked = self.cleaned_data.get("deadline_pick")
        if picked:
            self.cleaned_data["deadline_text"] = written_date(picked)
        meeting = getattr(self.instance, "meeting", None) if self.instance.meeting_id else None
        check_withheld(self, meeting.date if meeting else None, {"text": False})
        return self.cleaned_data


class ActionAddForm(ActionFields):
    """A new action agreed at the meeting."""


class ActionForm(EditorForm, ActionFields):
    """An agreed action being edited, with the version it was loaded at."""

    def clean(self) -> dict[str, Any]:
        return ActionFields.clean(self)


class CarriedForm(forms.Form):
    """What this meeting says of an earlier action: its status now, and a note."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    keep_mine = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Status.choices)
    note = forms.CharField(
        label="Update", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        validators=[check_inline],
    )  # fmt: skip

    def loaded_version(self) -> int:
        keep_mine = self.cleaned_data.get("keep_mine")
        return keep_mine if keep_mine is not None else self.cleaned_data["version"]


STATUS_FILTERS = [
    ("", "Not yet done (open, in progress, ongoing)"),
    ("overdue", "Overdue"),
    *Status.choices,
    ("all", "Any status"),
]


class TrackerFilterForm(forms.Form):
    """Which actions the tracker lists."""

    status = forms.ChoiceField(choices=STATUS_FILTERS, required=False)
    owner = forms.ModelChoiceField(
        queryset=Member.objects.none(), required=False, empty_label="Anyone", label="Owner"
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = people
