"""A screenshot of the control window at issue #19's province scale (1,200 cameras in 148
wards, tests/scale_data.py) with a search typed into its catalogue, drawn offscreen with the
app's theme: what an operator sees, to look at (dark theme, large type, nothing cut off).

    .venv/bin/python scripts/screenshot_catalogue.py [out.png] [query]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("IOC_CONFIG_DIR", tempfile.mkdtemp(prefix="ioc-shot-config-"))
os.environ.setdefault("IOC_DATA_DIR", tempfile.mkdtemp(prefix="ioc-shot-data-"))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ioc_desktop.layout.library import LayoutLibrary  # noqa: E402
from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec  # noqa: E402
from ioc_desktop.layout.monitors import MonitorMemory  # noqa: E402
from ioc_desktop.layout_session import LayoutSession  # noqa: E402
from ioc_desktop.paths import layouts_dir, resources_dir  # noqa: E402
from ioc_desktop.video.engine import VideoEngine, VideoSettings  # noqa: E402
from tests.scale_data import filled_store  # noqa: E402
from widgets.control_window import ControlWindow  # noqa: E402
from widgets.panel_frame import PanelFrame  # noqa: E402
from widgets.theme import apply_theme  # noqa: E402
from widgets.wall_manager import WallManager  # noqa: E402


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "catalogue-search.png"
    query = sys.argv[2] if len(sys.argv) > 2 else "viet tri"
    app = QApplication([])
    apply_theme(app, resources_dir() / "theme.qss")
    store = filled_store("province")
    tmp = Path(tempfile.mkdtemp(prefix="ioc-shot-"))
    layout = Layout("one", "Một màn hình", [ScreenSpec("wall-1", 1, 1, [PanelSpec("map", 0, 0)])])
    session = LayoutSession(LayoutLibrary(layouts_dir(), tmp / "layouts"), layout)

    def make(spec: PanelSpec, _key: str) -> QWidget:
        return PanelFrame(spec.kind)

    manager = WallManager(
        session,
        store,
        VideoEngine(VideoSettings()),
        make,
        lambda w: w.deleteLater(),
        MonitorMemory(tmp / "monitors.json"),
        full_screen=False,
        window_size=(640, 360),
    )
    control = ControlWindow(session, manager, store)
    control.resize(1600, 1000)
    control.show()
    control.catalogue.search.setText(query)
    control.catalogue.apply_search()
    for _ in range(5):
        app.processEvents()
    control.grab().save(str(out))
    print(out, control.catalogue.count_label.text())
    manager.close_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
