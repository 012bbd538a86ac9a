"""Flags decided before publishing, the withheld register, releases and the reminders."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from meetings.models import AgendaItem, Meeting
from publishing.models import AuditEntry, Listing, Release, SensitivityDecision, WithheldNotice
from publishing.review import WorkflowError, meeting_publish, publication_withdraw, review_open
from publishing.services import listings_fill, reconsider_dates, reconsider_dates_in
from publishing.withheld import (
    WithheldError,
    due_parts,
    flag_keep_public,
    flag_mark,
    flags_of,
    open_flags,
    withheld_register,
    withheld_release,
    withheld_tell_due,
)
from tests.factories import AgendaItemFactory, GroupFactory, MeetingFactory
from tests.publishing import publish, secretary_of

DAY = datetime.date(2022, 4, 27)


@pytest.fixture
def world(db):
    group = GroupFactory(slug="allies")
    secretary = secretary_of(group)
    meeting = MeetingFactory(group=group, date=DAY)
    return group, secretary, meeting


def test_a_flag_kept_public_is_decided_and_an_edit_of_its_passage_opens_it_again(world):
    _group, secretary, meeting = world
    item = AgendaItemFactory(meeting=meeting, heading="Money", body="Intro. We spent £400 on food.")
    (state,) = flags_of(meeting)
    assert state.open
    flag_keep_public(meeting=meeting, key=state.flag.key, by=secretary)
    (state,) = flags_of(meeting)
    assert not state.open
    assert state.decision.decided_by == secretary
    AgendaItem.objects.filter(pk=item.pk).update(
        body="A new line.\n\nIntro. We spent £400 on food."
    )
    assert open_flags(meeting) == []  # the same words, elsewhere: still decided
    AgendaItem.objects.filter(pk=item.pk).update(body="Intro. We spent £450 on food.")
    assert len(open_flags(meeting)) == 1


def test_marking_a_flag_writes_the_mark_in_the_text_and_records_who(world):
    _, secretary, meeting = world
    item = AgendaItemFactory(
        meeting=meeting, heading="News", body="Hi. Her mobile is 07911 123456."
    )
    (state,) = flags_of(meeting)
    flag_mark(meeting=meeting, key=state.flag.key, kind="personal", by=secretary)
    item.refresh_from_db()
    assert item.body == "Hi. [Her mobile is 07911 123456.]{.personal}"
    assert flags_of(meeting) == []
    decision = SensitivityDecision.objects.get(meeting=meeting)
    assert (decision.decision, decision.decided_by) == ("marked", secretary)


def test_publishing_waits_for_every_open_flag_unless_overridden_with_a_reason(world):
    _, secretary, meeting = world
    AgendaItemFactory(meeting=meeting, heading="Money", body="We got £40k from the Trust.")
    review_open(meeting=meeting, by=secretary)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.APPROVED)
    with pytest.raises(WorkflowError, match="1 passage flagged by the sensitivity check"):
        meeting_publish(meeting=meeting, by=secretary)
    assert not meeting.publications.exists()
    meeting_publish(meeting=meeting, by=secretary, override_reason="Published in the annual report")
    entry = AuditEntry.objects.get(meeting=meeting, event=AuditEntry.Event.OVERRIDDEN)
    assert "1 sensitivity flag not decided" in entry.detail


def published_with_withheld(world, **fields):
    _group, secretary, meeting = world
    AgendaItemFactory(
        meeting=meeting,
        heading="Funding",
        body='The Trust gave [£40k for two years]{.financial until=2023-03-01 why="until the '
        'contract is signed"}. We thank them.',
        **fields,
    )
    AgendaItemFactory(
        meeting=meeting, heading="Staff", body="Changes.", sensitivity="personal",
        withheld_why="about one person", withheld_until=datetime.date(2024, 1, 1),
    )  # fmt: skip
    publication = publish(meeting, secretary)
    meeting.refresh_from_db()
    return publication


def test_the_register_lists_what_published_notes_withhold_with_reason_and_date(world, client):
    group, secretary, _meeting = world
    published_with_withheld(world)
    parts = withheld_register(group)
    assert [(p.what, p.sensitivity, p.why, p.until) for p in parts] == [
        ("a financial passage in the section “Funding”", "financial",
         "until the contract is signed", datetime.date(2023, 3, 1)),
        ("section 2", "personal", "about one person", datetime.date(2024, 1, 1)),
    ]  # fmt: skip
    client.force_login(secretary)
    page = client.get(reverse("review:withheld", args=[group.slug])).content.decode()
    assert "£40k for two years" in page  # the secretary sees what is withheld
    spreadsheet = client.get(reverse("review:withheld_csv", args=[group.slug]))
    rows = list(csv.reader(io.StringIO(spreadsheet.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Group", "Meeting", "Part", "Reason"]
    assert "£40k" not in str(rows)  # the spreadsheet for the annual report does not


def test_the_spreadsheet_keeps_a_formula_as_text(world, client):
    group, secretary, meeting = world
    AgendaItemFactory(meeting=meeting, heading="X", body="y", sensitivity="financial",
                      withheld_why="=HYPERLINK(\"http://evil\")")  # fmt: skip
    publish(meeting, secretary)
    client.force_login(secretary)
    body = client.get(reverse("review:withheld_csv", args=[group.slug])).content.decode()
    assert "'=HYPERLINK" in body


def test_a_release_makes_a_correction_for_review_and_its_note_says_what_was_released(world):
    group, secretary, meeting = world
    published_with_withheld(world)
    passage = next(p for p in withheld_register(group) if p.what.startswith("a financial"))
    release = withheld_release(meeting=meeting, key=passage.key, by=secretary)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    change = AuditEntry.objects.filter(meeting=meeting, event=AuditEntry.Event.STATUS_CHANGED)
    assert change.latest("pk").detail == "Published → Draft (a release)"
    item = meeting.agenda_items.get(heading="Funding")
    assert item.body == "The Trust gave £40k for two years. We thank them."
    assert meeting.publications.count() == 1  # nothing public yet
    review_open(meeting=meeting, by=secretary)
    publication = meeting_publish(meeting=meeting, by=secretary, override_reason="Test")
    assert publication.version == 2
    assert publication.correction_note == release.correction_note
    assert "A financial passage in the section “Funding”, withheld in" in release.correction_note
    release.refresh_from_db()
    assert release.publication == publication


def test_bad_releases_are_refused_with_a_clear_message_and_nothing_changes(world):
    group, secretary, meeting = world
    with pytest.raises(WithheldError, match="have not been published"):
        withheld_release(meeting=meeting, key="section-1", by=secretary)
    publication = published_with_withheld(world)
    with pytest.raises(WithheldError, match="not withheld"):
        withheld_release(meeting=meeting, key="section-999999", by=secretary)
    key = withheld_register(group)[0].key
    publication_withdraw(publication=publication, by=secretary, reason="Too much shown")
    with pytest.raises(WithheldError, match="withdrawn"):
        withheld_release(meeting=meeting, key=key, by=secretary)
    assert not Release.objects.exists()
    assert meeting.agenda_items.get(heading="Staff").sensitivity == "personal"


def test_a_reconsider_date_before_the_meeting_is_refused(world, client):
    _, secretary, meeting = world
    item = AgendaItemFactory(meeting=meeting, heading="News", body="x")
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:section", args=[item.pk]),
        {f"section-{item.pk}-{name}": value for name, value in {
            "version": item.version, "heading": "News", "kind": "discussion",
            "sensitivity": "financial", "withheld_until": "2022-01-01", "body": "x",
        }.items()},
    )  # fmt: skip
    assert response.status_code == 422
    assert "before the meeting" in response.content.decode()
    item.refresh_from_db()
    assert item.sensitivity == "public"


def test_the_secretary_is_told_once_when_a_reconsider_date_comes(world):
    _group, secretary, _meeting = world
    published_with_withheld(world)
    assert withheld_tell_due(today=datetime.date(2023, 2, 28)) == []
    told = withheld_tell_due(today=datetime.date(2023, 3, 1))
    assert [notice.what for notice in told] == ["a financial passage in the section “Funding”"]
    assert len(mail.outbox) == 1
    assert secretary.email in mail.outbox[0].to
    assert "£40k" not in mail.outbox[0].body
    assert withheld_tell_due(today=datetime.date(2023, 3, 2)) == []  # told once
    assert len(withheld_tell_due(today=datetime.date(2024, 1, 1))) == 1  # the section's date
    assert WithheldNotice.objects.count() == 2


def test_sensitivity_report_lists_flags_and_fails_while_one_is_open(world):
    group, secretary, meeting = world
    AgendaItemFactory(meeting=meeting, heading="Money", body="We got £40k. Lizzie is unwell.")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("sensitivity_report", group.slug, str(DAY), stdout=out)
    assert exit.value.code == 1
    lines = out.getvalue().splitlines()
    assert lines[-1] == "1 open, 0 decided"
    assert lines[0].startswith("financial\tthe section “Money”\t£40k\topen")
    flag_keep_public(meeting=meeting, key=flags_of(meeting)[0].flag.key, by=secretary)
    out = io.StringIO()
    call_command("sensitivity_report", group.slug, str(DAY), stdout=out)
    assert out.getvalue().splitlines()[-1] == "0 open, 1 decided"


def test_the_flags_come_as_a_page_or_as_the_region_alone(world, client):
    _, secretary, meeting = world
    AgendaItemFactory(meeting=meeting, heading="Money", body="We got £40k.")
    client.force_login(secretary)
    url = reverse("review:flags", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "<html" in page
    assert "Looks financial" in page
    region = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert region.lstrip().startswith('<section id="flags"')
    key = flags_of(meeting)[0].flag.key
    answer = client.post(
        reverse("review:flag_public", args=[meeting.pk, key]), headers={"HX-Request": "true"}
    ).content.decode()
    assert answer.lstrip().startswith('<section id="flags"')
    assert "Kept public by" in answer
    assert "Every flag is decided." in answer


def test_marking_from_the_editor_comes_back_to_the_editor(world, client):
    _, secretary, meeting = world
    item = AgendaItemFactory(meeting=meeting, heading="News", body="She is unwell.")
    client.force_login(secretary)
    key = flags_of(meeting)[0].flag.key
    response = client.post(
        reverse("review:flag_mark", args=[meeting.pk, key]), {"kind": "personal", "back": "editor"}
    )
    assert response["Location"] == reverse("meetings:edit", args=[meeting.pk]) + "#flags"
    item.refresh_from_db()
    assert item.body == "[She is unwell.]{.personal}"


def test_what_is_due_is_found_without_reading_every_published_meeting(
    world, django_assert_max_num_queries
):
    group, secretary, _meeting = world
    published_with_withheld(world)
    for weeks in range(1, 4):
        later = MeetingFactory(group=group, date=DAY + datetime.timedelta(weeks=weeks))
        AgendaItemFactory(meeting=later, heading="Personal", body="Nothing dated.",
                          sensitivity="personal", withheld_why="about one person")  # fmt: skip
        publish(later, secretary)
    everything = withheld_register(group)
    assert len(everything) == 5
    # Read: the meetings whose listing says a date has come, then the one meeting found.
    with django_assert_max_num_queries(8):
        due = due_parts(group)
    assert (
        [part.what for part in due]
        == [part.what for part in everything if part.due]
        == [
            "a financial passage in the section “Funding”",
            "section 2",
        ]
    )


def test_a_listing_keeps_the_first_reconsider_date_of_what_its_notes_withhold(world):
    _group, _secretary, meeting = world
    published_with_withheld(world)
    assert meeting.listing.reconsider_from == datetime.date(2023, 3, 1)


def test_notes_withholding_nothing_dated_are_not_read_for_what_is_due(world):
    group, secretary, meeting = world
    AgendaItemFactory(meeting=meeting, heading="Staff", body="Changes.", sensitivity="personal",
                      withheld_why="about one person")  # fmt: skip
    publish(meeting, secretary)
    assert Listing.objects.get(meeting=meeting).reconsider_from is None
    assert due_parts(group) == []


def test_a_mark_whose_date_cannot_be_read_keeps_its_meeting_among_those_read():
    assert reconsider_dates_in(["[a]{.personal until=2023-02-30}"]) == [datetime.date.min]
    two = '[a]{.financial until="2023-03-01"} [b]{.personal until=2030-01-01}'
    assert reconsider_dates_in([two]) == [datetime.date(2023, 3, 1), datetime.date(2030, 1, 1)]
    assert reconsider_dates_in(["We wait until=tomorrow"]) == [datetime.date.min]


def test_notes_being_corrected_are_read_as_they_stand(world):
    group, secretary, meeting = world
    item = AgendaItemFactory(meeting=meeting, heading="Funding", body="All public.")
    publish(meeting, secretary)
    assert due_parts(group) == []
    # Back to draft for a correction, with a part withheld until a day now past.
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT)
    AgendaItem.objects.filter(pk=item.pk).update(
        body="The Trust gave [£40k]{.financial until=2023-03-01}."
    )
    assert [part.what for part in due_parts(group)] == [
        "a financial passage in the section “Funding”"
    ]


def test_listings_filled_in_bulk_get_their_reconsider_dates(world):
    _group, _secretary, meeting = world
    published_with_withheld(world)
    Listing.objects.filter(meeting=meeting).delete()
    assert listings_fill() == 1
    assert Listing.objects.get(meeting=meeting).reconsider_from == datetime.date(2023, 3, 1)
    assert reconsider_dates(None) == {meeting.pk: datetime.date(2023, 3, 1)}
