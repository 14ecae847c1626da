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
    PersonRef,
    Tie,
)

__all__ = [
    "render_coverage",
    "render_optouts",
    "render_orgs",
    "render_owners",
    "render_paths",
    "render_people",
    "render_ties",
]


_BAND_STYLE = {"strong": "green", "medium": "yellow", "weak": "red", "good": "yellow",
               "dormant": "bright_black"}


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
        [p.name, p.organization or "", p.title or "",
         ", ".join(p.emails) or ("ask " + " or ".join(p.ask) if p.ask else ""),
         ", ".join(p.phones),
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
            f"  weakest hand-off {weakest.strength:.2f} "
            f"({band(weakest.strength, weakest.evidence)})",
            f"  ranked as {path.adjusted_score:.2f} after connector reliability"
            if path.adjusted_score is not None and path.reliability else "",
        )
    ]
    for i, person in enumerate(path.people):
        role = ", ".join(x for x in (person.title, person.organization) if x)
        marker = "from" if i == 0 else ("to" if i == len(path.people) - 1 else "via")
        lines.append(Text.assemble(f"   {marker:>6}  ", (person.name, "bold"),
                                   f"  {role}" if role else "", *_ask_notes(path, person.id)))
        if i < len(path.links):
            link = path.links[i]
            b = band(link.strength, link.evidence)
            lines.append(Text.assemble("          ↓ ", (f"{link.strength:.2f} {b}",
                                                         _BAND_STYLE[b])))
            for ev in link.evidence:
                lines.append(Text(f"              {ev.detail or ev.kind}", style="dim"))
    lines.append(Text(""))
    return Group(*lines)


def _ask_notes(path: Path, person_id: str) -> list[tuple[str, str] | str]:
    """Return what past and open asks say about one person on a path (docs/asks.md)."""
    notes: list[tuple[str, str] | str] = []
    if person_id in path.reliability:
        notes.append(f"  reliability {path.reliability[person_id]:.2f}")
    for mark in path.open_asks:
        if mark.person == person_id:
            notes.append((f"  open ask {mark.ask} as {mark.role} ({mark.state.value}, "
                          f"{mark.owner}, since {mark.since})", "magenta"))
    return notes


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
        header = ["rank", "score", "hops", "path", "strengths", "weakest", "ranked by",
                  "open asks"]
        rows = [
            [str(p.rank), f"{p.score:.4f}", str(p.hops),
             " > ".join(x.name for x in p.people),
             " > ".join(f"{link.strength:.2f}" for link in p.links),
             f"{p.links[p.weakest_link].strength:.2f}",
             # the score after connector reliability (docs/asks.md), which sets the rank
             f"{p.score if p.adjusted_score is None else p.adjusted_score:.4f}",
             "; ".join(f"ask {m.ask}: {m.role} ({m.state.value})" for m in p.open_asks)]
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


def render_optouts(console: Console, optouts: Sequence[tuple[str, str, str]],
                   fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        console.out(json.dumps([{"key": k, "label": label, "added_at": at}
                                for k, label, at in optouts], indent=2, ensure_ascii=False))
        return
    _rows_out(console, fmt, ["key", "as given", "added"],
              [[k, label, at] for k, label, at in optouts], title=f"{len(optouts)} opt-outs")
def render_ties(console: Console, person: Person, ties: Sequence[Tie],
                refs: dict[str, PersonRef], fmt: OutputFormat) -> None:
    """Print one person's ties, strongest first, each with its band and evidence in words."""
    if fmt is OutputFormat.table:
        console.print(Text.assemble(f"{len(ties)} ties of ", (person.name, "bold")))
        for t in ties:
            other = refs[t.b if t.a == person.id else t.a]
            b = band(t.strength, t.evidence)
            role = ", ".join(x for x in (other.title, other.organization) if x)
            console.print(Text.assemble("  ", (f"{t.strength:.2f} {b:<7}", _BAND_STYLE[b]),
                                        " ", (other.name, "bold"), f"  {role}" if role else ""))
            for ev in t.evidence:
                console.print(Text(f"      {ev.detail or ev.kind}", style="dim"))
        return
    header = ["person", "strength", "band", "evidence", "id"]
    rows = []
    for t in ties:
        other = refs[t.b if t.a == person.id else t.a]
        rows.append([other.name, f"{t.strength:.2f}", band(t.strength, t.evidence),
                     "; ".join(ev.detail or ev.kind for ev in t.evidence), other.id])
    _rows_out(console, fmt, header, rows, title=f"ties of {person.name}")
