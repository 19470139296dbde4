"""Panel and tile titles end in "…" at a word where they do not fit, carry the whole text in
their tooltip, and never widen their panel or window ("Ngã tư Nguyễn Tất", "Hồ sơ giải
quyết đ" were cut mid-word by a fixed cell). Offscreen Qt with the wall's theme."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from ioc_desktop.backend.models import Camera, StreamProfile
from ioc_desktop.paths import resources_dir
from ioc_desktop.store import Store
from ioc_desktop.video.engine import VideoEngine
from widgets.camera_tile import CameraTile
from widgets.panel_frame import PanelFrame
from widgets.theme import apply_theme

LONG_NAME = "Ngã tư Nguyễn Tất Thành – Hùng Vương – Phường Việt Trì"
LONG_KPI = "Hồ sơ giải quyết đúng hạn của dịch vụ công trực tuyến toàn trình"


@pytest.fixture(autouse=True)
def wall_theme(qapp: QApplication) -> Iterator[None]:
    before_font, before_sheet = qapp.font(), qapp.styleSheet()
    apply_theme(qapp, resources_dir() / "theme.qss")
    yield
    qapp.setFont(before_font)
    qapp.setStyleSheet(before_sheet)


def shown(label: QWidget) -> str:
    """The text the label paints (an elided label's own answer)."""
    return str(label.shown_text())  # type: ignore[attr-defined]


def cut_at_a_word(full: str, painted: str) -> bool:
    head = painted.removesuffix("…").rstrip()
    return painted.endswith("…") and full.startswith(head) and full[len(head)] in " –"


def test_a_long_title_and_subtitle_end_at_a_word_with_the_whole_text_in_the_tooltip(
    qapp: QApplication,
) -> None:
    frame = PanelFrame(LONG_KPI)
    frame.subtitle.setText("Mục tiêu 95 % · kỳ tháng 11/2026 · toàn tỉnh Phú Thọ")
    frame.title.setToolTip("On-time dossiers")  # a panel's own tooltip is kept
    frame.resize(360, 200)
    frame.show()
    qapp.processEvents()
    assert frame.title.text() == LONG_KPI  # the text is whole; only the painting is cut
    assert cut_at_a_word(LONG_KPI, shown(frame.title)), shown(frame.title)
    assert LONG_KPI in frame.title.toolTip() and "On-time dossiers" in frame.title.toolTip()
    assert shown(frame.subtitle).endswith("…")
    assert frame.subtitle.text() in frame.subtitle.toolTip()
    frame.resize(1600, 200)  # room again: whole, and no tooltip repeating it
    qapp.processEvents()
    assert shown(frame.title) == LONG_KPI and frame.title.toolTip() == "On-time dossiers"
    frame.close()


def test_no_title_widens_its_panel_or_its_window(qapp: QApplication) -> None:
    frame = PanelFrame(LONG_KPI * 3)
    frame.subtitle.setText(LONG_NAME * 3)
    window = QWidget()
    row = QHBoxLayout(window)
    row.addWidget(frame)
    window.resize(400, 300)
    window.show()
    qapp.processEvents()
    inside = frame.layout()
    assert inside is not None
    assert inside.minimumSize().width() < 200  # the labels ask for a few letters
    assert window.minimumSizeHint().width() < 200
    assert window.width() == 400 and frame.width() <= 400
    window.close()


def test_a_camera_tiles_name_is_cut_at_a_word_and_named_in_full_in_its_tooltip(
    qapp: QApplication,
) -> None:
    store = Store()
    cam = Camera(
        "cam01",
        LONG_NAME,
        (21.3, 105.4),
        "25",
        "online",
        False,
        (),
        (StreamProfile("sub", "rtsp", "rtsp://127.0.0.1:9/x", "h264", 640, 360, 25),),
        None,
    )
    store.set_cameras([cam])
    engine = VideoEngine()
    try:
        tile = CameraTile("wall-1/1", "cam01", store, engine)
        tile.resize(420, 400)  # tall: the title row names the camera
        tile.show()
        qapp.processEvents()
        assert not tile.compact
        assert cut_at_a_word(LONG_NAME, shown(tile.title)), shown(tile.title)
        assert LONG_NAME in tile.title.toolTip() and "cam01" in tile.title.toolTip()
        tile.resize(300, 160)  # a 6×6 wall's tile: name and status over the picture
        qapp.processEvents()
        assert tile.compact and not tile.title.isVisible()
        assert tile.video.caption is not None and tile.video.caption.isVisible()
        assert tile.video.caption.caption[0] == LONG_NAME  # elided when painted
        assert LONG_NAME in tile.tooltip_text()
        tile.release()
        tile.close()
    finally:
        engine.shutdown()
