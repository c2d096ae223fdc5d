"""The report page: one HTML file with its styles and plain SVG charts inline, no script and no external resource, so
it opens from disk, offline, the same in any browser. Korean text uses a CJK font stack."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from html import escape

from flows.report import Answer, Night

FONTS = (
    '"Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "NanumGothic", sans-serif'
)

STYLE = f"""
body {{ font-family: {FONTS}; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1f2933; }}
h1 {{ font-size: 1.6rem; margin-bottom: .2rem; }} h2 {{ font-size: 1.15rem; margin: 2rem 0 .6rem; }}
.sub {{ color: #616e7c; margin-top: 0; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .6rem; }}
.card {{ border: 1px solid #d9e2ec; border-radius: 6px; padding: .6rem .8rem; }}
.card .value {{ font-size: 1.5rem; font-weight: 600; }} .card .label {{ color: #616e7c; font-size: .85rem; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9rem; }}
th, td {{ text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e4e7eb; vertical-align: middle; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
details {{ margin: .4rem 0 0; }} summary {{ color: #52606d; cursor: pointer; font-size: .85rem; }}
pre {{ background: #f5f7fa; padding: .6rem; overflow-x: auto; font-size: .8rem; }}
.bar {{ fill: #3e7cb1; }} .spark {{ fill: none; stroke: #c0392b; stroke-width: 1.5; }}
.empty {{ color: #9aa5b1; font-style: italic; }}
.two {{ display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; }}
"""

HEADLINE_LABELS = {
    "files_seen": "files seen",
    "files_loaded": "files loaded",
    "files_rejected": "files rejected",
    "articles": "articles",
    "stories": "stories",
    "rejects": "rejects",
    "copies": "copies",
    "new_entities": "new entities",
    "mentions": "mentions",
}


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return escape(value.strftime("%Y-%m-%d %H:%M"))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return escape(str(value))


def sparkline(values: Sequence[int], width: int = 140, height: int = 28) -> str:
    """A line of daily counts (oldest first) as inline SVG, with the last day's value as a dot."""
    if not values:
        return ""
    top = max(max(values), 1)
    step = width / max(len(values) - 1, 1)
    points = [(i * step, height - 3 - (v / top) * (height - 6)) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    x, y = points[-1]
    label = escape(", ".join(str(v) for v in values))
    return (
        f'<svg class="trend" width="{width + 4}" height="{height}" role="img" aria-label="stories per day: {label}">'
        f"<title>stories per day, oldest first: {label}</title>"
        f'<polyline class="spark" points="{path}"/><circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#c0392b"/></svg>'
    )


def bars(labels: Sequence[str], values: Sequence[int], width: int = 480) -> str:
    """A horizontal bar chart as inline SVG: one bar per label, its value at the end."""
    if not values:
        return ""
    row, label_w, top = 22, 150, max(max(values), 1)
    parts = [f'<svg class="bars" width="{width}" height="{row * len(values) + 4}" role="img">']
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y, w = i * row + 2, max((width - label_w - 60) * value / top, 1)
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="12">{escape(str(label))[:24]}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="12">{value:,}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def table(answer: Answer, skip: Sequence[str] = (), extra: dict | None = None) -> str:
    """An answer as an HTML table; `extra` maps a column to a function that renders its cell instead."""
    extra = extra or {}
    columns = [c for c in answer.columns if c not in skip]
    if not answer.rows:
        return '<p class="empty">none tonight</p>'
    numeric = {
        c for i, c in enumerate(answer.columns) if all(isinstance(r[i], int | float) for r in answer.rows)
    }
    head = "".join(
        f'<th class="{"num" if c in numeric else ""}">{escape(c.replace("_", " "))}</th>' for c in columns
    )
    body = []
    for row in answer.rows:
        values = dict(zip(answer.columns, row, strict=True))
        body.append(
            "<tr>"
            + "".join(
                f'<td class="{"num" if c in numeric else ""}">'
                f"{extra[c](values[c]) if c in extra else cell(values[c])}</td>"
                for c in columns
            )
            + "</tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def section(answer: Answer, content: str, anchor: str) -> str:
    return (
        f'<section id="{anchor}"><h2>{escape(answer.section.title)}</h2>{content}'
        f"<details><summary>SQL</summary><pre>{escape(answer.sql)}</pre></details></section>"
    )


def headline_cards(night: Night) -> str:
    cards = "".join(
        f'<div class="card"><div class="value" data-measure="{key}">{cell(value)}</div>'
        f'<div class="label">{escape(HEADLINE_LABELS.get(key, key))}</div></div>'
        for key, value in night.headline().items()
    )
    return f'<div class="cards">{cards}</div>'


def entities_tables(answer: Answer) -> str:
    """People and organizations side by side, each with its 14-night trend."""
    halves = []
    for kind, heading in (("PERSON", "People"), ("ORG", "Organizations")):
        rows = [r for r in answer.rows if r[0] == kind]
        part = Answer(answer.section, answer.sql, answer.columns, rows)
        skip = ("entity_type",) if kind == "PERSON" else ("entity_type", "current_title")
        halves.append(f"<div><h3>{heading}</h3>{table(part, skip=skip, extra={'trend': sparkline})}</div>")
    return f'<div class="two">{"".join(halves)}</div>'


def render_report(night: Night) -> str:
    """The report page of one night."""
    a = night.answers
    parts = [section(a["01_headline"], headline_cards(night), "headline")]
    counts = []
    for key in ("02_rejects_by_reason", "03_copies_by_method"):
        rows = a[key].rows
        chart = bars([r[0] for r in rows], [r[1] for r in rows], width=420)
        counts.append(section(a[key], chart + table(a[key]), key[3:]))
    parts.append(f'<div class="two">{"".join(counts)}</div>')
    publishers = a["04_articles_by_publisher"]
    parts.append(
        section(
            publishers,
            bars([r[0] for r in publishers.rows], [r[1] for r in publishers.rows], width=700)
            + table(publishers),
            "publishers",
        )
    )
    parts.append(section(a["05_top_entities"], entities_tables(a["05_top_entities"]), "top-entities"))
    for key, anchor in (
        ("06_new_people", "new-people"),
        ("07_largest_stories", "largest-stories"),
        ("08_most_quoted", "most-quoted"),
        ("09_future_dates", "future-dates"),
    ):
        if key in a:
            parts.append(section(a[key], table(a[key]), anchor))
    title = f"newsetl: the night of {night.run_date.isoformat()}"
    return (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f'<p class="sub">run <code>{escape(night.run_id)}</code>, finished {cell(night.finished_at)} UTC. '
        "Stories count copies once; each section's SQL is under it.</p>" + "".join(parts) + "</body></html>\n"
    )
