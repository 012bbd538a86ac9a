"""The form renderer draws every widget exactly as Django's templates do."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from actions.editing import editor_context
from actions.forms import TrackerFilterForm
from allies.models import Member
from allies.renderers import WidgetRenderer
from meetings.forms import AttendanceForm, MeetingDetailsForm, SectionForm
from meetings.models import Meeting

TEMPLATES, PYTHON = DjangoTemplates(), WidgetRenderer()
TRICKY = 'Fish & chips <b>"quoted"</b> it\'s'


def drawn(form: forms.BaseForm, renderer) -> list[str]:
    form.renderer = renderer
    return [str(field) for field in form]


def assert_same(form: forms.BaseForm) -> None:
    assert drawn(form, PYTHON) == drawn(form, TEMPLATES)


def test_every_widget_of_the_editor_is_drawn_as_the_templates_draw_it(demo_drafts):
    meeting = Meeting.objects.get(group=demo_drafts, date="2022-01-25")
    context = editor_context(meeting)
    rows = [context["details"], *context["attendance"], *context["actions"], *context["sections"]]
    rows += [*context["carried"], *context["open_actions"]]
    assert len(rows) > 20
    for entry in rows:
        assert_same(entry.form)
    for name in ("add_person", "add_action", "add_section"):
        assert_same(context[name])


@pytest.mark.django_db
def test_values_that_need_escaping_and_forms_as_sent_are_drawn_alike(demo_drafts):
    meeting = Meeting.objects.get(group=demo_drafts, date="2022-01-25")
    item = meeting.agenda_items.first()
    prefix = f"section-{item.pk}"
    sent = {f"{prefix}-{name}": value for name, value in {
        "version": "x", "heading": TRICKY, "presenter": TRICKY, "kind": "<nope>",
        "sensitivity": "financial", "body": TRICKY, "withheld_until": "not a date",
    }.items()}  # fmt: skip
    form = SectionForm(sent, instance=item, prefix=prefix)
    assert not form.is_valid()
    assert_same(form)
    attendance = meeting.attendances.first()
    assert_same(AttendanceForm(instance=attendance, prefix="a", initial={"version": 1}))
    assert_same(MeetingDetailsForm(instance=meeting, prefix="details"))
    assert_same(TrackerFilterForm({"status": "overdue"}, people=Member.objects.all()))
