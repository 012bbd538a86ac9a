"""Forms are drawn by Django's Jinja2 form renderer, exactly as Django's own templates draw them
(but for the whitespace between tags, which a browser reads alike)."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2, get_default_renderer

from actions.editing import editor_context
from actions.forms import TrackerFilterForm
from allies.models import Member
from meetings.forms import AttendanceForm, MeetingDetailsForm, SectionForm
from meetings.models import Meeting

TEMPLATES = DjangoTemplates()
TRICKY = 'Fish & chips <b>"quoted"</b> it\'s'


def drawn(form: forms.BaseForm, renderer) -> list[str]:
    form.renderer = renderer
    return [as_read(str(field)) for field in form]


def as_read(html: str) -> str:
    """HTML as a browser reads it: whitespace runs are one space (none between tags), and
    a character escaped either way is one (Jinja2 writes &#39; and &#34;, Django &#x27;)."""
    html = html.replace("&#39;", "&#x27;").replace("&#34;", "&quot;")
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def assert_same(form: forms.BaseForm) -> None:
    assert drawn(form, get_default_renderer()) == drawn(form, TEMPLATES)


def test_the_forms_are_drawn_by_djangos_jinja2_renderer():
    assert isinstance(get_default_renderer(), Jinja2)


def test_every_widget_of_the_editor_is_drawn_as_the_templates_draw_it(demo_drafts):
    meeting = Meeting.objects.get(group=demo_drafts, date="2022-01-25")
    context = editor_context(meeting)
    rows = [context["details"], *context["attendance"], *context["actions"], *context["sections"]]
    rows += context["carried"]
    assert len(rows) > 20
    for entry in rows:
        assert_same(entry.form)
    for name in ("add_person", "add_action", "add_section"):
        assert_same(context[name])
    for action in context["open_actions"]:
        opened = editor_context(meeting, key=f"record-{action.obj.pk}")["open_actions"]
        (entry,) = [e for e in opened if e.opened]
        assert_same(entry.form)


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
    assert "Fish &amp; chips &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; it&#x27;s" in as_read(
        str(form["body"])
    )
    attendance = meeting.attendances.first()
    assert_same(AttendanceForm(instance=attendance, prefix="a", initial={"version": 1}))
    assert_same(MeetingDetailsForm(instance=meeting, prefix="details"))
    assert_same(TrackerFilterForm({"status": "overdue"}, people=Member.objects.all()))
