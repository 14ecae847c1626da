"""`--format html`: one self-contained page for `intro-path` and `accounts`."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path as FsPath

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.cli.html import (
    BAND_COLOUR,
    BOX_H,
    BOX_W,
    COL_W,
    coverage_page,
    edge_route,
    layout,
    link_width,
    paths_page,
    svg,
)
from intrograph.fixtures import generate
from intrograph.models import (
    AccountCoverage,
    CoverageReport,
    Evidence,
    IntroPathResult,
    Link,
    OrgRef,
    Path,
    PersonRef,
    Target,
)

runner = CliRunner()
EVIL = "<script>alert(1)</script>"


def person(pid: str, name: str = "", title: str | None = None, org: str | None = None):
    return PersonRef(id=pid, name=name or pid.title(), title=title, organization=org)


def path(rank: int, ids: list[str], strengths: list[float], **names: str) -> Path:
    people = [person(i, names.get(i, "")) for i in ids]
    links = [Link(from_=a, to=b, strength=s,
                  evidence=[Evidence(kind="address_book", owner=ids[0], detail=f"{a}→{b}")])
             for a, b, s in zip(ids, ids[1:], strengths, strict=False)]
    score = 1.0
    for s in strengths:
        score *= s
    weakest = min(range(len(strengths)), key=strengths.__getitem__)
    return Path(rank=rank, score=score, hops=len(links), people=people, links=links,
                weakest_link=weakest)


def result(*paths: Path) -> IntroPathResult:
    return IntroPathResult(target=Target(query="acme", organization=OrgRef(id="o1", name="Acme")),
                           paths=list(paths))


MIXED = result(
    path(1, ["dana", "bob", "ann"], [0.9, 0.8]),
    path(2, ["dana", "bob", "cy", "eve"], [0.9, 0.5, 0.6]),
    path(3, ["luis", "ann"], [0.3]),
)


class _Balance(HTMLParser):
    """Collects unclosed or mismatched tags: enough to catch markup a bad escape would break."""

    VOID = {"meta", "br", "rect", "path", "img", "link", "input", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def well_formed(page: str) -> _Balance:
    parser = _Balance()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    return parser


def test_layout_puts_sources_at_zero_and_targets_in_the_last_column():
    lay = layout(MIXED.paths)
    last = max(len(p.people) for p in MIXED.paths) - 1
    for p in MIXED.paths:
        assert lay.nodes[(p.people[0].id, 0)].x == 0
        assert lay.nodes[(p.people[-1].id, last)].x == last * COL_W
    assert lay.columns == last + 1 and lay.width == last * COL_W + BOX_W


def test_shared_people_are_drawn_once_per_column_and_shared_links_once():
    lay = layout(MIXED.paths)
    assert sorted(lay.nodes) == sorted([("dana", 0), ("luis", 0), ("bob", 1), ("cy", 2),
                                        ("ann", 3), ("eve", 3)])
    assert len(lay.edges) == 5  # dana→bob is in two paths
    positions = [(n.x, n.y) for n in lay.nodes.values()]
    assert len(set(positions)) == len(positions)


def test_an_empty_layout_is_one_empty_column():
    lay = layout([])
    assert lay.nodes == {} and lay.edges == [] and lay.columns == 1


def test_a_link_that_skips_columns_runs_in_the_lane_between_rows():
    lay = layout(MIXED.paths)
    dana, bob, ann = lay.nodes[("dana", 0)], lay.nodes[("bob", 1)], lay.nodes[("ann", 3)]
    assert "L" not in edge_route(dana, bob)
    lane = int(re.search(r"L-?\d+ (-?\d+)", edge_route(bob, ann)).group(1))
    assert all(not n.y <= lane <= n.y + BOX_H for n in lay.nodes.values())


@pytest.mark.parametrize(("weak", "strong"), [(0.01, 0.02), (0.1, 0.5), (0.39, 0.4), (0.9, 1.0)])
def test_link_widths_grow_with_strength(weak, strong):
    assert 0 < link_width(weak) < link_width(strong)


def test_links_are_coloured_by_band_and_carry_their_evidence_as_hover_text():
    drawing = svg(layout(MIXED.paths), "paths")
    assert drawing.count("<path ") == 5
    assert BAND_COLOUR["strong"] in drawing and BAND_COLOUR["weak"] in drawing
    assert "<title>0.30 weak\n• luis→ann</title>" in drawing


def test_every_piece_of_text_is_escaped_including_attributes():
    bad = IntroPathResult(
        target=Target(query=EVIL, organization=OrgRef(id="o", name=f'"{EVIL}')),
        paths=[path(1, ["a", "b"], [0.5], a=EVIL, b='x" onmouseover="alert(2)')],
    )
    link = bad.paths[0].links[0]
    link.evidence[0] = link.evidence[0].model_copy(update={"detail": EVIL})
    bad.paths[0].people[1].title = "<b>boss</b>"
    page = paths_page(bad)
    assert "<script" not in page and "<b>boss" not in page
    assert html.escape(EVIL) in page and "onmouseover=\"" not in page
    parser = well_formed(page)
    assert "script" not in parser.tags


def test_the_page_is_html5_self_contained_and_deterministic():
    page = paths_page(MIXED)
    assert page.startswith("<!doctype html>\n")
    assert '<meta charset="utf-8">' in page and "<title>Warm paths to Acme</title>" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert paths_page(MIXED.model_copy(deep=True)) == page
    well_formed(page)
    # The plain list says what the drawing says, for print and for readers without SVG.
    assert "#2 · score 0.27 · 3 hops · weakest hand-off" in page
    assert "dana→bob" in page.split("<h2>Paths</h2>")[1]


def test_no_path_is_a_clear_cold_page():
    page = paths_page(result())
    assert "Acme is cold: no warm path within the hop limit." in page
    assert "<svg" not in page
    well_formed(page)


def test_the_coverage_table_links_each_warm_account_to_its_drawing():
    report = CoverageReport(accounts=[
        AccountCoverage(account="acme", rep="dana", status="warm",
                        organization=OrgRef(id="o1", name="Acme"), best=MIXED.paths[0],
                        paths=3, connectors=1, best_connector="dana"),
        AccountCoverage(account="Initech", status="cold",
                        organization=OrgRef(id="o2", name="Initech")),
        AccountCoverage(account=EVIL, status="not found", message=f"no match for {EVIL}"),
    ])
    page = coverage_page(report)
    assert '<a href="#account-1">Acme</a>' in page and 'id="account-1"' in page
    assert "#account-2" not in page and page.count("<svg") == 1
    assert "1 of 3 accounts have a warm path" in page and "who should ask" in page
    assert "<script" not in page
    well_formed(page)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[FsPath, dict]:
    team = tmp_path_factory.mktemp("team")
    generate(team, owners=6, people=220, seed=11)
    db = tmp_path_factory.mktemp("store") / "team.db"
    done = runner.invoke(app, ["import-dir", str(team), "--manifest",
                               str(team / "manifest.csv"), "--db", str(db)])
    assert done.exit_code == 0, done.output
    return db, json.loads((team / "truth.json").read_text())["planted_paths"][0]


@pytest.fixture(scope="module")
def pages(store, tmp_path_factory) -> dict[str, str]:
    db, planted = store
    args = ["intro-path", planted["account"], "--from", planted["owners"][0], "--db", str(db)]
    got = runner.invoke(app, [*args, "--format", "html"])
    assert got.exit_code == 0, got.stderr
    as_json = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    listing = tmp_path_factory.mktemp("acc") / "accounts.txt"
    listing.write_text(f"{planted['account']}\nNowhere Inc\n")
    acc = runner.invoke(app, ["accounts", str(listing), "--from", planted["owners"][0],
                              "--db", str(db), "--format", "html"])
    assert acc.exit_code == 0, acc.stderr
    names = [p["name"] for p in as_json["paths"][0]["people"]]
    return {"paths": got.stdout, "accounts": acc.stdout, "names": json.dumps(names)}


def test_the_commands_write_the_page_with_the_paths_people(pages):
    names = json.loads(pages["names"])
    for key in ("paths", "accounts"):
        page = pages[key]
        assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
        assert "http://" not in page and "https://" not in page
        for name in names:
            assert html.escape(name) in page
        well_formed(page)
    assert "not found" in pages["accounts"]


def test_other_listings_do_not_take_html(store):
    db, _ = store
    bad = runner.invoke(app, ["owners", "--db", str(db), "--format", "html"])
    assert bad.exit_code == 2


CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if FsPath("/usr/bin/chromium").exists() else None)


@pytest.mark.skipif(CHROMIUM is None,
                    reason="chromium is not installed (apt-get install chromium)")
def test_chromium_renders_the_drawing(pages, tmp_path):
    page = tmp_path / "paths.html"
    page.write_text(pages["paths"], encoding="utf-8")
    png = tmp_path / "paths.png"

    def chromium(*args: str) -> subprocess.CompletedProcess:
        profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
        return subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--no-first-run",
             f"--user-data-dir={profile}", *args, page.as_uri()],
            capture_output=True, text=True, timeout=120)

    chromium(f"--screenshot={png}", "--window-size=1200,900")
    assert png.exists() and png.stat().st_size > 10_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dom = chromium("--dump-dom").stdout
    assert "<svg" in dom and "</svg>" in dom
    for name in json.loads(pages["names"]):
        assert html.escape(name) in dom
