"""Bar charts drawn on the server as SVG, each with its numbers as a table beside it.

A `Chart` is plain data: categories along the bottom, one or more series of
counts, stacked or side by side. `drawing` works out where every bar, gridline
and label goes in a fixed coordinate space (the SVG's viewBox), so the
template only writes out rectangles and text with presentation attributes:
no script and no inline style, which the content security policy forbids,
and nothing a printer cannot print. The members page and the public group
page both draw with it; it sits here, below publishing, so both can.
"""

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 44
MOST_LABELS = 12  # more categories than this label every second, third…


@dataclass(frozen=True)
class Series:
    """One kind of count, such as "Present", with a value per category."""

    name: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    """What a chart shows, and how it is described to someone who cannot see it."""

    id: str
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    stacked: bool = False
    category_heading: str = ""

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        """The table beside the chart: a row per category, a column per series."""
        return [
            (category, [series.values[i] for series in self.series])
            for i, category in enumerate(self.categories)
        ]

    @property
    def is_empty(self) -> bool:
        return not self.categories

    def drawing(self) -> "Drawing":
        return drawing(self)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True)
class Drawing:
    """Where everything goes in the viewBox."""

    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[Label, ...]
    left: int
    right: int
    baseline: float
    label_y: float


def nice_step(most: int, lines: int = 5) -> int:
    """A round step between gridlines (1, 2, 5, 10, 20, 50…) giving at most `lines` of them."""
    rough = max(most, 1) / lines
    magnitude = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= rough:
            return max(int(factor * magnitude), 1)
    return int(10 * magnitude)


def drawing(chart: Chart) -> Drawing:
    """Place the bars of `chart` in a WIDTH × HEIGHT box, with gridlines and labels."""
    count = len(chart.categories)
    if chart.stacked:
        most = max((sum(s.values[i] for s in chart.series) for i in range(count)), default=0)
    else:
        most = max((v for s in chart.series for v in s.values), default=0)
    step = nice_step(most)
    top_value = max(step * math.ceil(most / step), step)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height

    def y_of(value: float) -> float:
        return baseline - plot_height * value / top_value

    band = plot_width / max(count, 1)
    bar_room = band * 0.7
    bars = []
    for i, category in enumerate(chart.categories):
        x0 = LEFT + band * i + (band - bar_room) / 2
        below = 0
        for s, series in enumerate(chart.series):
            value = series.values[i]
            label = f"{category}, {series.name}: {value}"
            if chart.stacked:
                x, width = x0, bar_room
                top, bottom = y_of(below + value), y_of(below)
                below += value
            else:
                width = bar_room / len(chart.series)
                x = x0 + width * s
                top, bottom = y_of(value), baseline
            if value:
                bars.append(Bar(round(x, 1), round(top, 1), round(width, 1),
                                round(bottom - top, 1), s, label))  # fmt: skip
    every = math.ceil(count / MOST_LABELS) if count else 1
    labels = tuple(
        Label(round(LEFT + band * (i + 0.5), 1), category)
        for i, category in enumerate(chart.categories)
        if (count - 1 - i) % every == 0  # always label the latest
    )
    ticks = tuple(Tick(round(y_of(v), 1), v) for v in range(0, top_value + 1, step))
    return Drawing(WIDTH, HEIGHT, tuple(bars), ticks, labels, LEFT, WIDTH - RIGHT,
                   baseline, baseline + 18)  # fmt: skip
