"""The briefing from the control window's button, on a workstation built as the app builds it."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import Simulation


def pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def test_the_control_windows_button_writes_the_briefing(tmp_path: Path, qtbot: object) -> None:
    """ "Bản tin điều hành…" in the control window: the file asked for, the backend read and
    the PDF written off the UI thread, the operator told where it is."""
    import asyncio

    from ioc_desktop.layout.model import Layout, ScreenSpec
    from tests.walls import build_wall, close_wall

    blank = Layout("probe", "probe", [ScreenSpec("wall-1", 1, 1, [])])
    srv = DemoHttpServer(Simulation()).start()
    services, shell = build_wall(
        blank, srv.base_url, DEMO_TOKEN, tmp_path / "user", role="workstation",
        window_size=(800, 600),
    )  # fmt: skip
    said: list[str] = []
    try:
        shell.control.statusBar().messageChanged.connect(said.append)
        assert shell.control.briefing_btn.isEnabled()
        out = tmp_path / "ban-tin.pdf"
        asyncio.run(shell._make_briefing(out))
        assert shell.briefing_path == out and "BẢN TIN" in pdf_text(out)
        assert any("Đã lưu bản tin điều hành" in m and str(out) in m for m in said), said
    finally:
        close_wall(services, shell)
        srv.stop()
