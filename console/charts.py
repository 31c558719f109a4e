"""Charts drawn on the server as SVG geometry, so the dashboard needs no JavaScript.

The functions return plain numbers; templates/console/_bar_chart.html and _line_chart.html draw them.
"""

from dataclasses import dataclass

BAR_ROW_HEIGHT = 28
BAR_LABEL_WIDTH = 210
BAR_MAX_WIDTH = 300
LINE_WIDTH, LINE_HEIGHT, LINE_MARGIN = 560, 200, 36


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int


def bar_chart(rows):
    """Horizontal bars for [(label, value)]; the longest bar is BAR_MAX_WIDTH wide."""
    largest = max((value for _, value in rows), default=0) or 1
    bars = [
        Bar(label=str(label), value=value, y=index * BAR_ROW_HEIGHT, width=round(BAR_MAX_WIDTH * value / largest))
        for index, (label, value) in enumerate(rows)
    ]
    return {
        "bars": bars,
        "height": max(len(bars), 1) * BAR_ROW_HEIGHT,
        "width": BAR_LABEL_WIDTH + BAR_MAX_WIDTH + 60,
        "label_width": BAR_LABEL_WIDTH,
        "bar_height": BAR_ROW_HEIGHT - 8,
        "total": sum(value for _, value in rows),
    }


def line_chart(points):
    """A running total over days: points are [(date, count that day, running total)]."""
    if not points:
        return None
    top = max(total for _, _, total in points) or 1
    inner_width = LINE_WIDTH - 2 * LINE_MARGIN
    inner_height = LINE_HEIGHT - 2 * LINE_MARGIN
    step = inner_width / max(len(points) - 1, 1)
    coordinates = [
        (round(LINE_MARGIN + index * step, 1), round(LINE_MARGIN + inner_height * (1 - total / top), 1))
        for index, (_, _, total) in enumerate(points)
    ]
    return {
        "width": LINE_WIDTH,
        "height": LINE_HEIGHT,
        "margin": LINE_MARGIN,
        "bottom": LINE_HEIGHT - LINE_MARGIN,
        "right": LINE_WIDTH - LINE_MARGIN,
        "polyline": " ".join(f"{x},{y}" for x, y in coordinates),
        "last_x": coordinates[-1][0],
        "last_y": coordinates[-1][1],
        "top": top,
        "first_day": points[0][0],
        "last_day": points[-1][0],
        "days": points,
    }
