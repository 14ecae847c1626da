"""Self-contained HTML pages for `intro-path` and `accounts`: inline CSS and SVG, no scripts.

The page is one file a user redirects to disk and mails around, so it must not reach the
network: no fonts, no CDN, no links out. Every piece of text comes from someone's address
book, so all of it goes through ``_e`` (``html.escape`` with quotes), attributes included.
Layout (where nodes go) is computed apart from markup so it can be tested as numbers.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from intrograph.graph.strength import band
from intrograph.models import (
    AccountCoverage,
    CoverageReport,
    IntroPathResult,
    Link,
    Path,
    PersonRef,
)

__all__ = [
    "Layout",
    "coverage_page",
    "coverage_row",
    "edge_route",
    "layout",
    "link_width",
    "page",
    "path_list_item",
    "paths_page",
    "svg",
]

COL_W, ROW_H = 300, 70  # pixels between column / row origins
BOX_W, BOX_H = 230, 46
PAD = 30
# Explicit colours on a white page: a dark-mode browser or a printer shows the same thing.
BAND_COLOUR = {"strong": "#1b7f3b", "medium": "#b86e00", "weak": "#c0392b",
               "good": "#b86e00", "dormant": "#6b6b6b"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1a1a1a; background: #ffffff; margin: 2em auto; max-width: 1100px; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
.muted { color: #555555; } .cold { color: #8a1c1c; font-weight: 600; }
.strong { color: #1b7f3b; } .medium { color: #b86e00; } .weak { color: #c0392b; }
.good { color: #b86e00; } .dormant { color: #6b6b6b; }
svg { max-width: 100%; height: auto; border: 1px solid #dddddd; background: #fcfcfc; }
svg text { font-family: system-ui, sans-serif; fill: #1a1a1a; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #cccccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } a { color: #0b4f9c; }
ol.path > li { margin-bottom: .3em; } ul.ev { margin: .1em 0 .4em; color: #444444; }
section.path { break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } svg { border: none; } }
"""


def _e(text: object) -> str:
    """Return ``text`` safe for both HTML content and quoted attributes."""
    return html.escape(_CONTROL.sub("", str(text)), quote=True)


def link_width(strength: float) -> float:
    """Return a stroke width in pixels, 1.5 at strength 0 rising linearly to 9.5 at 1."""
    return round(1.5 + 8.0 * min(max(strength, 0.0), 1.0), 2)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass(frozen=True)
class Node:
    person: PersonRef
    col: int
    row: int
    x: int
    y: int


@dataclass(frozen=True)
class Edge:
    a: tuple[str, int]
    b: tuple[str, int]
    link: Link


@dataclass(frozen=True)
class Layout:
    nodes: dict[tuple[str, int], Node]
    edges: list[Edge]
    width: int
    height: int
    columns: int


def layout(paths: list[Path]) -> Layout:
    """Return node positions: owners at x=0, every target in the last column, hops between.

    A node is keyed by (person id, column), so a connector shared by several paths is drawn
    once; rows follow first appearance in rank order, which keeps the output deterministic.
    """
    last = max((len(p.people) - 1 for p in paths), default=0)
    rows: dict[int, int] = {}
    nodes: dict[tuple[str, int], Node] = {}
    edges: dict[tuple[tuple[str, int], tuple[str, int]], Edge] = {}
    for path in paths:
        keys = []
        for i, person in enumerate(path.people):
            col = last if i == len(path.people) - 1 else i
            key = (person.id, col)
            if key not in nodes:
                row = rows.get(col, 0)
                rows[col] = row + 1
                nodes[key] = Node(person, col, row, col * COL_W, row * ROW_H)
            keys.append(key)
        for link, a, b in zip(path.links, keys, keys[1:], strict=False):
            edges.setdefault((a, b), Edge(a, b, link))
    height = max(rows.values(), default=1) * ROW_H - (ROW_H - BOX_H)
    return Layout(nodes, list(edges.values()), last * COL_W + BOX_W, height, last + 1)


def _evidence_text(link: Link) -> str:
    parts = [ev.detail or ev.kind for ev in link.evidence]
    words = band(link.strength, link.evidence)
    return f"{link.strength:.2f} {words}" + "".join(f"\n• {p}" for p in parts)


def _svg_node(node: Node) -> str:
    p = node.person
    role = ", ".join(x for x in (p.title, p.organization) if x)
    tip = p.name + (f" — {role}" if role else "")
    return (
        f'<g><title>{_e(tip)}</title>'
        f'<rect x="{node.x}" y="{node.y}" width="{BOX_W}" height="{BOX_H}" rx="10" '
        f'fill="#ffffff" stroke="#44546a" stroke-width="1.5"/>'
        f'<text x="{node.x + 10}" y="{node.y + 19}" font-size="14" font-weight="600">'
        f'{_e(_clip(p.name, 26))}</text>'
        f'<text x="{node.x + 10}" y="{node.y + 36}" font-size="11" fill="#555555">'
        f'{_e(_clip(role, 36))}</text></g>'
    )


def edge_route(a: Node, b: Node) -> str:
    """Return the SVG path data from the right side of ``a`` to the left side of ``b``.

    A link that skips columns (a short path among longer ones) would cut through the boxes in
    between, so it runs along the empty lane just above ``a``'s row; rows share one grid in all
    columns, so that lane is free of boxes, and the bends stay in the gaps between columns.
    """
    x1, y1 = a.x + BOX_W, a.y + BOX_H // 2
    x2, y2 = b.x, b.y + BOX_H // 2
    bend = (COL_W - BOX_W) // 2
    if b.col - a.col <= 1:
        mid = (x1 + x2) // 2
        return f"M{x1} {y1} C{mid} {y1} {mid} {y2} {x2} {y2}"
    lane = a.y - (ROW_H - BOX_H) // 2
    return (f"M{x1} {y1} C{x1 + bend} {y1} {x1} {lane} {x1 + bend} {lane} "
            f"L{x2 - bend} {lane} C{x2} {lane} {x2 - bend} {y2} {x2} {y2}")


def _svg_edge(edge: Edge, lay: Layout) -> str:
    a, b = lay.nodes[edge.a], lay.nodes[edge.b]
    s = edge.link.strength
    return (
        f'<path d="{edge_route(a, b)}" fill="none" '
        f'stroke="{BAND_COLOUR[band(s, edge.link.evidence)]}" stroke-width="{link_width(s)}" '
        f'stroke-linecap="round">'
        f'<title>{_e(_evidence_text(edge.link))}</title></path>'
    )


def svg(lay: Layout, label: str) -> str:
    """Return the drawing: links under nodes, so a thick line never hides a name."""
    w, h = lay.width + 2 * PAD, lay.height + 2 * PAD + 30
    heads = []
    for col in range(lay.columns):
        word = "team" if col == 0 else ("target" if col == lay.columns - 1 else f"via {col}")
        heads.append(f'<text x="{col * COL_W}" y="-30" font-size="12" fill="#555555">'
                     f"{word}</text>")
    return (
        # No xmlns: inline SVG in HTML5 does not need it, and the page names no URL at all.
        f'<svg role="img" aria-label="{_e(label)}" '
        f'viewBox="{-PAD} {-PAD - 30} {w} {h}" width="{w}" height="{h}">'
        + "".join(heads)
        + "".join(_svg_edge(e, lay) for e in lay.edges)
        + "".join(_svg_node(n) for n in lay.nodes.values())
        + "</svg>"
    )


def _person(p: PersonRef) -> str:
    role = ", ".join(x for x in (p.title, p.organization) if x)
    return f"<b>{_e(p.name)}</b>" + (f' <span class="muted">{_e(role)}</span>' if role else "")


def _ask_notes(path: Path, person_id: str) -> str:
    """Return a person's reliability and open asks on this path as HTML (docs/asks.md)."""
    notes = []
    if person_id in path.reliability:
        notes.append(f"reliability {path.reliability[person_id]:.2f}")
    notes += [f"open ask {m.ask} as {m.role} ({m.state.value}, {m.owner}, since {m.since})"
              for m in path.open_asks if m.person == person_id]
    return "".join(f' <span class="muted">· {_e(n)}</span>' for n in notes)


def path_list_item(path: Path) -> str:
    """Return one path as plain HTML: readable in print and without SVG support."""
    weak = path.links[path.weakest_link].strength
    steps = []
    for i, person in enumerate(path.people):
        steps.append(f"<li>{_person(person)}{_ask_notes(path, person.id)}")
        if i < len(path.links):
            link = path.links[i]
            b = band(link.strength, link.evidence)
            evs = "".join(f"<li>{_e(ev.detail or ev.kind)}"
                          + (f' <span class="muted">({_e(ev.owner)})</span>' if ev.owner else "")
                          + "</li>" for ev in link.evidence)
            steps.append(f'<br>↓ <span class="{b}">{link.strength:.2f} {b}</span>'
                         + (f'<ul class="ev">{evs}</ul>' if evs else ""))
        steps.append("</li>")
    hops = f"{path.hops} hop{'s' if path.hops != 1 else ''}"
    return (f'<section class="path"><h3>#{path.rank} · score {path.score:.2f} · {hops} · '
            f'weakest hand-off <span class="{band(weak)}">{weak:.2f} {band(weak)}</span>'
            + (f" · ranked as {path.adjusted_score:.2f} after connector reliability"
               if path.adjusted_score is not None and path.reliability else "")
            + f'</h3><ol class="path">{"".join(steps)}</ol></section>')


def page(title: str, body: str) -> str:
    """Return a complete HTML5 document around ``body``."""
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta name=\"color-scheme\" content=\"light\">"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n<body>\n{body}\n"
            "</body></html>\n")


def target_name(result: IntroPathResult) -> str:
    """Return the resolved name of what was asked for, or the query as typed."""
    t = result.target
    return t.organization.name if t.organization else t.person.name if t.person else t.query


def paths_page(result: IntroPathResult) -> str:
    """Return the `intro-path --format html` page."""
    name = target_name(result)
    if not result.paths:
        body = (f"<h1>Warm paths to {_e(name)}</h1>"
                f'<p class="cold">{_e(name)} is cold: no warm path within the hop limit.</p>')
        return page(f"{name}: cold", body)
    n = len(result.paths)
    body = (f"<h1>Warm paths to {_e(name)}</h1>"
            f'<p class="muted">{n} path{"s" if n != 1 else ""}; hover a line for its evidence.'
            "</p>" + svg(layout(result.paths), f"paths to {name}")
            + "<h2>Paths</h2>" + "".join(path_list_item(p) for p in result.paths))
    return page(f"Warm paths to {name}", body)


def coverage_row(i: int, row: AccountCoverage) -> str:
    """Return one table row; a warm account's name links to its drawing at ``#account-i``."""
    name = row.organization.name if row.organization else row.account
    best = row.best
    cell = f'<a href="#account-{i}">{_e(name)}</a>' if best else _e(name)
    status = row.status + (f": {row.message}" if row.message else "")
    weak = best.links[best.weakest_link].strength if best else None
    cells = [
        cell, _e(status), f"{best.score:.2f}" if best else "",
        _e(" > ".join(p.name for p in best.people)) if best else "",
        f'<span class="{band(weak)}">{weak:.2f}</span>' if weak is not None else "",
        str(row.paths), str(row.connectors), _e(row.best_connector or ""), _e(row.rep or ""),
    ]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def coverage_page(report: CoverageReport) -> str:
    """Return the `accounts --format html` page: the table, then each warm account's best path."""
    rows = report.accounts
    warm = sum(r.status == "warm" for r in rows)
    head = ["account", "status", "score", "best path", "weakest", "paths", "connectors",
            "who should ask", "rep"]
    table = ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead>"
             "<tbody>" + "".join(coverage_row(i, r) for i, r in enumerate(rows, 1))
             + "</tbody></table>")
    details = []
    for i, row in enumerate(rows, 1):
        if row.best is None:
            continue
        name = row.organization.name if row.organization else row.account
        details.append(f'<h2 id="account-{i}">{_e(name)}</h2>'
                       + svg(layout([row.best]), f"best path to {name}")
                       + path_list_item(row.best))
    body = (f"<h1>Account coverage</h1><p>{warm} of {len(rows)} accounts have a warm path.</p>"
            + table + "".join(details))
    return page("Account coverage", body)
