"""The look: icons from the icon font, one palette for widgets and map, large type on the wall
and a compact density on workstations, progress of long work shown on the wall."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ioc_desktop.map.page import build_map_html
from ioc_desktop.palette import CAMERA_STATUS_COLORS, SEVERITY_COLORS, STATUS_COLORS
from ioc_desktop.paths import resources_dir
from ioc_desktop.progress import ProgressRelay
from widgets.icons import ICONS, icon
from widgets.theme import apply_theme, scale_font_sizes


def test_every_action_icon_comes_from_the_icon_font(qapp: QApplication) -> None:
    for name in ICONS:
        assert not icon(name).isNull(), name
        assert not icon(name).pixmap(24, 24).toImage().isNull()


def test_the_map_gets_the_same_colours_as_the_widgets() -> None:
    html = build_map_html((21.0, 105.0), 9)
    options = json.loads(re.search(r"iocMapApi\.attach\([^,]+, (\{.*?\})\);", html).group(1))  # type: ignore[union-attr]
    assert options["colors"]["severity"] == SEVERITY_COLORS
    assert options["colors"]["camera"]["online"] == STATUS_COLORS["live"]
    assert options["colors"]["camera"] == CAMERA_STATUS_COLORS


def test_workstations_are_compact_and_the_wall_keeps_its_large_type(qapp: QApplication) -> None:
    qss = resources_dir() / "theme.qss"
    before_font, before_sheet = qapp.font(), qapp.styleSheet()
    try:
        apply_theme(qapp, qss, density="wall")
        wall_pt = qapp.font().pointSize()
        assert "QLabel#PanelTitle { font-size: 17pt" in qapp.styleSheet()
        apply_theme(qapp, qss, density="compact")
        assert qapp.font().pointSize() < wall_pt
        assert "QLabel#PanelTitle { font-size: 14pt" in qapp.styleSheet()
    finally:
        qapp.setFont(before_font)
        qapp.setStyleSheet(before_sheet)
    assert scale_font_sizes("a { font-size: 9pt; }", 0.5) == "a { font-size: 8pt; }"


def test_progress_from_a_worker_thread_reaches_the_window(
    qapp: QApplication, tmp_path: Path
) -> None:
    from ioc_desktop.layout.model import ScreenSpec
    from tests.walls import build_wall, close_wall, one_screen

    # nothing is fetched: the wall is built and shown, its services never started
    services, shell = build_wall(
        one_screen(ScreenSpec("s", 1, 1, [])),
        "http://127.0.0.1:9",
        "t",
        tmp_path / "layouts",
        window_size=(1280, 720),
    )
    window = shell.first_window()
    assert window is not None
    seen: list[tuple[int, int, bool]] = []
    relay = ProgressRelay()

    def show(done: int, total: int) -> None:
        seen.append((done, total, threading.current_thread() is threading.main_thread()))
        window.show_work("Đang tạo video mẫu lần đầu: %v/%m", done, total)
        if done == 8:
            assert (
                window.work.isVisible() and window.work.text() == "Đang tạo video mẫu lần đầu: 8/16"
            )

    relay.sig_progress.connect(show)
    worker = threading.Thread(target=lambda: [relay.report(n, 16) for n in range(1, 17)])
    worker.start()
    worker.join()
    deadline = time.monotonic() + 5
    while len(seen) < 16 and time.monotonic() < deadline:
        qapp.processEvents()
    assert [s[0] for s in seen] == list(range(1, 17))
    assert all(on_ui for *_, on_ui in seen)  # queued to the UI thread, never run on the worker
    assert not window.work.isVisible()  # done: the bar goes away
    close_wall(services, shell)


def test_the_chart_pacer_draws_a_lone_update_now_and_a_burst_in_turn(qapp: QApplication) -> None:
    from widgets.chart_pacer import ChartPacer

    pacer = ChartPacer(tick_ms=10)
    drawn: list[str] = []
    times: list[float] = []  # taken inside each draw: what the UI thread lived through

    def draw(name: str, paint_s: float = 0.0) -> Callable[[], None]:
        def paint() -> None:
            time.sleep(paint_s)
            drawn.append(name)
            times.append(time.monotonic())

        return paint

    pacer.request("a", draw("a1"))
    assert drawn == ["a1"]  # nothing else drawing: at once
    for name in ("b", "c", "d"):
        pacer.request(name, draw(name, paint_s=0.03 if name == "c" else 0.0))  # c: a long paint
    pacer.request("b", draw("b2"))  # newer data, same place in the queue

    def gone() -> None:
        raise RuntimeError("Internal C++ object already deleted")

    pacer.request("e", gone)
    assert drawn == ["a1"] and pacer.pending() == 4
    deadline = time.monotonic() + 5
    while pacer.pending() and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.001)
    assert drawn == ["a1", "b2", "c", "d"]  # one per tick, in order; the gone panel skipped
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(g >= 0.0095 for g in gaps), gaps  # a full tick after each paint, even a long one
    assert pacer.drawn == 4


def test_every_vietnamese_letter_the_wall_shows_is_in_its_font(qapp: QApplication) -> None:
    """No missing-glyph boxes: every character of the UI's text (the .ts sources) and of the
    province's names (the demo backend's wards, incidents, reports) is in the wall's font."""
    import xml.etree.ElementTree as ET

    from PySide6.QtGui import QFont, QFontInfo, QFontMetrics

    from ioc_desktop.demo.simulation import Simulation

    ts = resources_dir() / "i18n" / "ioc_desktop_en.ts"
    texts = [m.text or "" for m in ET.parse(ts).getroot().iter("source")]
    sim = Simulation()
    texts += [a.name for a in sim.areas] + [i["title"] for i in sim.incidents]
    texts += [r["description"] for r in sim.reports] + [c["name"] for c in sim.cameras]
    letters = {ch for t in texts for ch in t if ch.isalpha() and ord(ch) > 127}
    assert {"ệ", "ộ", "Đ", "ơ", "ư", "ả", "ỗ"} <= letters, letters  # really Vietnamese
    before = qapp.font()
    try:
        apply_theme(qapp, resources_dir() / "theme.qss")
        font = qapp.font()
        assert QFontInfo(font).family() == "DejaVu Sans"  # installed by scripts/setup.sh
        for family in ("DejaVu Sans", "DejaVu Sans Mono"):  # text; the clocks
            metrics = QFontMetrics(QFont(family))
            missing = sorted(ch for ch in letters if not metrics.inFontUcs4(ord(ch)))
            assert not missing, f"{family} lacks {missing}"
    finally:
        qapp.setFont(before)


def test_check_boxes_read_on_the_dark_theme(qapp: QApplication) -> None:
    """The SOP's check boxes were nearly invisible (a dark box on a dark list, an 8 px tick):
    an empty box has a light border, a ticked one a green fill, at either density, and the
    wall's is the larger."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget, QListWidgetItem

    before_font, before_sheet = qapp.font(), qapp.styleSheet()
    sides: dict[str, int] = {}
    try:
        for density in ("wall", "compact"):
            apply_theme(qapp, resources_dir() / "theme.qss", density=density)
            lst = QListWidget()
            for state in (Qt.CheckState.Unchecked, Qt.CheckState.Checked):
                item = QListWidgetItem("")  # no text: every light pixel is the box
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(state)
                lst.addItem(item)
            lst.resize(300, 200)
            lst.show()
            qapp.processEvents()
            image = lst.viewport().grab().toImage()
            for row in (0, 1):
                r = lst.visualItemRect(lst.item(row))
                light, green = [], 0
                for y in range(r.top(), r.bottom() + 1):
                    for x in range(r.left(), r.right() + 1):
                        c = image.pixelColor(x, y)
                        if (0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()) > 115:
                            light.append((x, y))
                        green += c.green() > 150 and c.red() < 120 and c.blue() < 150
                assert light, f"{density}: box {row} invisible"
                side = max(x for x, _ in light) - min(x for x, _ in light) + 1
                assert side >= 16, f"{density}: box {row} is {side} px"
                if row == 0:
                    sides[density] = side
                    assert green == 0
                else:
                    assert green >= side * side // 2, f"{density}: ticked box not filled"
            lst.close()
    finally:
        qapp.setFont(before_font)
        qapp.setStyleSheet(before_sheet)
    assert sides["wall"] > sides["compact"]


def test_style_sheet_images_are_found_wherever_the_app_runs() -> None:
    from pathlib import Path

    from widgets.theme import resolve_urls

    qss = "a { image: url(check.svg); } b { image: url(:/x.png); } c { image: url('/abs.png'); }"
    out = resolve_urls(qss, Path("/opt/ioc/resources"))
    assert "url(/opt/ioc/resources/check.svg)" in out
    assert "url(:/x.png)" in out and "url('/abs.png')" in out
    assert (resources_dir() / "check.svg").is_file()
