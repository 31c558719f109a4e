"""Charts drawn on the server as SVG geometry, so the dashboard needs no JavaScript.

The functions return plain numbers; templates/console/_bar_chart.html and _line_chart.html draw them.

In a right-to-left language (Arabic) a chart is laid out from the right, as the page around it reads: the bars'
labels on the right, right-aligned, and the bars growing to the left; time running from right to left. Every x is
computed here for the active language's direction (`Mirror`); the templates give the SVG the page's direction, in
which text-anchor's start and end are the sides a reader of that direction means.
"""

from dataclasses import dataclass

from core.languages import direction

BAR_ROW_HEIGHT = 28
BAR_LABEL_WIDTH = 210
BAR_MAX_WIDTH = 300
LINE_WIDTH, LINE_HEIGHT, LINE_MARGIN = 560, 200, 36


@dataclass(frozen=True)
class Mirror:
    """Left-to-right x coordinates of a drawing `width` wide, as the active language lays it out."""

    width: int

    @property
    def direction(self):
        return direction()

    @property
    def flipped(self):
        return self.direction == "rtl"

    def x(self, x):
        """Where a point at `x` goes."""
        return round(self.width - x, 1) if self.flipped else x

    def left(self, x, span):
        """Where the left edge of a shape from `x` to `x + span` goes (an SVG rect is placed by its left edge)."""
        return round(self.width - x - span, 1) if self.flipped else x

    def figure(self):
        """What the template writes on the <svg>: its direction, and the side it keeps to in a wider box."""
        return {"direction": self.direction, "align": "xMaxYMin" if self.flipped else "xMinYMin"}


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int
    x: float  # the bar's left edge
    label_x: float  # the label's anchor (the chart's label_anchor)
    value_x: float  # the value's start, past the bar's end


def bar_chart(rows):
    """Horizontal bars for [(label, value)]; the longest bar is BAR_MAX_WIDTH wide."""
    largest = max((value for _, value in rows), default=0) or 1
    mirror = Mirror(BAR_LABEL_WIDTH + BAR_MAX_WIDTH + 60)
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round(BAR_MAX_WIDTH * value / largest)
        bars.append(
            Bar(
                label=str(label),
                value=value,
                y=index * BAR_ROW_HEIGHT,
                width=width,
                x=mirror.left(BAR_LABEL_WIDTH, width),
                label_x=mirror.width if mirror.flipped else BAR_LABEL_WIDTH - 8,
                value_x=mirror.x(BAR_LABEL_WIDTH + width + 6),
            )
        )
    return {
        **mirror.figure(),
        # Left to right the labels end next to their bars; right to left they start at the chart's right edge,
        # right-aligned as the text around them.
        "label_anchor": "start" if mirror.flipped else "end",
        "bars": bars,
        "height": max(len(bars), 1) * BAR_ROW_HEIGHT,
        "width": mirror.width,
        "bar_max_width": BAR_MAX_WIDTH,
        "empty_x": mirror.x(0),
        "bar_height": BAR_ROW_HEIGHT - 8,
        "total": sum(value for _, value in rows),
    }


def line_chart(points):
    """A running total over days: points are [(date, count that day, running total)]."""
    if not points:
        return None
    mirror = Mirror(LINE_WIDTH)
    top = max(total for _, _, total in points) or 1
    inner_width = LINE_WIDTH - 2 * LINE_MARGIN
    inner_height = LINE_HEIGHT - 2 * LINE_MARGIN
    step = inner_width / max(len(points) - 1, 1)
    coordinates = [
        (mirror.x(round(LINE_MARGIN + index * step, 1)), round(LINE_MARGIN + inner_height * (1 - total / top), 1))
        for index, (_, _, total) in enumerate(points)
    ]
    return {
        **mirror.figure(),
        "width": LINE_WIDTH,
        "height": LINE_HEIGHT,
        "margin": LINE_MARGIN,
        "bottom": LINE_HEIGHT - LINE_MARGIN,
        # The vertical axis at the start of time, the horizontal one from there to its end.
        "axis_x": mirror.x(LINE_MARGIN),
        "end_x": mirror.x(LINE_WIDTH - LINE_MARGIN),
        "scale_x": mirror.x(LINE_MARGIN - 6),  # the axis' numbers end there (text-anchor: end)
        "polyline": " ".join(f"{x},{y}" for x, y in coordinates),
        "last_x": coordinates[-1][0],
        "last_y": coordinates[-1][1],
        "top": top,
        "first_day": points[0][0],
        "last_day": points[-1][0],
        "days": points,
    }
