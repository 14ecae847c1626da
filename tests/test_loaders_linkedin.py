"""LinkedIn Connections.csv: the preamble, its dates, nameless rows, and the data-export ZIP."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intrograph.errors import InputError, NotAContactExport
from intrograph.loaders import detect_format, linkedin, load_file, load_text
from intrograph.loaders.linkedin import load, parse_connected_on
from intrograph.models import LoadResult

SAMPLES = Path(__file__).parent / "samples" / "linkedin"
CONNECTIONS = SAMPLES / "Connections.csv"
EXCEL = SAMPLES / "Connections_excel.csv"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def by_record(result):
    return {r.record: r for r in result.records}


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("12 Mar 2021", dt.date(2021, 3, 12)),
        ("1 mar 2021", dt.date(2021, 3, 1)),
        ("12 MARCH 2021", dt.date(2021, 3, 12)),
        ("05 Sept 2023", dt.date(2023, 9, 5)),
        ("12 Mar. 2021", dt.date(2021, 3, 12)),
        ("15-Jan-24", dt.date(2024, 1, 15)),
        ("15-Jan-69", dt.date(2069, 1, 15)),
        ("15-Jan-70", dt.date(1970, 1, 15)),
        ("03-Nov-99", dt.date(1999, 11, 3)),
        ("01-Dec-00", dt.date(2000, 12, 1)),
        ("Mar 12, 2021", dt.date(2021, 3, 12)),
        ("2021-03-12", dt.date(2021, 3, 12)),
        ("2021-03-12T08:00:00Z", dt.date(2021, 3, 12)),
        ("  12   Mar  2021 ", dt.date(2021, 3, 12)),
        ("31 Feb 2020", None),
        ("12 Mrz 2021", None),  # German abbreviation: not guessed at
        ("12/03/2021", None),  # day-first or month-first cannot be told apart
        ("sometime in 2020", None),
        ("", None),
    ],
)
def test_connected_on(text, date):
    assert parse_connected_on(text) == date


def test_month_names_do_not_depend_on_the_locale(monkeypatch):
    import locale

    for name in ("de_DE.UTF-8", "fr_FR.UTF-8"):
        try:
            locale.setlocale(locale.LC_TIME, name)
        except locale.Error:
            continue
        try:
            assert parse_connected_on("12 Mar 2021") == dt.date(2021, 3, 12)
        finally:
            locale.setlocale(locale.LC_TIME, "C")
    assert parse_connected_on("12 Mar 2021") == dt.date(2021, 3, 12)


# --- the CSV ----------------------------------------------------------------------------------


def test_the_preamble_is_skipped_and_rows_count_from_the_header():
    result = load_file(CONNECTIONS)
    assert (result.file, result.format) == ("Connections.csv", "linkedin")
    # row 5 under the header is blank: no record, no reject, but it keeps its number
    assert sorted(by_record(result)) == [1, 2, 3, 6, 7, 8]
    assert [(r.record, r.reason) for r in result.rejects] == [(4, "no name, email or phone")]
    assert result.rejects[0].raw == {"Company": "Acme Corporation", "Connected On": "20 Jul 2022"}


def test_the_profile_url_is_the_key():
    records = by_record(load_file(CONNECTIONS))
    jose = records[2]
    assert jose.linkedin_url == "https://www.linkedin.com/in/jos%C3%A9-m%C3%BCller"
    assert jose.source_id == "linkedin.com/in/josé-müller"
    assert (jose.given_name, jose.family_name) == ("José", "Müller")
    nameless = records[3]
    assert nameless.full_name == "" and nameless.display_name() == nameless.linkedin_url
    assert nameless.source_id == "linkedin.com/in/acoaab12xyz"


def test_a_file_without_the_preamble_and_in_cp1252_loads():
    result = load_file(EXCEL)
    assert detect_format(EXCEL) == "linkedin"
    assert by_record(result)[4].full_name == "Émile Zola"
    assert [r.connected_on for r in result.records] == [
        dt.date(2024, 1, 15),
        dt.date(1999, 11, 3),
        dt.date(2005, 8, 7),
        dt.date(2021, 3, 12),
    ]


def test_semicolon_separated_with_columns_moved_and_an_unknown_one():
    text = "\n".join(
        [
            "Notes:",
            '"Some text; with semicolons, and commas"',
            "",
            "Connected On;URL;Last Name;First Name;Tags",
            "12 Mar 2021;https://www.linkedin.com/in/ann;Lee;Ann;vip",
        ]
    )
    (ann,) = load_text(text, "c.csv").records
    assert (ann.full_name, ann.connected_on) == ("Ann Lee", dt.date(2021, 3, 12))
    assert ann.extra == {"Tags": "vip"}


def test_a_url_that_is_no_profile_does_not_identify_a_row():
    text = "\n".join(
        [
            HEADER,
            ",,https://www.linkedin.com/company/acme,,Acme,,12 Mar 2021",
            "Bo,,https://www.linkedin.com/company/acme,,Acme,,12 Mar 2021",
        ]
    )
    result = load(text, "c.csv")
    assert [(r.record, r.reason) for r in result.rejects] == [(1, "no name, email or phone")]
    (bo,) = result.records
    assert (bo.linkedin_url, bo.urls, bo.source_id) == ("", [bo.urls[0]], "")


def test_shifted_and_unclosed_rows_are_rejected_and_the_rest_load():
    text = "\n".join(
        [
            HEADER,
            "Ann,Lee,https://www.linkedin.com/in/ann,,Acme, Inc,CEO,12 Mar 2021",
            'Bob,Ray,https://www.linkedin.com/in/bob,,"Globex,Eng,12 Mar 2021',
            "Cy,Doe,https://www.linkedin.com/in/cy,,Initech,CTO,12 Mar 2021",
        ]
    )
    result = load(text, "c.csv")
    reasons = {r.record: r.reason for r in result.rejects}
    assert reasons[1] == "row has 8 cells but the header has 7"
    assert reasons[2].startswith("a quote opened in this row is never closed")
    assert result.records == []  # row 3 was swallowed by row 2's quote: said so, not guessed


def test_a_header_without_connected_on_is_not_linkedin():
    text = "First Name,Last Name,URL,Email Address\nAnn,Lee,https://x.example,ann@x.example\n"
    assert not linkedin.sniff(text)
    with pytest.raises(NotAContactExport, match="^c.csv: not a LinkedIn connections export"):
        load(text, "c.csv")


# --- the ZIP ----------------------------------------------------------------------------------


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.fixture
def export_zip(tmp_path):
    return make_zip(
        tmp_path / "Basic_LinkedInDataExport_11-24-2026.zip",
        {
            "messages.csv": b"CONVERSATION ID,FROM,TO,CONTENT\n1,Ann,Bob,hi\n",
            "Profile.csv": b"First Name,Last Name,Headline\nMe,Myself,Boss\n",
            "Invitations.csv": b"From,To,Sent At\nAnn,Me,12 Mar 2021\n",
            "Basic_LinkedInDataExport/Connections.CSV": CONNECTIONS.read_bytes(),
        },
    )


def test_the_export_zip_loads_its_connections(export_zip):
    result = load_file(export_zip)
    plain = load_file(CONNECTIONS)
    assert (result.file, result.format) == ("Basic_LinkedInDataExport_11-24-2026.zip", "linkedin")
    assert all(r.file == result.file for r in result.records + result.rejects)
    strip = {"file"}
    assert [r.model_dump(exclude=strip) for r in result.records] == [
        r.model_dump(exclude=strip) for r in plain.records
    ]
    assert detect_format(export_zip) == "linkedin"


def test_zips_are_recognised_by_content_not_name(export_zip, tmp_path):
    renamed = tmp_path / "connections.csv"
    renamed.write_bytes(export_zip.read_bytes())
    assert load_file(renamed).format == "linkedin"


def test_the_shallowest_connections_csv_wins(tmp_path):
    other = b"First Name,Last Name,URL,Company,Connected On\nOld,Copy,,,12 Mar 2020\n"
    path = make_zip(
        tmp_path / "e.zip",
        {
            "backup/old/Connections.csv": other,
            "__MACOSX/._Connections.csv": b"\x00\x05\x16\x07" + bytes(60),
            "Connections.csv": EXCEL.read_bytes(),
        },
    )
    assert by_record(load_file(path))[1].full_name == "Priya Raman"


def test_a_zip_without_connections_is_refused(tmp_path):
    path = make_zip(tmp_path / "export.zip", {"messages.csv": b"a,b\n1,2\n"})
    with pytest.raises(NotAContactExport) as caught:
        load_file(path)
    assert str(caught.value) == (
        "export.zip: not a contact export: no Connections.csv inside; "
        "expected a LinkedIn data export"
    )
    assert caught.value.file == "export.zip"


def test_a_truncated_zip_is_refused_as_damaged(export_zip, tmp_path):
    data = export_zip.read_bytes()
    for cut in (len(data) // 2, len(data) - 10, 30):
        path = tmp_path / "export.zip"
        path.write_bytes(data[:cut])
        for call in (load_file, detect_format):
            with pytest.raises(NotAContactExport) as caught:
                call(path)
            assert str(caught.value).startswith(
                "export.zip: not a contact export: the ZIP archive is damaged ("
            )


def test_a_corrupt_member_is_refused_as_damaged(tmp_path):
    path = make_zip(tmp_path / "export.zip", {"Connections.csv": CONNECTIONS.read_bytes()})
    data = bytearray(path.read_bytes())
    data[60:80] = bytes(20)  # inside the deflated Connections.csv
    path.write_bytes(bytes(data))
    with pytest.raises(NotAContactExport, match=r"the ZIP archive is damaged \("):
        load_file(path)


def test_a_spreadsheet_is_refused_with_what_to_do(tmp_path):
    path = make_zip(
        tmp_path / "contacts.xlsx",
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<worksheet/>",
        },
    )
    with pytest.raises(NotAContactExport) as caught:
        load_file(path)
    assert str(caught.value) == (
        "contacts.xlsx: not a contact export: this ZIP archive is an Excel workbook (.xlsx); "
        "save it as CSV and import the CSV"
    )


def test_a_member_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(linkedin, "MAX_MEMBER_BYTES", 100)
    path = make_zip(tmp_path / "bomb.zip", {"Connections.csv": b"x" * 10_000})
    with pytest.raises(NotAContactExport) as caught:
        load_file(path)
    assert str(caught.value) == (
        "bomb.zip: not a contact export: Connections.csv in the ZIP archive unpacks to more "
        "than 0 MB"
    )


def test_a_member_that_lies_about_its_size_is_not_read_past_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(linkedin, "MAX_MEMBER_BYTES", 100)
    path = make_zip(tmp_path / "bomb.zip", {"Connections.csv": b"x" * 10_000})
    real = zipfile.ZipFile.infolist

    def understated(self):
        infos = real(self)
        for info in infos:
            info.file_size = 50
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", understated)
    with pytest.raises(NotAContactExport, match="^bomb.zip: not a contact export"):
        load_file(path)


# --- no input makes it raise anything but InputError ------------------------------------------


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, delete, insert in edits:
        at = position % (len(out) + 1)
        out[at : at + delete] = insert
    return bytes(out)


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("messages.csv", b"a,b\n1,2\n")
        archive.writestr("Connections.csv", CONNECTIONS.read_bytes())
    return buf.getvalue()


_SEEDS = [CONNECTIONS.read_bytes(), EXCEL.read_bytes(), _zip_bytes()]
_edits = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 40), st.binary(max_size=12)), max_size=6
)
_inputs = st.one_of(
    st.binary(max_size=600),
    st.builds(_mutate, st.sampled_from(_SEEDS), _edits),
    st.builds(lambda d, n: d[:n], st.sampled_from(_SEEDS), st.integers(0, 4000)),
)


def _survives(call) -> None:
    try:
        result = call()
    except InputError:
        return
    assert isinstance(result, LoadResult)
    numbers = [r.record for r in result.records + result.rejects]
    assert len(numbers) == len(set(numbers)) and all(n >= 1 for n in numbers)


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(_inputs)
def test_random_and_mutated_input_gives_a_result_or_an_input_error(data):
    text = data.decode("utf-8", errors="replace")
    _survives(lambda: load_text(text, "c.csv", "linkedin"))
    _survives(lambda: load_text(text, "c.csv"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.zip"
        path.write_bytes(data)
        _survives(lambda: load_file(path))
        _survives(lambda: load_file(path, "linkedin"))
