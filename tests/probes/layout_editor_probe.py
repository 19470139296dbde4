"""The layout editor on a real wall under Xvfb: live camera tiles from the demo streams, the
catalogue and control window, real QDropEvents. What an operator relies on while editing a
running wall: a dropped camera goes live, a moved or swapped camera keeps playing (same
player, no reconnect), undo brings the wall back. Prints JSON; writes a screenshot to the
path given as first argument (for looking at)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from ioc_desktop.config import cache_dir
from ioc_desktop.demo.runner import DemoBackend
from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec
from ioc_desktop.paths import resources_dir
from tests.probes.pump import pump_until
from tests.screenshot import grab_display
from tests.walls import build_wall, close_wall
from widgets.camera_tile import CameraTile
from widgets.catalogue import PAYLOAD
from widgets.screen_grid import ScreenGrid, move_mime
from widgets.theme import apply_theme


def drop(grid: ScreenGrid, mime: QMimeData, row: int, col: int) -> bool:
    r = grid.contentsRect()
    pos = QPointF(
        r.left() + (col + 0.5) * r.width() / grid.spec.cols,
        r.top() + (row + 0.5) * r.height() / grid.spec.rows,
    )
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    no_mod = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton, no_mod)
    QApplication.sendEvent(grid, enter)
    event = QDropEvent(pos, actions, mime, Qt.MouseButton.LeftButton, no_mod)
    QApplication.sendEvent(grid, event)
    return event.isAccepted()


def two_cameras_and_a_chart(name: str, title: str, left: str, right: str) -> Layout:
    """One 2×3 screen: two cameras side by side on the top row, a KPI chart beside them."""
    panels = [
        PanelSpec("camera", 0, 0, settings={"camera_id": left}),
        PanelSpec("camera", 0, 1, settings={"camera_id": right}),
        PanelSpec("kpi_trend", 0, 2, settings={"kpi_id": "dvc-ontime-rate"}),
    ]
    return Layout(name, title, [ScreenSpec("wall-1", 2, 3, panels)])


def main() -> int:
    shot = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "editor.png"
    app = QApplication(sys.argv[:1])
    apply_theme(app, resources_dir() / "theme.qss")
    shots = shot.parent

    def grab(name: str) -> None:
        grab_display(os.environ["DISPLAY"], shots / f"{name}.png")

    demo = DemoBackend(Path(cache_dir())).start(wait_for_streams=True)
    folder = Path(tempfile.mkdtemp(prefix="ioc-editor-"))
    layout = two_cameras_and_a_chart("editor", "Thử chỉnh bố cục", "cam01", "cam02")
    services, shell = build_wall(
        layout, demo.base_url, demo.token, folder / "layouts", window_size=(1180, 1000)
    )
    # the data the wall needs, fetched once (this probe runs no event loop for the sync)
    store, engine, session = services.store, services.engine, services.session
    client = services.client
    store.set_areas(client.areas(), {})
    store.set_cameras(client.cameras())
    store.set_kpis(client.kpis())
    manager, control = shell.manager, shell.control
    control.resize(720, 1000)
    control.move(1190, 0)
    control.show()
    grid = manager.windows[next(iter(manager.windows))].grids["wall-1"]

    def tile_at(row: int, col: int) -> CameraTile | None:
        i = session.layout.screens[0].panel_at(row, col)
        if i is None:
            return None
        spec = session.layout.screens[0].panels[i]
        key = next(k for k, s in grid._specs.items() if s == spec)
        w = grid.panels[key]
        return w if isinstance(w, CameraTile) else None

    def live(t: CameraTile | None) -> bool:
        s = engine.stats(t.key) if t else None
        return s is not None and s.status.value == "live"

    r: dict[str, Any] = {}
    a, b = tile_at(0, 0), tile_at(0, 1)
    assert a is not None and b is not None
    r["first_live_s"] = pump_until(lambda: live(a) and live(b), 30)
    pump_until(lambda: False, 1.0)
    grab("before")
    manager.set_editing(True)
    control.refresh()

    # a camera from the catalogue onto an empty cell: a new tile, live by itself
    item = next(
        i
        for i in control.catalogue.leaves()
        if json.loads(i.data(0, PAYLOAD))["settings"].get("camera_id") == "cam05"
    )
    r["catalogue_drop_accepted"] = drop(grid, control.catalogue.tree.mimeData([item]), 1, 0)
    new = tile_at(1, 0)
    r["dropped_camera"] = new.camera_id if new else None
    r["dropped_live_s"] = pump_until(lambda: live(tile_at(1, 0)), 15)

    # swap the two running cameras: the same tiles, still playing, never reconnected
    before = {t.key: len(engine.stats(t.key).went_live_at) for t in (a, b)}  # type: ignore[union-attr]
    frames = {t.key: engine.stats(t.key).frames_total for t in (a, b)}  # type: ignore[union-attr]
    ia = session.layout.screens[0].panel_at(0, 0)
    r["swap_accepted"] = drop(grid, move_mime(0, ia or 0), 0, 1)
    pump_until(lambda: False, 2.0)
    r["swapped_same_widgets"] = tile_at(0, 1) is a and tile_at(0, 0) is b
    r["swap_reconnects"] = {
        k: len(engine.stats(k).went_live_at) - n  # type: ignore[union-attr]
        for k, n in before.items()
    }
    r["swap_frames_gained"] = {
        k: engine.stats(k).frames_total - n  # type: ignore[union-attr]
        for k, n in frames.items()
    }
    r["swap_status"] = [live(a), live(b)]
    grab("after-swap")

    # make the dropped camera two columns wide: same tile again
    key_new = next(k for k, w in grid.panels.items() if w is new)
    grid._resize(key_new, 0, 1)
    pump_until(lambda: False, 1.0)
    r["resized_span"] = [p.col_span for p in session.layout.screens[0].panels if p.row == 1]
    r["resized_same_widget"] = tile_at(1, 0) is new
    pump_until(lambda: live(new), 10)
    r["status_bar"] = control.statusBar().currentMessage()
    control.refresh()
    pump_until(lambda: False, 1.5)
    grab(shot.stem)
    r["screenshot"] = str(shot) if shot.exists() else None

    # undo all three edits: the wall is as it was, the first two cameras never stopped
    for _ in range(3):
        session.undo()
    pump_until(lambda: False, 0.5)
    r["undone_to_original"] = session.layout.to_json() == layout.to_json()
    r["after_undo_tiles"] = sorted(t.camera_id for t in shell.panels_of(CameraTile))
    r["released_dropped_tile"] = engine.stats(new.key if new else "") is None

    # another layout with other cameras in the same cells: the tiles that go are handed to
    # the camera panels that come (same widgets and native windows), under new keys, and
    # play the new cameras; the old streams are closed
    manager.set_editing(False)
    old_keys = {t.key for t in (a, b)}
    windows = {t.key: int(t.video.front.winId()) for t in (a, b)}
    other = two_cameras_and_a_chart("editor-2", "Bố cục khác", "cam03", "cam04")
    session.show_layout(other, "open")
    c, d = tile_at(0, 0), tile_at(0, 1)
    r["switch_reused_tiles"] = {c, d} == {a, b}
    r["switch_same_windows"] = sorted(windows.values()) == sorted(
        int(t.video.front.winId()) for t in (c, d) if t is not None
    )
    r["switch_new_keys"] = bool(c and d and not {c.key, d.key} & old_keys)
    r["switch_live_s"] = pump_until(lambda: live(c) and live(d), 15)
    r["switch_cameras"] = [t.camera_id if t else None for t in (c, d)]
    r["switch_urls"] = [(t.playing_url or "") if t else "" for t in (c, d)]
    r["switch_old_streams_open"] = sorted(old_keys & set(engine.tile_keys()))
    r["switch_titles"] = [t.title.text() if t else "" for t in (c, d)]
    print(json.dumps(r, ensure_ascii=False), flush=True)
    close_wall(services, shell)
    demo.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
