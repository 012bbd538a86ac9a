from django import forms

from allies.models import Member


class ReminderSettingsForm(forms.ModelForm[Member]):
    """Whether a member is emailed reminders."""

    class Meta:
        model = Member
        fields = ["reminders"]
