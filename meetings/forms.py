from typing import Any

from django import forms
from django.conf import settings

from allies.models import Group
from allies.roles import AnyUser, Role, groups_of
from meetings.importing import ImportedNotes, read_notes_file
from meetings.notes_format import NotesFormatError


class NotesUploadForm(forms.Form):
    """A notes file to import, and the group whose meeting it records."""

    group = forms.ModelChoiceField(queryset=Group.objects.none(), empty_label=None)
    file = forms.FileField(
        label="Notes file",
        help_text="A .md file in the notes format, a Word document (.docx) or plain text (.txt).",
        widget=forms.ClearableFileInput(attrs={"accept": ".md,.txt,.docx"}),
    )

    def __init__(self, user: AnyUser, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the groups the user is secretary of can be chosen.
        self.fields["group"].queryset = groups_of(user, Role.SECRETARY)  # type: ignore[attr-defined]
        self.content = b""
        self.imported: ImportedNotes | None = None

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        group, upload = self.cleaned_data.get("group"), self.cleaned_data.get("file")
        if group is None or upload is None:
            return cleaned
        # Read a byte past the limit, so an oversized file is told apart.
        content = upload.read(settings.NOTES_IMPORT_MAX_BYTES + 1)
        try:
            self.imported = read_notes_file(upload.name or "", content, group.slug)
        except NotesFormatError as error:
            self.add_error("file", f"{upload.name}: {error}")
        self.content = content
        return cleaned
