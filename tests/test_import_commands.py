"""import_notes and export_notes: export then import gives back the same meeting."""

import dataclasses
import io
import itertools
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import Action, ActionUpdate
from actions.services import carried_record, carried_update
from allies.models import Group, Member
from meetings.models import AgendaItem, Attendance, Meeting
from meetings.selectors import notes_of
from meetings.services import meeting_create_from_notes
from notesfile.format import parse_notes
from tests import strategies
from tests.factories import GroupFactory
from tests.seeds import SEEDS, assert_same_meeting, demo_notes

pytestmark = pytest.mark.django_db
BASE = Path(django_settings.BASE_DIR)


def run(command: str, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def rows() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Meeting, Attendance, AgendaItem, Action, Member)
    }


def test_export_then_import_into_a_fresh_group_gives_the_same_notes(demo, tmp_path):
    fresh = GroupFactory(slug="fresh")
    later = Meeting.objects.get(group=demo, date="2022-01-25")
    for number, status, note in ((3, "complete", "Blog out"), (5, "open", ""), (6, "open", "")):
        action = Action.objects.get(meeting__date="2021-06-23", number=number)
        carried_record(meeting=later, action=action, status=status, note=note)
    row = later.action_updates.get(action__number=6)
    carried_update(row=row, version=row.version, status="dropped", note="Not needed",
                   text="Our own words", owner_text="Nobody now")  # fmt: skip
    ActionUpdate.objects.create(meeting=later, position=9, label="Z", text="Unknown", status="open")
    paths = []
    for day in ("2022-01-25", "2021-06-23"):
        exported, _ = run("export_notes", "allies-group", day)
        path = tmp_path / f"{day}.md"
        path.write_text(exported.replace("group: allies-group\n", "group: fresh\n", 1))
        paths.append(str(path))
    # Given latest first, the command still creates the earlier meeting first,
    # so the later one's updates to its actions can be recorded.
    out, _ = run("import_notes", *paths)
    assert out.count("created the draft meeting") == 2
    for day in ("2021-06-23", "2022-01-25"):
        original = notes_of(Meeting.objects.get(group=demo, date=day))
        imported = Meeting.objects.get(group=fresh, date=day)
        assert imported.status == Meeting.Status.DRAFT
        assert notes_of(imported) == dataclasses.replace(original, group="fresh")
    carried = notes_of(Meeting.objects.get(group=fresh, date="2022-01-25")).carried
    assert [(c.reference and c.reference.number, c.label, c.text, c.status) for c in carried] == [
        (3, "", "", "complete"), (5, "", "", "open"), (6, "", "Our own words", "dropped"),
        (None, "Z", "Unknown", "open"),
    ]  # fmt: skip
    linked = ActionUpdate.objects.filter(meeting__group=fresh, action__isnull=False)
    assert {row.action.meeting.group for row in linked} == {fresh}


@given(data=st.data())
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_meeting_exported_then_imported_by_the_commands_is_the_same(data):
    with transaction.atomic():
        source, target = GroupFactory(slug="source"), GroupFactory(slug="target")
        notes = data.draw(strategies.notes(group="source", carried=False))
        meeting = meeting_create_from_notes(notes=notes, group=source).meeting
        exported, _ = run("export_notes", "source", notes.date.isoformat())
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "meeting.md"
            path.write_text(exported.replace("group: source\n", "group: target\n", 1))
            run("import_notes", str(path))
        copy = Meeting.objects.get(group=target, date=notes.date)
        assert notes_of(copy) == dataclasses.replace(notes_of(meeting), group="target")
        transaction.set_rollback(True)


@pytest.mark.parametrize(("source", "demo_file"), SEEDS)
def test_the_seed_text_files_import_as_the_demo_meetings(source, demo_file):
    group = GroupFactory(slug="fresh")
    out, _ = run("import_notes", "--group", "fresh", str(BASE / "demo" / "sources" / source))
    assert_same_meeting(notes_of(Meeting.objects.get(group=group)), demo_notes(demo_file))
    assert "(plain text): created the draft meeting of" in out
    assert "  added people: Niccola Hutchinson-Pascal, Lizzie Cain, Graham Hart" in out
    assert "read 'Graham Hart (chair)' as Graham Hart, chairing" in out
    # Owners who were not at the meeting are added too, and said so.
    assert Member.objects.filter(full_name="Nicc").exists()


def test_a_bad_file_names_itself_and_its_line_and_leaves_nothing(tmp_path):
    GroupFactory(slug="fresh")
    good = tmp_path / "good.txt"
    good.write_text("Meeting notes: 1 March 2023\n\nUpdates\nAll well.\n")
    bad = tmp_path / "bad.txt"
    bad.write_text("Meeting notes: 2 March 2023\nPresent: Ann\n\nUpdates\nSome [text]{.personl}.\n")
    with pytest.raises(CommandError, match="1 of 2 files could not be imported") as caught:
        call_command(
            "import_notes", "--group", "fresh", str(good), str(bad),
            stdout=io.StringIO(), stderr=(err := io.StringIO()),
        )  # fmt: skip
    assert caught.value.returncode == 1
    assert f"{bad}: line 5: unknown mark .personl" in err.getvalue()
    assert str(Meeting.objects.get().date) == "2023-03-01"
    assert not Member.objects.filter(full_name="Ann").exists()


def test_a_file_that_fails_in_the_database_leaves_nothing(demo, tmp_path):
    before = rows()
    path = tmp_path / "again.md"
    # Its people and sections would be new, but the group has a meeting that day.
    path.write_bytes((BASE / "demo" / "notes" / "2022-01-25.md").read_bytes().replace(
        b"- Sarah Welsher\n", b"- Sarah Welsher\n- Someone New\n"
    ))  # fmt: skip
    with pytest.raises(CommandError):
        call_command("import_notes", str(path), stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert "Allies Group already has notes for 25 January 2022" in err.getvalue()
    assert rows() == before


def test_group_from_the_file_or_from_the_option(tmp_path):
    GroupFactory(slug="fresh")
    GroupFactory(slug="other")
    named = tmp_path / "named.md"
    named.write_text("---\ngroup: fresh\ndate: 2023-03-01\n---\n## Updates\n\nAll well.\n")
    unnamed = tmp_path / "unnamed.txt"
    unnamed.write_text("Meeting notes: 1 March 2023\n\nUpdates\nAll well.\n")
    with pytest.raises(CommandError):
        call_command(
            "import_notes", str(unnamed), stdout=io.StringIO(), stderr=(err := io.StringIO())
        )
    assert "field 'group': no group" in err.getvalue()
    with pytest.raises(CommandError):
        call_command(
            "import_notes", "--group", "other", str(named),
            stdout=io.StringIO(), stderr=(err := io.StringIO()),
        )  # fmt: skip
    assert "these notes are for the group 'fresh', not 'other'" in err.getvalue()
    run("import_notes", str(named))
    run("import_notes", "--group", "other", str(unnamed))
    assert sorted(Meeting.objects.values_list("group__slug", flat=True)) == ["fresh", "other"]


def test_an_unknown_group_or_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="There is no group 'nobody'"):
        run("import_notes", "--group", "nobody", str(tmp_path / "x.md"))
    GroupFactory(slug="fresh")
    with pytest.raises(CommandError):
        call_command(
            "import_notes", "--group", "fresh", str(tmp_path / "missing.txt"),
            stdout=io.StringIO(), stderr=(err := io.StringIO()),
        )  # fmt: skip
    assert "missing.txt: cannot read the file: No such file or directory" in err.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody", "2022-01-25"), "There is no group 'nobody'"),
        (("allies-group", "25/01/2022"), "'25/01/2022' is not a date"),
        (("allies-group", "2022-02-30"), "'2022-02-30' is not a date"),
        (("allies-group", "2022-01-26"), "has no meeting on 26 January 2022"),
    ],
)
def test_export_refuses_an_unknown_group_or_date(demo, args, message):
    with pytest.raises(CommandError, match=message):
        run("export_notes", *args)


def test_export_prints_the_notes_format_with_the_marks(demo):
    meeting = Meeting.objects.get(group=demo, date="2022-01-25")
    meeting.agenda_items.filter(heading="Funding").update(sensitivity="financial")
    exported, _ = run("export_notes", "allies-group", "2022-01-25")
    assert exported.startswith("---\ngroup: allies-group\ndate: 2022-01-25\n")
    assert "## Funding {.update .financial}\n" in exported
    assert parse_notes(exported) == notes_of(meeting)
    assert Group.objects.count() == 1


def _notes(day: str, carried: str = "") -> str:
    text = (
        f"---\ngroup: fresh\ndate: {day}\npresent: [Ann Example]\n---\n## Actions\n\n"
        "| Number | Action | Owner | Deadline | Status |\n|---|---|---|---|---|\n"
        f"| 1 | Write up {day} | Ann | | Open |\n"
    )
    if carried:
        text += (
            "\n## Actions from previous meetings\n\n| Reference | Status | Note |\n"
            f"|---|---|---|\n| {carried} #1 | Complete | Done |\n"
        )
    return text


def test_a_folder_is_imported_with_its_folders_earliest_first(tmp_path):
    group = GroupFactory(slug="fresh")
    folder = tmp_path / "archive"
    (folder / "2023" / "spring").mkdir(parents=True)
    (folder / ".git").mkdir()
    (folder / "__MACOSX").mkdir()
    (folder / "2023" / "spring" / "b.md").write_text(_notes("2023-04-01", carried="2023-03-01"))
    (folder / "a.md").write_text(_notes("2023-03-01"))
    (folder / ".git" / "c.md").write_text(_notes("2020-01-01"))
    (folder / "__MACOSX" / "._a.md").write_bytes(b"\0\5\26\7")
    (folder / ".hidden.md").write_text(_notes("2020-02-01"))
    later = tmp_path / "later.md"
    later.write_text(_notes("2023-05-01", carried="2023-04-01"))
    out, err = run("import_notes", str(later), str(folder))
    assert err == ""
    created = [line.split(": created")[0] for line in out.splitlines() if "created the" in line]
    assert created == [
        f"{folder / 'a.md'} (the notes format)",
        f"{folder / '2023' / 'spring' / 'b.md'} (the notes format)",
        f"{later} (the notes format)",
    ]
    meetings = list(Meeting.objects.filter(group=group).order_by("pk"))
    assert [str(m.date) for m in meetings] == ["2023-03-01", "2023-04-01", "2023-05-01"]
    for earlier, meeting in itertools.pairwise(meetings):
        assert meeting.action_updates.get().action == earlier.actions.get()


def test_a_zip_of_a_folder_is_imported_and_its_bad_files_named(tmp_path):
    GroupFactory(slug="fresh")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes/", b"")
        archive.writestr("notes/b.md", _notes("2023-04-01", carried="2023-03-01"))
        archive.writestr("notes/a.md", _notes("2023-03-01"))
        archive.writestr("notes/broken.docx", b"not a Word file")
        archive.writestr("__MACOSX/notes/._a.md", b"\0")
    path = tmp_path / "notes.zip"
    path.write_bytes(buffer.getvalue())
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 3 files could not be imported") as failed:
        call_command("import_notes", str(path), stdout=out, stderr=err)
    assert failed.value.returncode == 1
    assert f"{path}/notes/broken.docx: the file is not a Word document" in err.getvalue()
    assert f"{path}/notes/a.md (the notes format): created" in out.getvalue()
    b = Meeting.objects.get(date="2023-04-01")
    assert b.action_updates.get().action.meeting.date.isoformat() == "2023-03-01"


def test_a_file_in_a_folder_that_is_not_notes_is_named_and_the_rest_imported(tmp_path):
    GroupFactory(slug="fresh")
    (tmp_path / "a.md").write_text(_notes("2023-03-01"))
    (tmp_path / "agenda.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 files could not be imported"):
        call_command("import_notes", str(tmp_path), stdout=out, stderr=err)
    assert f"{tmp_path / 'agenda.xlsx'}: cannot import a .xlsx" in err.getvalue()
    assert Meeting.objects.get().date.isoformat() == "2023-03-01"
