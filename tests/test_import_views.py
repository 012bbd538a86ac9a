"""The upload page: a secretary previews the meeting a file holds, then confirms it."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Action
from allies.models import Member, Membership
from meetings.models import AgendaItem, Attendance, Meeting
from meetings.import_views import PENDING_IMPORT
from tests.factories import GroupFactory, MemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
BASE = Path(django_settings.BASE_DIR)
SEED = (BASE / "demo" / "sources" / "2022-01-25-allies-notes.txt").read_bytes()
IMPORT = "/meetings/import/"
CONFIRM = "/meetings/import/confirm/"


def login_with_role(client, group, role):
    user = UserFactory()
    MembershipFactory(group=group, member=MemberFactory(user=user), role=role)
    client.force_login(user)
    return user


@pytest.fixture
def group():
    return GroupFactory(slug="allies", name="Allies Group")


@pytest.fixture
def secretary(client, group):
    return login_with_role(client, group, Membership.Role.STAFF)


def upload(client, group, name: str, content: bytes):
    return client.post(IMPORT, {"group": group.pk, "file": SimpleUploadedFile(name, content)})


def rows() -> dict[str, int]:
    return {
        m.__name__: m.objects.count() for m in (Meeting, Attendance, AgendaItem, Action, Member)
    }


def test_the_urls_are_the_ones_the_page_uses():
    assert reverse("meetings:import") == IMPORT
    assert reverse("meetings:import_confirm") == CONFIRM


def test_someone_not_logged_in_is_sent_to_log_in(client):
    response = client.get(IMPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(CONFIRM, {"token": "x"}).status_code == 302


def test_an_ally_may_not_import(client, group):
    login_with_role(client, group, Membership.Role.MEMBER)
    assert client.get(IMPORT).status_code == 403
    assert upload(client, group, "notes.txt", SEED).status_code == 403
    assert not Meeting.objects.exists()


def test_a_secretary_previews_then_confirms_and_gets_a_draft(client, group, secretary):
    page = client.get(IMPORT)
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content

    before = rows()
    preview = upload(client, group, "2022-01-25-allies-notes.txt", SEED)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Check the meeting before it is created" in html
    assert "Meeting of Tuesday 25 January 2022" in html
    assert "Graham Hart (chair)" in html
    assert "read &#x27;25 Jan – complete&#x27; as deadline 25 Jan, status complete" in html
    assert "<li>Niccola Hutchinson-Pascal</li>" in html  # a person it will add
    assert html.index("1. Updates") < html.index("2. Funding") < html.index("8. Discussion")
    assert rows() == before, "a preview creates nothing"

    token = client.session[PENDING_IMPORT]["token"]
    done = client.post(CONFIRM, {"token": token})
    assert done.status_code == 302
    meeting = Meeting.objects.get(group=group)
    assert (str(meeting.date), meeting.status) == ("2022-01-25", Meeting.Status.DRAFT)
    assert meeting.agenda_items.count() == 8
    assert meeting.actions.count() == 9
    assert PENDING_IMPORT not in client.session
    shown = client.get(done["Location"]).content.decode()
    link = f'<a href="/meetings/{meeting.pk}/edit/">25 January 2022</a>'
    assert f"Created the draft meeting of {link} for Allies Group." in shown

    # Confirming twice creates nothing more.
    again = client.post(CONFIRM, {"token": token}, follow=True)
    assert "That preview has expired" in again.content.decode()
    assert Meeting.objects.count() == 1


def test_the_preview_shows_what_will_not_be_published(client, group, secretary):
    notes = (
        "---\ngroup: allies\ndate: 2023-03-01\npresent: [Ann]\n---\n"
        "## Funding {.financial}\n\nWe have £40k.\n\n"
        "## Updates\n\nLizzie said [she is leaving]{.personal}.\n"
    )
    html = upload(client, group, "notes.md", notes.encode()).content.decode()
    assert "Financial: the whole section is not published" in html
    assert '<mark class="sensitive personal">' in html
    assert not Meeting.objects.exists()


def test_a_wrong_token_creates_nothing(client, group, secretary):
    upload(client, group, "notes.txt", SEED)
    response = client.post(CONFIRM, {"token": "guessed"}, follow=True)
    assert "That preview has expired" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "shown"),
    [
        (
            "notes.md",
            b"---\ngroup: allies\ndate: 2022-02-30\n---\n",
            "notes.md: field &#x27;date&#x27;: &#x27;2022-02-30&#x27; is not a date",
        ),
        (
            "notes.txt",
            b"Meeting notes: 1 March 2023\n\xff",
            "notes.txt: line 2: the file is not UTF-8",
        ),
        ("notes.docx", b"not a zip", "notes.docx: the file is not a Word document"),
        ("notes.txt", b"", "notes.txt: the file is empty"),
    ],
)
def test_a_bad_file_shows_its_error_on_the_page(client, group, secretary, name, content, shown):
    response = upload(client, group, name, content)
    assert response.status_code == 200
    assert shown in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not Meeting.objects.exists()
    assert PENDING_IMPORT not in client.session


def test_a_file_over_the_limit_is_refused(client, group, secretary, settings):
    settings.NOTES_IMPORT_MAX_BYTES = 1000
    response = upload(client, group, "notes.txt", SEED)
    assert "files of up to 1000 bytes can be imported" in response.content.decode()


def test_a_meeting_the_group_already_has_is_refused_at_the_preview(client, group, secretary):
    Meeting.objects.create(group=group, date="2022-01-25")
    response = upload(client, group, "notes.txt", SEED)
    page = response.content.decode()
    said = "Allies Group already has notes for 25 January 2022: "
    assert page.count(said) == 1
    assert f'{said}<a href="/meetings/{Meeting.objects.get().pk}/edit/">open them</a>' in page
    assert Meeting.objects.count() == 1
    assert not Member.objects.filter(full_name="Graham Hart").exists()


def test_only_a_group_the_user_is_secretary_of_can_be_chosen(client, group, secretary):
    other = GroupFactory()
    login_with_role(client, other, Membership.Role.MEMBER)
    client.force_login(secretary)
    response = upload(client, other, "notes.txt", SEED)
    assert "Select a valid choice" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_secretary_of_the_previewed_group_is_checked_again_on_confirming(
    client, group, secretary
):
    upload(client, group, "notes.txt", SEED)
    Membership.objects.filter(member__user=secretary).update(role=Membership.Role.MEMBER)
    assert (
        client.post(CONFIRM, {"token": client.session[PENDING_IMPORT]["token"]}).status_code == 403
    )
    assert not Meeting.objects.exists()


def test_confirming_goes_to_the_meeting_editor(client, group, secretary):
    upload(client, group, "notes.txt", SEED)
    response = client.post(CONFIRM, {"token": client.session[PENDING_IMPORT]["token"]})
    assert response["Location"] == f"/meetings/{Meeting.objects.get().pk}/edit/"
