"""Server-drawn charts: bars in proportion, a text alternative, the numbers beside, no style."""

import datetime

from django.template.loader import render_to_string
from hypothesis import given, settings
from hypothesis import strategies as st

from actions.charts import HEIGHT, Chart, Series, drawing, nice_step
from meetings.models import Meeting
from tests.factories import ActionFactory, GroupFactory, MeetingFactory
from tests.publishing import publish, secretary_of


def chart(values, stacked=False, more=None):
    series = (Series("A", tuple(values)),) + ((Series("B", tuple(more)),) if more else ())
    return Chart("c", "Title", "Described", tuple(f"c{i}" for i in range(len(values))),
                 series, stacked)  # fmt: skip


@given(st.lists(st.integers(0, 500), min_size=1, max_size=30))
@settings(max_examples=50, deadline=None)
def test_bars_stand_in_proportion_on_one_baseline_inside_the_box(values):
    d = drawing(chart(values))
    assert len(d.bars) == sum(1 for v in values if v)
    top = max(t.value for t in d.ticks)
    assert top >= max(values)
    for bar in d.bars:
        value = int(bar.label.rsplit(": ", 1)[1])
        assert abs(bar.y + bar.height - d.baseline) < 0.2
        assert abs(bar.height - (d.baseline - min(t.y for t in d.ticks)) * value / top) < 0.2
        assert 0 <= bar.y <= HEIGHT
    assert len(d.labels) <= 12


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=1, max_size=12))
@settings(max_examples=40, deadline=None)
def test_stacked_bars_reach_the_total(pairs):
    first, second = zip(*pairs, strict=True)
    d = drawing(chart(first, stacked=True, more=second))
    top = max(t.value for t in d.ticks)
    assert top >= max(a + b for a, b in pairs)


@given(st.integers(0, 100_000))
def test_gridlines_are_round_and_few(most):
    step = nice_step(most)
    assert str(step).strip("0") in ("1", "2", "5")
    assert most / step <= 5


def test_the_chart_is_an_image_with_a_name_a_description_and_its_numbers_beside():
    html = render_to_string("charts/bar_chart.html", {"chart": chart([3, 0, 5], more=[1, 2, 0])})
    assert 'role="img" aria-labelledby="c-title c-desc"' in html
    assert '<title id="c-title">Title</title>' in html
    assert '<desc id="c-desc">Described</desc>' in html
    assert '<th scope="row">c1</th><td>0</td><td>2</td>' in html
    assert "style=" not in html


def test_the_group_page_counts_published_notes_only(db, client):
    group = GroupFactory(slug="g")
    user = secretary_of(group)
    published = MeetingFactory(group=group, date=datetime.date(2022, 1, 25))
    ActionFactory(meeting=published, number=1, status="complete")
    ActionFactory(meeting=published, number=2)
    publish(published, user)
    draft = MeetingFactory(group=group, date=datetime.date(2023, 3, 1))
    ActionFactory(meeting=draft, number=1)
    ActionFactory(meeting=published, number=3)  # added after publishing: not public
    page = client.get("/notes/g/").content.decode()
    assert '<th scope="row">2022</th><td>1</td>' in page
    assert "2023" not in page
    assert '<th scope="row">Jan 2022</th><td>2</td><td>1</td>' in page
    assert (
        '<desc id="chart-actions-per-meeting-desc">25 January 2022: 2 agreed, 1 completed' in page
    )
    assert Meeting.objects.get(pk=draft.pk).status == "draft"
