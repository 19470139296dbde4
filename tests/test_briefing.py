"""The leaders' daily briefing: gathered from the (demo) backend, printed as an A4 PDF whose
text reads back with every Vietnamese letter, and rendered to a picture that is not blank."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from ioc_desktop import briefing_pdf
from ioc_desktop.backend.client import BackendClient, BackendUnreachable
from ioc_desktop.backend.models import (
    BreakdownItem,
    CitizenReport,
    Incident,
    Kpi,
    KpiSeries,
    SeriesPoint,
    Threshold,
)
from ioc_desktop.briefing import CLOSED, Briefing, gather, load_state, number, save_state
from ioc_desktop.briefing_cli import briefing_main
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation

pytestmark = pytest.mark.unit


def pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[Simulation, BackendClient]]:
    # a province that holds still while it is read: no new incidents or reports, none moved on
    # a province that holds still while it is read: no new incidents (nor AI-camera ones) or
    # reports, no incident moved on (a report may still move one step: the scale's pace)
    sim = Simulation(
        SimConfig(incident_rate=0.0, report_rate=0.0, auto_progress=False, ai_incidents=False)
    )
    srv = DemoHttpServer(sim).start()
    client = BackendClient(srv.base_url, DEMO_TOKEN)
    yield sim, client
    client.close()
    srv.stop()


@pytest.fixture(scope="module")
def briefing(demo: tuple[Simulation, BackendClient]) -> Briefing:
    return gather(demo[1], datetime.now(UTC))


def test_the_briefing_holds_every_system_the_wards_incidents_and_backlog(
    demo: tuple[Simulation, BackendClient], briefing: Briefing
) -> None:
    _sim, client = demo
    assert {h.system for h in briefing.headlines} == set(range(1, 10))
    assert all(h.target is not None for h in briefing.headlines)
    assert [h.system for h in briefing.headlines] == sorted(h.system for h in briefing.headlines)
    assert all(h.status in ("good", "warning", "critical") for h in briefing.headlines)
    assert all(h.change is not None and h.since is not None for h in briefing.headlines)
    worst = briefing.worst_wards
    assert len(worst) == 5
    assert [w.score for w in worst] == sorted((w.score for w in worst), reverse=True)
    assert all(w.problems and w.name.startswith(("Phường", "Xã")) for w in worst)
    # counts (dossiers, cases) never rank a ward: a big ward's count is not worse
    assert not any("Hồ sơ quá hạn " in p for w in worst for p in w.problems)
    open_now = sum(1 for i in client.incidents() if i.status not in CLOSED)
    assert sum(n for _, n in briefing.incidents_by_severity) == open_now > 0
    assert briefing.reports_open == sum(n for _, n in briefing.reports_by_age) > 0
    assert abs(briefing.reports_open - len(client.reports())) <= 3
    assert briefing.failures == ()


def test_the_pdf_reads_back_with_every_vietnamese_letter(
    briefing: Briefing, tmp_path: Path
) -> None:
    out = tmp_path / "ban-tin.pdf"
    drawn = briefing_pdf.render(briefing, out)
    text = pdf_text(out)
    used = {ch for s in drawn for ch in s if ord(ch) > 127 and ch.isalpha()}
    assert len(used) >= 40  # a Vietnamese page uses many of the 134
    assert used <= set(text), used - set(text)
    assert "BẢN TIN ĐIỀU HÀNH HẰNG NGÀY" in text
    for h in briefing.headlines:
        assert h.name_vi.split()[0] in text
    for w in briefing.worst_wards:
        assert w.name in text


def test_the_pdf_renders_to_a_page_with_ink(briefing: Briefing, tmp_path: Path) -> None:
    out = tmp_path / "ban-tin.pdf"
    briefing_pdf.render(briefing, out)
    doc = pdfium.PdfDocument(str(out))
    try:
        assert 1 <= len(doc) <= 4
        width, height = doc[0].get_size()
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        picture = doc[0].render(scale=1).to_pil().convert("L")
    finally:
        doc.close()
    dark = sum(1 for p in picture.get_flattened_data() if p < 128) / (
        picture.width * picture.height
    )
    assert 0.02 < dark < 0.5, dark
    picture.save(tmp_path / "page1.png")


def test_every_vietnamese_letter_is_in_the_font_and_reads_back(tmp_path: Path) -> None:
    letters = briefing_pdf.VIETNAMESE_LETTERS
    assert len(set(letters)) == 134
    assert {"ă", "â", "đ", "ê", "ô", "ơ", "ư", "ặ", "ẫ", "ể", "ộ", "ờ", "ữ", "ỵ", "Đ", "Ự"} <= set(
        letters
    )
    fonts = briefing_pdf.vietnamese_font()
    pdf = FPDF()
    pdf.add_font("body", "", str(fonts.regular))
    pdf.add_page()
    pdf.set_font("body", size=12)
    pdf.multi_cell(0, 8, " ".join(letters))
    out = tmp_path / "letters.pdf"
    pdf.output(str(out))
    assert set(letters) <= set(pdf_text(out))


def test_no_font_is_refused_clearly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(briefing_pdf, "FONT_CANDIDATES", (("/nowhere/x.ttf", "x-Bold.ttf"),))
    monkeypatch.setattr(briefing_pdf, "_fc_match", lambda: None)
    monkeypatch.delenv(briefing_pdf.FONT_ENV, raising=False)
    with pytest.raises(briefing_pdf.FontMissing, match="fonts-dejavu-core"):
        briefing_pdf.vietnamese_font()
    not_a_font = tmp_path / "x.ttf"
    not_a_font.write_bytes(b"not a font")
    monkeypatch.setenv(briefing_pdf.FONT_ENV, str(not_a_font))
    with pytest.raises(briefing_pdf.FontMissing, match=str(not_a_font)):
        briefing_pdf.vietnamese_font()


NOW = datetime(2026, 12, 2, 1, 30, tzinfo=UTC)


class Source:
    """A backend of one KPI whose series goes back ``reach`` from NOW."""

    def __init__(self, reach: timedelta, fail_series: bool = False) -> None:
        self.reach = reach
        self.fail_series = fail_series
        self.kpi = Kpi(
            "dvc-ontime-rate", 2, "Hồ sơ giải quyết đúng hạn", "On time", "%", 93.0, 95.0,
            True, (Threshold(95, 101, "good", "#0f0"), Threshold(0, 95, "warning", "#ff0")),
            "daily", "25", None, NOW,
        )  # fmt: skip

    def kpis(self, system: int | None = None, area: str | None = None) -> list[Kpi]:
        return [self.kpi]

    def kpi_series(self, kpi_id: str, interval: str = "PT1M", area: str | None = None) -> KpiSeries:
        if self.fail_series:
            raise BackendUnreachable("no answer")
        hours = int(self.reach.total_seconds() // 3600)
        points = tuple(
            SeriesPoint(NOW - timedelta(hours=h), 90.0 + (hours - h) * 0.1)
            for h in range(hours, -1, -1)
        )
        return KpiSeries(kpi_id, points)

    def kpi_breakdown(self, kpi_id: str) -> list[BreakdownItem]:
        return [BreakdownItem("1", "Phường A", 80.0), BreakdownItem("2", "Xã B", 96.0)]

    def incidents(self) -> list[Incident]:
        return []

    def reports(self) -> list[CitizenReport]:
        return []


def test_change_is_since_yesterday_where_the_series_reaches_it() -> None:
    b = gather(Source(timedelta(hours=30)), NOW)
    (h,) = b.headlines
    assert h.since_kind == "day" and h.since == NOW - timedelta(hours=24)
    assert h.change == pytest.approx(93.0 - (90.0 + 6 * 0.1))
    assert [w.name for w in b.worst_wards] == ["Phường A"]
    assert b.incidents_by_severity[0] == ("critical", 0) and b.oldest_report is None


def test_change_falls_back_to_the_last_briefing_then_the_series_start(tmp_path: Path) -> None:
    state = tmp_path / "last.json"
    assert load_state(state) is None
    first = gather(Source(timedelta(hours=3)), NOW - timedelta(hours=20))
    save_state(state, first)
    b = gather(Source(timedelta(hours=3)), NOW, load_state(state))
    assert b.headlines[0].since_kind == "briefing"
    assert b.headlines[0].since == NOW - timedelta(hours=20)
    alone = gather(Source(timedelta(hours=3)), NOW)
    assert alone.headlines[0].since_kind == "series"
    assert alone.headlines[0].since == NOW - timedelta(hours=3)
    state.write_text("{not json", "utf-8")
    assert load_state(state) is None


def test_a_feed_that_fails_is_said_in_the_briefing(tmp_path: Path) -> None:
    b = gather(Source(timedelta(hours=3), fail_series=True), NOW)
    assert b.headlines[0].change is None
    assert b.failures and "Hồ sơ giải quyết đúng hạn" in b.failures[0]
    out = tmp_path / "b.pdf"
    briefing_pdf.render(b, out)
    assert "Dữ liệu chưa đọc được" in pdf_text(out)


def test_numbers_are_written_the_vietnamese_way() -> None:
    assert number(38600.4, "tỷ đồng") == "38.600 tỷ đồng"
    assert number(94.25, "%") == "94,2 %" or number(94.25, "%") == "94,3 %"
    assert number(1215.5, "triệu USD") == "1.216 triệu USD"
    assert number(2.857, "%") == "2,86 %"
    assert number(12, "hồ sơ") == "12 hồ sơ"


def test_the_command_writes_the_pdf_from_the_demo(tmp_path: Path) -> None:
    out = tmp_path / "bt.pdf"
    state = tmp_path / "state.json"
    assert briefing_main(["--demo", "--out", str(out), "--state", str(state)]) == 0
    assert out.stat().st_size > 10_000 and "BẢN TIN" in pdf_text(out)
    assert load_state(state) is not None
