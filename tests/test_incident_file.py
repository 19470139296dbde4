"""An incident's file: a demo incident raised by an AI camera, worked on by officers (status,
note, SOP steps changed by two officers, one step as an older backend tells it, a bookmark the
recorder has, one it no longer has, a snapshot), exported; the ZIP opens and holds every item
its timeline lists (each SOP change with who and when, in the report and the manifest), and
says what it could not include."""

from __future__ import annotations

import io
import json
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image

from ioc_desktop.backend.client import BackendClient
from ioc_desktop.demo.recorder import Recorder, Segment, Track
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation
from ioc_desktop.incident_file import UNKNOWN_WHO_WHEN, export_incident, timeline, when
from ioc_desktop.incidents.evidence import bookmark_body, snapshot_body
from ioc_desktop.incidents.lifecycle import sop_step_body


def test_the_exported_file_holds_what_the_timeline_lists(tmp_path: Path) -> None:
    sim = Simulation(SimConfig(auto_progress=False, incident_rate=0.0))
    with sim.lock:  # the streams ran the last 40 s: the analytics raised incidents then
        sim.ai.analytics.origin = sim._tick_time(sim.tick - 20)
        for tick in range(sim.tick - 19, sim.tick + 1):
            sim.ai.step(sim._tick_time(tick), sim._ai_incident, sim._emit)
    srv = DemoHttpServer(sim).start()
    # a recorder holding 30 s of cam01 up to now (one segment file a second)
    now = time.time()
    rec = Recorder({}, folder=tmp_path / "rec").start()
    track = Track("cam01-sub", "", tmp_path / "rec")
    for k in range(30):
        seg = tmp_path / f"seg{k}.ts"
        seg.write_bytes(bytes([0x47]) + bytes([k]) * 187)
        track.segments.append(Segment(now - 30 + k, seg, 188))
    rec.tracks["cam01-sub"] = track
    srv.recorder = rec
    try:
        c = BackendClient(srv.base_url, DEMO_TOKEN)
        _cursor, alerts = c.ai_events(0)
        alert = next(a for a in alerts if a.incident_id and a.camera_id == "cam01")
        inc = next(i for i in c.incidents() if i.id == alert.incident_id)
        assert len(inc.sop) >= 3
        s1, s2, s3 = (s.id for s in inc.sop[:3])
        for k, body in enumerate(
            [
                {"action": "acknowledge"},
                {"action": "comment", "text": "Đã báo CSGT chặn xe"},
                {**sop_step_body(s1, "done", now - 30), "author": "an.nv"},
                {**sop_step_body(s2, "done", now - 20), "author": "binh.tt"},
                {**sop_step_body(s2, "skipped", now - 10), "author": "an.nv"},
                {**sop_step_body(s3, "done", now - 5), "author": "chi.lt"},
                bookmark_body("cam01", now - 10, "xe ngược chiều", 5, 3),  # recorded
                bookmark_body("cam01", now - 3600, "một giờ trước", 5, 5),  # no longer kept
                snapshot_body("cam01", now - 8, "ảnh xe"),
            ]
        ):
            inc = c.act_on_incident(inc.id, inc.version, {**body, "client_action_id": f"a{k}"})
        with sim.lock:  # step 3 as an older backend tells it: its state, not who nor when
            kept = next(i for i in sim.incidents if i["id"] == inc.id)
            for key in ("updated_by", "updated_at", "changes"):
                kept["sop"][2].pop(key)
        inc = next(i for i in c.incidents() if i.id == inc.id)
        t0 = time.monotonic()
        result = export_incident(c, inc.id, tmp_path / "out")
        took = time.monotonic() - t0
    finally:
        rec.stop()
        srv.stop()
    assert took < 10
    with zipfile.ZipFile(result.zip_path) as z:
        names = set(z.namelist())
        root = f"ho-so-{inc.id}/"
        manifest = json.loads(z.read(root + "manifest.json"))
        report = z.read(root + "report.html").decode("utf-8")
        HTMLParser().feed(report)  # it parses
        for item in manifest["items"]:  # every item said to be in is in
            if item["file"]:
                assert root + item["file"] in names, item
            else:
                assert item["missing"], item  # and every item left out says why
        # the timeline's every entry, note, alert and evidence is in the report
        lines = timeline(inc)
        assert [t.to_json() for t in lines] == manifest["timeline"]
        assert len(lines) == len(inc.history) + 4 >= 6  # 3 changes kept, 1 of unknown time
        rows = _rows(report)
        for line in lines:  # each in the report's timeline: its time, what, who
            said = when(line.at) if line.at else "không rõ thời điểm"
            who = line.by or "không rõ người"
            assert [said, line.what, f"{who} · {line.note}" if line.note else who] in rows, line
        # every status change says who made it: the officer, or the backend's own rule
        assert all(t.by for t in lines if t.kind == "status"), lines
        sop_lines = [(t.what.split(":")[0], t.by, t.state) for t in lines if t.kind == "sop_step"]
        assert [(who, state) for _w, who, state in sop_lines] == [
            ("an.nv", "done"),
            ("binh.tt", "done"),
            ("an.nv", "skipped"),
            (None, "done"),  # an older backend's: the report says 'không rõ người'
        ]
        assert "Đã tiếp nhận" in report and "Đã báo CSGT chặn xe" in report
        assert inc.sop[0].title_vi in report and "đã xong" in report and "bỏ qua" in report
        steps = {s["id"]: s for s in manifest["sop"]}
        assert steps[s2]["updated_by"] == "an.nv" and steps[s2]["state"] == "skipped"
        assert steps[s3]["who_when"] == UNKNOWN_WHO_WHEN and steps[s3]["updated_at"] is None
        assert [str(inc.sop[2].order), inc.sop[2].title_vi, "đã xong", UNKNOWN_WHO_WHEN] in rows
        for a in (a for a in alerts if a.incident_id == inc.id):
            assert a.id in report and root + f"anh/{a.id}.png" in names
        kinds = {(i["kind"], i["id"]): i for i in manifest["items"]}
        ev = {e.note: e for e in inc.evidence}
        kept = kinds[("clip", ev["xe ngược chiều"].id)]
        gone = kinds[("clip", ev["một giờ trước"].id)]
        snap = kinds[("snapshot", ev["ảnh xe"].id)]
        assert kept["file"] and z.read(root + kept["file"])[:1] == b"\x47"
        clip = z.read(root + kept["file"])  # from the keyframe at or before t-5 s to t+3 s
        assert len(clip) // 188 in (8, 9, 10) and clip[1] in (14, 15), (len(clip), clip[1])
        assert gone["file"] is None and "không còn giữ" in gone["missing"]
        assert "một giờ trước" in report and "Không đưa vào được" in report
        Image.open(io.BytesIO(z.read(root + snap["file"]))).verify()
        assert ("camera", "cam01") in kinds
        unknown = kinds[("part", f"sop-{s3}-who-when")]  # said, and said why
        assert unknown["file"] is None and UNKNOWN_WHO_WHEN in unknown["missing"]
        assert not any(k[1] in (f"sop-{s1}-who-when", f"sop-{s2}-who-when") for k in kinds)


class _Cells(HTMLParser):
    """The report's table rows, as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _rows(report: str) -> list[list[str]]:
    parser = _Cells()
    parser.feed(report)
    return parser.rows


def test_the_desk_button_exports_off_the_ui_thread_and_says_what_it_left_out(
    qtbot: object, tmp_path: Path
) -> None:
    import asyncio

    from ioc_desktop.incident_file import IncidentFile, Item
    from widgets.incident_file_button import IncidentFileButton

    def export(incident_id: str, folder: Path) -> IncidentFile:
        items = [Item("clip", "EV-001", "Đoạn video", None, "máy ghi hình không trả lời")]
        items.append(Item("snapshot", "EV-002", "Ảnh", "anh/EV-002.png"))
        return IncidentFile(folder / incident_id, folder / f"{incident_id}.zip", items)

    button = IncidentFileButton(export)
    qtbot.addWidget(button)  # type: ignore[attr-defined]
    assert not button.isVisibleTo(None) or not button.incident_id
    button.set_incident("INC-00042")
    asyncio.run(button._export("INC-00042", tmp_path))
    assert button.last is not None and "INC-00042.zip" in button.said.text()
    assert "1 mục không đưa vào được" in button.said.text()
