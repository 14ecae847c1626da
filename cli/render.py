"""Turning results into table, json, csv and md output. Data goes to stdout, nothing else."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from intrograph.cli import csvsafe
from intrograph.cli.common import OutputFormat, ReportFormat
from intrograph.cli.html import coverage_page, paths_page
from intrograph.graph.strength import band
from intrograph.models import (
    CoverageReport,
    IntroPathResult,
    Organization,
    Owner,
    Path,
    Person,
)

__all__ = [
    "render_coverage",
    "render_orgs",
    "render_owners",
    "render_paths",
    "render_people",
]


_BAND_STYLE = {"strong": "green", "medium": "yellow", "weak": "red"}


def _rows_out(console: Console, fmt: OutputFormat, header: list[str], rows: list[list[str]],
              title: str | None = None) -> None:
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csvsafe.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        console.out(buf.getvalue(), end="")
    elif fmt is OutputFormat.md:
        def cell(v: str) -> str:
            return v.replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
        console.out("\n".join(lines))
    else:
        table = Table(title=title, title_justify="left")
        for h in header:
            table.add_column(h, overflow="fold")
        for row in rows:
            table.add_row(*row, style=None)
        console.print(table)


def render_people(console: Console, people: Sequence[Person], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        console.out(json.dumps([p.model_dump(mode="json", by_alias=True) for p in people],
                               indent=2, ensure_ascii=False))
        return
    header = ["name", "organization", "title", "emails", "phones", "records", "id"]
    rows = [
        [p.name, p.organization or "", p.title or "", ", ".join(p.emails), ", ".join(p.phones),
         ", ".join(f"{r.owner}:{r.file}#{r.record}" for r in p.records), p.id]
        for p in people
    ]
    _rows_out(console, fmt, header, rows, title=f"{len(people)} people")


def render_owners(console: Console, owners: Sequence[Owner], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        console.out(json.dumps([o.model_dump(mode="json") for o in owners], indent=2,
                               ensure_ascii=False))
        return
    header = ["owner", "name", "emails", "records", "share"]
    rows = [[o.name, o.display_name, ", ".join(o.emails), str(o.records), o.share.value]
            for o in owners]
    _rows_out(console, fmt, header, rows, title=f"{len(owners)} owners")


def render_orgs(console: Console, orgs: Sequence[Organization], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        console.out(json.dumps([o.model_dump(mode="json") for o in orgs], indent=2,
                               ensure_ascii=False))
        return
    header = ["organization", "domains", "people", "id"]
    rows = [[o.name, ", ".join(o.domains), str(o.people), o.id] for o in orgs]
    _rows_out(console, fmt, header, rows, title=f"{len(orgs)} organizations")


def _target_name(result: IntroPathResult) -> str:
    t = result.target
    if t.organization:
        return t.organization.name
    if t.person:
        return t.person.name
    return t.query


def _path_block(path: Path) -> Group:
    """Return one path as lines: each person, and under each hand-off its strength and why."""
    weakest = path.links[path.weakest_link]
    lines = [
        Text.assemble(
            (f"#{path.rank}  ", "bold"),
            (f"score {path.score:.2f}", "bold"),
            f"  {path.hops} hop{'s' if path.hops != 1 else ''}",
            f"  weakest hand-off {weakest.strength:.2f} ({band(weakest.strength)})",
        )
    ]
    for i, person in enumerate(path.people):
        role = ", ".join(x for x in (person.title, person.organization) if x)
        marker = "from" if i == 0 else ("to" if i == len(path.people) - 1 else "via")
        lines.append(Text.assemble(f"   {marker:>6}  ", (person.name, "bold"),
                                   f"  {role}" if role else ""))
        if i < len(path.links):
            link = path.links[i]
            b = band(link.strength)
            lines.append(Text.assemble("          ↓ ", (f"{link.strength:.2f} {b}",
                                                         _BAND_STYLE[b])))
            for ev in link.evidence:
                lines.append(Text(f"              {ev.detail or ev.kind}", style="dim"))
    lines.append(Text(""))
    return Group(*lines)


def render_paths(console: Console, result: IntroPathResult,
                 fmt: OutputFormat | ReportFormat) -> None:
    if fmt == ReportFormat.html:
        console.out(paths_page(result), end="")
        return
    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.json:
        console.out(result.to_json())
        return
    name = _target_name(result)
    if fmt in (OutputFormat.csv, OutputFormat.md):
        header = ["rank", "score", "hops", "path", "strengths", "weakest"]
        rows = [
            [str(p.rank), f"{p.score:.4f}", str(p.hops),
             " > ".join(x.name for x in p.people),
             " > ".join(f"{link.strength:.2f}" for link in p.links),
             f"{p.links[p.weakest_link].strength:.2f}"]
            for p in result.paths
        ]
        _rows_out(console, fmt, header, rows)
        return
    if not result.paths:
        console.print(Text.assemble((name, "bold"),
                                    ": cold — no warm path within the hop limit"))
        return
    console.print(Text.assemble("Warm paths to ", (name, "bold"),
                                f" ({len(result.paths)} shown)"))
    for path in result.paths:
        console.print(_path_block(path))


def render_coverage(console: Console, report: CoverageReport,
                    fmt: OutputFormat | ReportFormat) -> None:
    if fmt == ReportFormat.html:
        console.out(coverage_page(report), end="")
        return
    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.json:
        console.out(report.to_json())
        return
    header = ["account", "status", "score", "best path", "weakest", "paths", "connectors",
              "ask", "rep"]
    rows = []
    for row in report.accounts:
        best = row.best
        rows.append([
            row.organization.name if row.organization else row.account,
            row.status if not row.message else f"{row.status}: {row.message}",
            f"{best.score:.2f}" if best else "",
            " > ".join(p.name for p in best.people) if best else "",
            f"{best.links[best.weakest_link].strength:.2f}" if best else "",
            str(row.paths), str(row.connectors), row.best_connector or "", row.rep or "",
        ])
    warm = sum(r.status == "warm" for r in report.accounts)
    _rows_out(console, fmt, header, rows,
              title=f"{warm} of {len(report.accounts)} accounts have a warm path")
