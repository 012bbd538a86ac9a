"""Forms for actions: agreed at a meeting, carried over to later ones, and found in the tracker."""

import datetime
from typing import Any, cast

from django import forms
from django.core.validators import MinValueValidator

from actions.models import ACTION_TEXT_LIMIT, Action, ActionUpdate, Status
from allies.models import Member, Membership
from meetings.forms import (
    SENSITIVITY_CHOICES,
    EditorForm,
    check_inline,
    check_withheld,
    unlimited_typing,
)


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
            "deadline_text": "As written: “13 Feb”, “March”, “in two weeks”, “Ongoing”.",
        }
        widgets = {
            "number": forms.NumberInput(attrs={"min": 1, "class": "input-number"}),
            "text": forms.Textarea(attrs={"rows": 2}),
            "owner_text": forms.TextInput(attrs={"list": "people-names", "autocomplete": "off"}),
            "withheld_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "text": {
                "max_length": f"Too long to save: an action can be up to {ACTION_TEXT_LIMIT:,} "
                "characters, and this one has %(show_value)d. Put the detail in a section's notes."
            }
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unlimited_typing(self.fields["text"])
        self.fields["number"].validators.append(
            MinValueValidator(1, "Number the actions from 1: 1, 2, 3…")
        )
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


def dropped_needs_a_reason(form: forms.BaseForm) -> None:
    """An action is dropped only with a reason, written as its update."""
    data = form.cleaned_data
    if data.get("status") == Status.DROPPED and not data.get("note", "").strip():
        form.add_error("note", "Say why it was dropped.")


class RecordForm(forms.Form):
    """What the meeting said of an earlier action its notes do not record yet."""

    status = forms.ChoiceField(label="Status now", choices=Status.choices)
    note = forms.CharField(
        label="Update", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        validators=[check_inline],
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        dropped_needs_a_reason(self)
        return self.cleaned_data


class CarriedForm(EditorForm):
    """What these notes record about an earlier action, and their own words for it, if any."""

    sensitivity = forms.ChoiceField(label="Who may read it", choices=SENSITIVITY_CHOICES)

    class Meta:
        model = ActionUpdate
        fields = ["status", "note", "text", "owner_text", "deadline_text", "sensitivity"]
        labels = {"status": "Status now", "owner_text": "Person taking this on"}
        help_texts = {
            "text": "Blank: as agreed. Where the notes that agreed it are not published, the "
            "public reads it only in words given here.",
            "owner_text": "Blank: as agreed.",
            "deadline_text": "Blank: as agreed.",
        }
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
            "text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("note", "text", "owner_text", "deadline_text"):
            self.fields[name].validators.append(check_inline)

    def clean(self) -> dict[str, Any]:
        dropped_needs_a_reason(self)
        return self.cleaned_data


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


class TermForm(forms.Form):
    """The secretary's edit of a member's term: role, start and end, against the version loaded."""

    role = forms.ChoiceField(choices=Membership.Role.choices)
    started_on = forms.DateField(
        label="On the group since", widget=forms.DateInput(attrs={"type": "date"})
    )
    ended_on = forms.DateField(
        label="Term ends",
        required=False,
        help_text="Empty if no end is set.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def of(cls, term: Membership, data: Any = None) -> "TermForm":
        """The form for a term, filled in with it as it stands, or with what was posted."""
        initial = {
            "role": term.role,
            "started_on": term.started_on.isoformat(),
            "ended_on": term.ended_on.isoformat() if term.ended_on else "",
            "version": term.version,
        }
        return cls(data, initial=initial, prefix=f"term-{term.pk}")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            raise forms.ValidationError(
                "A term cannot end before it starts.", code="ends_before_start"
            )
        return data
