"""Forms of the meeting editor: each carries the version of the row it was loaded at."""

import contextlib
import datetime
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from allies.models import Group
from allies.roles import AnyUser, Role, groups_of
from meetings.importing import check_size
from meetings.models import (
    SECTION_TEXT_LIMIT,
    AgendaItem,
    Attendance,
    Kind,
    Meeting,
    Sensitivity,
    check_meeting_date,
)
from notesfile.format import NotesFormatError
from notesfile.markup import (
    Marked,
    MarkupError,
    Node,
    parse_blocks,
    parse_inline,
    sub_heading_problem,
    walk,
)
from notesfile.notes import AgreedAction, Attendee, Notes, Section
from notesfile.reading.archive import TOTAL_FACTOR, NamedFile, Refused, expand, is_archive


def check_blocks(source: str) -> None:
    """Refuse Markdown that could not be published safely, such as a mistyped mark."""
    try:
        parse_blocks(source)
    except MarkupError as error:
        raise ValidationError(str(error), code="markup") from None


def check_inline(source: str) -> None:
    """Refuse one line of Markdown that could not be published safely."""
    try:
        parse_inline(source)
    except MarkupError as error:
        raise ValidationError(str(error), code="markup") from None


def check_lines(source: str) -> None:
    """Refuse lines of Markdown, such as the next meetings, that could not be published."""
    for line in source.splitlines():
        check_inline(line)


def check_section_body(source: str) -> None:
    """Refuse a section body that would not stay one section of the notes."""
    problem = sub_heading_problem(source)
    if problem:
        raise ValidationError(
            f"Not saved: {problem}. A section's own heading is the heading box above.",
            code="sub_heading",
        )
    check_blocks(source)


def unlimited_typing(field: forms.Field) -> None:
    """Let a long text be typed or pasted in full, so the limit is explained on saving.

    A browser given `maxlength` cuts a pasted text short without a word.
    """
    field.widget.attrs.pop("maxlength", None)


def check_withheld(
    form: forms.BaseForm, meeting_date: datetime.date | None, markdown: dict[str, bool]
) -> None:
    """Refuse a reconsider date before the meeting, on the part or on a mark in its text.

    `markdown` names the form's Markdown fields, True for those of blocks. A
    part that is public keeps no reason or date of its own.
    """
    data = form.cleaned_data
    if data.get("sensitivity") == "public":
        data["withheld_why"], data["withheld_until"] = "", None
    if meeting_date is None:
        return
    dates: list[tuple[str, datetime.date]] = []
    if data.get("withheld_until"):
        dates.append(("withheld_until", data["withheld_until"]))
    for name, blocks in markdown.items():
        nodes: tuple[Node, ...] = ()
        # A field that cannot be read is refused by its own validator.
        with contextlib.suppress(MarkupError):
            nodes = tuple((parse_blocks if blocks else parse_inline)(data.get(name) or ""))
        dates += [(name, n.until) for n in walk(nodes) if isinstance(n, Marked) and n.until]
    for name, until in dates:
        if until < meeting_date:
            form.add_error(
                name,
                ValidationError(
                    f"The reconsider date {until:%-d %B %Y} is before the meeting "
                    f"({meeting_date:%-d %B %Y}): give a later one.",
                    code="reconsider_before_meeting",
                ),
            )


class EditorForm(forms.ModelForm):
    """A form for one row, with the version it was loaded at and the choice to keep mine.

    The services check the rules of the notes (one chair, no two meetings on
    a day) and say what is wrong in plain words, so the model's constraints
    are not checked a second time here.
    """

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # Sent by the "Keep my version" button of a conflict: the version now saved.
    keep_mine = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        return self.cleaned_data

    def loaded_version(self) -> int:
        """The version this save is made against."""
        keep_mine = self.cleaned_data.get("keep_mine")
        return keep_mine if keep_mine is not None else self.cleaned_data["version"]

    def changes(self) -> dict[str, Any]:
        """The row's fields as the form has them."""
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class MeetingNewForm(forms.Form):
    """A new meeting: which group, when and where."""

    group = forms.ModelChoiceField(queryset=Group.objects.none(), empty_label=None)
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[check_meeting_date],
    )
    start_time = forms.TimeField(
        label="Starts at", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label="Ends at", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(
        required=False,
        max_length=200,
        help_text="A room, or how to join.",
        validators=[check_inline],
    )
    online = forms.BooleanField(label="Held online", required=False)

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = groups

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_times(self, data.get("start_time"), data.get("end_time"))
        group, date = data.get("group"), data.get("date")
        if group and date and Meeting.objects.filter(group=group, date=date).exists():
            self.add_error(
                "date",
                ValidationError(
                    f"{group.name} already has a meeting on {date:%-d %B %Y}.",
                    code="meeting_exists",
                ),
            )
        return data


def _check_times(
    form: forms.BaseForm, start: datetime.time | None, end: datetime.time | None
) -> None:
    if start and end and end <= start:
        form.add_error(
            "end_time", ValidationError("The meeting must end after it starts.", code="order")
        )


class MeetingDetailsForm(EditorForm):
    """When and where the meeting was, conflicts of interest and the next meetings."""

    class Meta:
        model = Meeting
        fields = ["date", "start_time", "end_time", "place", "online", "conflicts",
                  "previous_notes_agreed", "next_meetings"]  # fmt: skip
        labels = {
            "start_time": "Starts at",
            "end_time": "Ends at",
            "online": "Held online",
            "previous_notes_agreed": "The notes of the last meeting were agreed",
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "conflicts": forms.Textarea(attrs={"rows": 2}),
            "next_meetings": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].validators.append(check_inline)
        self.fields["conflicts"].validators.append(check_blocks)
        self.fields["next_meetings"].validators.append(check_lines)

    def clean(self) -> dict[str, Any]:
        _check_times(self, self.cleaned_data.get("start_time"), self.cleaned_data.get("end_time"))
        return self.cleaned_data


class AttendanceForm(EditorForm):
    """One person's attendance: there or not, their role, and a guest's introduction."""

    class Meta:
        model = Attendance
        fields = ["status", "role", "takes_notes", "introduction"]
        widgets = {
            "status": forms.RadioSelect,
            "introduction": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["introduction"].validators.append(check_blocks)
        status = cast(forms.ChoiceField, self.fields["status"])
        # A guest is a guest or not there; a member is present or not there.
        here = Attendance.Status.GUEST if self.instance.status == "guest" else "present"
        status.choices = [
            (value, label)
            for value, label in Attendance.Status.choices
            if value in (here, Attendance.Status.APOLOGIES, Attendance.Status.ABSENT)
        ]


class AttendanceAddForm(forms.Form):
    """Someone to add to the list: a guest, or a member who was not listed."""

    name = forms.CharField(max_length=200, help_text="Their full name, or the name of a member.")
    status = forms.ChoiceField(
        label="Add as",
        choices=[
            (Attendance.Status.GUEST, "Guest"),
            (Attendance.Status.PRESENT, "Present"),
            (Attendance.Status.APOLOGIES, "Apologies"),
            (Attendance.Status.ABSENT, "Absent"),
        ],
    )
    introduction = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For a guest: how they introduced themselves.",
        validators=[check_blocks],
    )


MARK_HELP = (
    "Markdown: a blank line starts a new paragraph, “- ” starts a list item, "
    "**bold**, *italic*, ### for a sub-heading. To keep a passage out of the "
    "public notes, select it and press a “Mark as …” button, or write "
    "[the passage]{.personal} or [the passage]{.financial}; a mark may say why, for the "
    'public, and when to reconsider it: [the passage]{.financial why="until the contract '
    'is signed" until=2023-03-01}.'
)


class SectionForm(EditorForm):
    """A section of the notes: its heading, kind, sensitivity and Markdown text."""

    class Meta:
        model = AgendaItem
        fields = ["heading", "presenter", "kind", "sensitivity", "withheld_why", "withheld_until",
                  "to_check", "body"]  # fmt: skip
        labels = {
            "presenter": "Presented by",
            "body": "Notes",
            "to_check": "Needs checking",
            "sensitivity": "Who may read it",
            "withheld_why": "Why it is left out (public)",
        }
        help_texts = {"body": MARK_HELP, "to_check": "Tick to remind yourself to check it."}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 10}),
            "withheld_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "body": {
                "max_length": f"Too long to save: a section's notes can be up to "
                f"{SECTION_TEXT_LIMIT:,} characters, and these have %(show_value)d. "
                "Split them into two sections."
            }
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unlimited_typing(self.fields["body"])
        self.fields["heading"].validators.append(check_inline)
        self.fields["presenter"].validators.append(check_inline)
        self.fields["body"].validators.append(check_section_body)
        cast(forms.ChoiceField, self.fields["sensitivity"]).choices = SENSITIVITY_CHOICES

    def clean(self) -> dict[str, Any]:
        meeting = getattr(self.instance, "meeting", None)
        check_withheld(self, meeting.date if meeting else None, {"heading": False, "body": True})
        return self.cleaned_data


SENSITIVITY_CHOICES = [
    ("public", "Public"),
    ("personal", "Personal: not published"),
    ("financial", "Financial: not published"),
    ("confidential", "Confidential: not published"),
]


class SectionAddForm(forms.Form):
    """A new section, added at the end of the notes."""

    heading = forms.CharField(max_length=300, validators=[check_inline])
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.DISCUSSION)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class NotesFilesField(forms.FileField):
    """One or more files, each kept as uploaded: a file that cannot be read is told apart later."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = [
            upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload
        ]
        if not uploads:
            raise ValidationError("Choose one or more notes files.", code="required")
        return uploads


class NotesUploadForm(forms.Form):
    """Notes files to import, or a .zip of a folder of them, and the group they are of."""

    group = forms.ModelChoiceField(queryset=Group.objects.none(), empty_label=None)
    file = NotesFilesField(
        label="Notes files",
        help_text="Choose one file or many: Word documents (.docx), PDFs, plain text (.txt), "
        "the notes format (.md), or a .zip of a folder of them.",
        widget=MultipleFileInput(attrs={"accept": ".md,.txt,.docx,.pdf,.zip"}),
    )

    def __init__(self, user: AnyUser, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the groups the user is secretary of can be chosen.
        self.fields["group"].queryset = groups_of(user, Role.SECRETARY)  # type: ignore[attr-defined]
        self.found: list[NamedFile | Refused] = []

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        uploads = self.cleaned_data.get("file")
        if self.cleaned_data.get("group") is None or not uploads:
            return cleaned
        limit = settings.NOTES_IMPORT_MAX_BYTES
        files: list[NamedFile] = []
        found: list[NamedFile | Refused] = []
        for upload in uploads:
            name = upload.name or "the file"
            most = limit * TOTAL_FACTOR if is_archive(name) else limit
            if (upload.size or 0) > most:
                # Called by its whole size, though nothing past the limit is read.
                found.append(Refused(name, _too_big(name, upload.size or 0, most)))
            else:
                files.append(NamedFile(name, upload.read(most + 1)))
        try:
            found += expand(files, max_bytes=limit)
        except NotesFormatError as error:
            raise ValidationError(f"Nothing was read: {error}.", code="too_many") from None
        total = sum(len(file.content) for file in found if isinstance(file, NamedFile))
        if total > limit * TOTAL_FACTOR:
            raise ValidationError(
                f"Nothing was read: these files come to {total / 1024 / 1024:.1f} MB; up to "
                f"{limit * TOTAL_FACTOR // 1024 // 1024} MB of notes can be imported at once. "
                "Import them in smaller batches.",
                code="too_big",
            )
        self.found = found
        return cleaned


def _too_big(name: str, size: int, limit: int) -> str:
    if is_archive(name):
        return (
            f"the zip archive is {size / 1024 / 1024:.1f} MB; "
            f"archives of up to {limit / 1024 / 1024:.0f} MB can be imported"
        )
    try:
        check_size(size)
    except NotesFormatError as error:
        return str(error)
    return ""


ATTENDANCE_CHOICES = [
    ("present", "Present"), ("guest", "Guest"), ("apologies", "Apologies"), ("absent", "Absent"),
]  # fmt: skip


@dataclass(frozen=True)
class PersonFixes:
    person: Attendee
    status: forms.BoundField
    role: forms.BoundField
    takes_notes: forms.BoundField


@dataclass(frozen=True)
class LineMove:
    text: str
    to: forms.BoundField
    moved: bool


@dataclass(frozen=True)
class SectionFixes:
    number: int
    section: Section
    # The section as it will be created, after lines moved in or out; None
    # when the lines it held were all moved out of a section of text to check.
    created: Section | None
    sensitivity: forms.BoundField
    lines: list[LineMove]

    @property
    def moved(self) -> bool:
        return any(line.moved for line in self.lines)


@dataclass(frozen=True)
class ActionFixes:
    action: AgreedAction
    sensitivity: forms.BoundField


class ImportFixesForm(forms.Form):
    """The secretary's corrections to the meeting one file gives, before it is created.

    Each is a choice about what the file was read as, never new text: a
    person's attendance and role, which section a line of text belongs to,
    and what is not to be published. They are applied to the notes read
    again from the file on the server (`fixed`), so what the browser sends
    can only choose among what the file holds.
    """

    def __init__(self, notes: Notes, data: Any = None, *, prefix: str) -> None:
        # A post without this form's marker corrects nothing: it did not show
        # the form (and an unticked box is not sent, so absence says nothing).
        shown = data is not None and f"{prefix}-shown" in data
        super().__init__(data if shown else None, prefix=prefix)
        self.notes = notes
        for i, person in enumerate(notes.attendees):
            self.fields[f"person-{i}-status"] = forms.ChoiceField(
                label=f"Attendance of {person.name}", choices=ATTENDANCE_CHOICES,
                initial=person.status,
            )  # fmt: skip
            self.fields[f"person-{i}-role"] = forms.ChoiceField(
                label=f"Role of {person.name}", choices=Attendance.Role.choices,
                initial=person.role, required=False,
            )  # fmt: skip
            self.fields[f"person-{i}-notes"] = forms.BooleanField(
                label=f"{person.name} took the notes", initial=person.takes_notes, required=False
            )
        targets = [(str(k), f"{k + 1}. {s.heading}"[:80]) for k, s in enumerate(notes.sections)]
        for k, section in enumerate(notes.sections):
            self.fields[f"section-{k}-sensitivity"] = forms.ChoiceField(
                label=f"Who may read section {k + 1}", choices=Sensitivity.choices,
                initial=section.sensitivity,
            )  # fmt: skip
            for m, line in enumerate(section.body.split("\n")):
                if line.strip():
                    self.fields[f"section-{k}-line-{m}"] = forms.TypedChoiceField(
                        label=f"Section for the line “{_short(line)}”", choices=targets,
                        coerce=int, initial=k, required=False,
                    )  # fmt: skip
        for n, action in enumerate(notes.actions):
            self.fields[f"action-{n}-sensitivity"] = forms.ChoiceField(
                label=f"Who may read action {action.number}", choices=Sensitivity.choices,
                initial=action.sensitivity,
            )  # fmt: skip

    def value(self, name: str) -> Any:
        """The field's value as chosen, or as read from the file while nothing was chosen."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data[name]
        return self.fields[name].initial

    def _target(self, k: int, m: int) -> int:
        """The section line `m` of section `k` goes to; one not sent stays where it was."""
        to = self.value(f"section-{k}-line-{m}")
        return k if to in ("", None) else int(to)

    def fixed(self) -> Notes:
        """The notes with the corrections applied."""
        notes = self.notes
        sections = tuple(section for section in self._sections() if section is not None)
        attendees = tuple(
            replace(
                person,
                status=self.value(f"person-{i}-status"),
                role=self.value(f"person-{i}-role") or "",
                takes_notes=bool(self.value(f"person-{i}-notes")),
            )
            for i, person in enumerate(notes.attendees)
        )
        actions = tuple(
            replace(action, sensitivity=self.value(f"action-{n}-sensitivity"))
            for n, action in enumerate(notes.actions)
        )
        return replace(notes, attendees=attendees, sections=sections, actions=actions)

    def _sections(self) -> list[Section | None]:
        """Each section as it will be created, in the file's order; None for one not created."""
        notes = self.notes
        kept: list[list[str]] = [[] for _ in notes.sections]
        moved: list[list[str]] = [[] for _ in notes.sections]
        for k, section in enumerate(notes.sections):
            for m, line in enumerate(section.body.split("\n")):
                to = self._target(k, m) if line.strip() else k
                (kept if to == k else moved)[to].append(line)
        sections: list[Section | None] = []
        for k, section in enumerate(notes.sections):
            body = section.body
            if moved[k] or len(kept[k]) < len(section.body.split("\n")):
                # A moved line becomes a paragraph of its own at the end of the section.
                parts = ("\n".join(kept[k]).strip(), *moved[k])
                body = "\n\n".join(part for part in parts if part)
            if section.to_check and section.body.strip() and not body:
                sections.append(None)  # every line it held now has a section of its own
                continue
            sensitivity = self.value(f"section-{k}-sensitivity")
            sections.append(replace(section, body=body, sensitivity=sensitivity))
        return sections

    @cached_property
    def people(self) -> list[PersonFixes]:
        """Each person with the fields that correct their part."""
        return [
            PersonFixes(
                person, *(self[f"person-{i}-{part}"] for part in ("status", "role", "notes"))
            )
            for i, person in enumerate(self.notes.attendees)
        ]

    @cached_property
    def sections(self) -> list[SectionFixes]:
        """Each section as read, as it will be created, and the fields that correct it."""
        created = self._sections()
        found = []
        for k, section in enumerate(self.notes.sections):
            lines = [
                LineMove(
                    line,
                    self[f"section-{k}-line-{m}"],
                    self._target(k, m) != k,
                )
                for m, line in enumerate(section.body.split("\n"))
                if line.strip()
            ]
            found.append(
                SectionFixes(
                    k + 1, section, created[k],
                    self[f"section-{k}-sensitivity"], lines,
                )
            )  # fmt: skip
        return found

    @cached_property
    def actions(self) -> list[ActionFixes]:
        """Each action with the field that says who may read it."""
        return [
            ActionFixes(action, self[f"action-{n}-sensitivity"])
            for n, action in enumerate(self.notes.actions)
        ]


def _short(line: str) -> str:
    text = " ".join(line.split())
    return text if len(text) <= 50 else text[:49] + "…"
