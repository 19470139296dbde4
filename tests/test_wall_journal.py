"""The wall's journal as a duty officer reads it: what the wall showed at a moment (with
camera names), filtered by incident, scrubbed on a timeline, exported as CSV whose cells stay
text (a hostile layout name never runs as a spreadsheet formula). Real demo backend."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.layout.model import Layout, PanelSpec, ScreenSpec
from ioc_desktop.wall_journal import (
    JournalEntry,
    describe_layout,
    export_csv,
    read_journal,
    read_layouts,
    shown_at,
)

T0 = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


def entry(seq: int, minutes: int, after: str, incident: str = "", by: str = "An") -> JournalEntry:
    why = "incident" if incident else "manual"
    return JournalEntry(
        seq, T0 + timedelta(minutes=minutes), by, "TRUC-01", why, incident, "x", after
    )


@pytest.mark.qt
def test_what_the_wall_showed_at_a_moment(qapp: Any) -> None:
    es = [entry(1, 0, "overview"), entry(2, 10, "flood-storm", "INC-1"), entry(3, 20, "overview")]
    assert shown_at(es, T0 - timedelta(seconds=1)) is None
    assert shown_at(es, T0 + timedelta(minutes=5)) == es[0]
    assert shown_at(es, T0 + timedelta(minutes=10)) == es[1]  # at the moment of the change
    assert shown_at(es, T0 + timedelta(hours=3)) == es[2]
    layout = Layout(
        "l",
        "L",
        [
            ScreenSpec(
                "wall-1",
                1,
                3,
                [
                    PanelSpec("map", 0, 2),
                    PanelSpec("camera", 0, 0, settings={"camera_id": "cam01"}),
                    PanelSpec("camera_tour", 0, 1, settings={"camera_ids": ["cam01", "x"]}),
                ],
            )
        ],
    )
    from widgets.journal_dialog import panel_label

    names = {"cam01": "Ngã tư Hùng Vương"}
    assert describe_layout(layout, lambda p: panel_label(p, names)) == [
        ("wall-1", ["Ngã tư Hùng Vương", "Vòng camera: Ngã tư Hùng Vương, x", "Bản đồ điều hành"])
    ]


@pytest.mark.unit
def test_the_csv_keeps_every_cell_text(tmp_path: Path) -> None:
    hostile = entry(1, 0, '=HYPERLINK("http://evil","bấm")', by="+cmd|' /C calc'!A0")
    path = tmp_path / "j.csv"
    assert export_csv([hostile, entry(2, 1, "overview")], path) is None
    rows = list(csv.reader(path.read_text("utf-8-sig").splitlines()))
    assert rows[0][0] == "seq" and len(rows) == 3
    assert rows[1][2].startswith("'+cmd") and rows[1][7].startswith("'=HYPERLINK")
    assert rows[1][1] == "2026-12-01 14:00:00"  # the province's time
    assert export_csv([], tmp_path / "no" / "such" / "\0dir.csv") is not None


@pytest.fixture()
def server() -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(Simulation(SimConfig(auto_progress=False, incident_rate=0.0))).start()
    yield srv
    srv.stop()


@pytest.mark.qt
def test_the_journal_dialog_filters_scrubs_and_exports(
    server: DemoHttpServer, qapp: Any, tmp_path: Path
) -> None:
    from widgets.journal_dialog import JournalDialog

    c = BackendClient(server.base_url, DEMO_TOKEN)
    lease = c.take_wall_lease("An", "TRUC-01").lease_id
    v = c.wall_state().version
    v = c.put_wall_state("flood-storm", "INC-9", "An", v, lease, {"kind": "incident"}).version
    c.put_wall_state("traffic-incident", None, "An", v, lease)
    entries = read_journal(c)
    version, flood = c.wall_layout("traffic-incident")  # edited after it was shown
    flood["title_vi"] = "Sự cố giao thông (sửa)"
    c.put_wall_layout(flood, version)
    layouts = read_layouts(c, {e.after for e in entries} | {"gone"})
    cameras = {cam.id: cam.name for cam in c.cameras()}
    c.close()
    assert [e.after for e in entries] == ["flood-storm", "traffic-incident"]
    assert set(layouts) == {"flood-storm", "traffic-incident"}  # "gone" left out
    assert entries[0].after_version == 1
    dialog = JournalDialog(entries, layouts, cameras, now=entries[-1].at + timedelta(minutes=1))
    assert dialog.table.rowCount() == 2
    dialog.span.setCurrentIndex(0)  # the last hour: both changes were just made
    assert dialog.table.rowCount() == 2
    old = JournalDialog(entries, layouts, cameras, now=entries[-1].at + timedelta(hours=2))
    old.span.setCurrentIndex(0)
    assert old.table.rowCount() == 0  # two hours later, the last hour holds none of them
    old.close()
    dialog.incident.setText("INC-9")
    assert dialog.table.rowCount() == 1
    dialog.table.selectRow(0)  # the flood layout's moment
    assert "flood-storm" in dialog.when.text()
    from widgets.journal_dialog import panel_label

    drawn = describe_layout(layouts["flood-storm"][1], lambda p: panel_label(p, cameras))
    assert dialog.wall_then.text() == "\n".join(f"{n}: " + (" · ".join(p) or "—") for n, p in drawn)
    assert "Bản đồ điều hành" in dialog.wall_then.text()
    assert "⚠" not in dialog.wall_then.text()
    dialog.slider.setValue(dialog.slider.maximum())
    assert "traffic-incident" in dialog.when.text()
    assert dialog.wall_then.text().startswith("⚠ Bố cục đã được sửa sau lúc đó (khi ấy bản 1")
    dialog.slider.setValue(0)
    assert "trước thay đổi đầu tiên" in dialog.when.text()
    got: list[str] = []
    dialog.sig_export.connect(got.append)
    dialog.sig_export.emit(str(tmp_path / "j.csv"))
    assert got and export_csv(entries, Path(got[0])) is None
    dialog.close()
