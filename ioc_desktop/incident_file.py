"""An incident's file (*hồ sơ sự cố*): everything kept about it, as a folder and a ZIP, with a
printable report in Vietnamese.

What it holds: the incident (where, when, how severe), its timeline (status changes, and every
change of every SOP step with who and when), its SOP steps, the officers' notes, the AI alerts
about it with their snapshots (the analysed frame, boxes drawn), the evidence officers kept
(snapshots as pictures, bookmarks as video clips where the recorder still has them), the
cameras and the layouts the wall showed for it. `manifest.json` lists every item and its file;
what could not be put in (a clip older than the recording, a recorder away, a part the backend
does not give) is listed with the reason, in the manifest and on the report; so is an SOP step
whose who or when the backend does not say (an older backend): 'không rõ người/thời điểm',
never a blank. No Qt: runs on a worker thread.
"""

from __future__ import annotations

import html
import io
import json
import logging
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import requests
from PIL import Image, ImageDraw

from ioc_desktop import clock
from ioc_desktop.backend.analytics import AiEvent
from ioc_desktop.backend.client import BackendClient, BackendError, BackendHttpError
from ioc_desktop.backend.models import Incident, SopStep
from ioc_desktop.incidents.evidence import contract_time

log = logging.getLogger(__name__)
MAX_CLIP_BYTES = 200 * 1024 * 1024
STATUS_VI = {
    "new": "Mới",
    "acknowledged": "Đã tiếp nhận",
    "assigned": "Đã phân công",
    "in_progress": "Đang xử lý",
    "resolved": "Đã xử lý xong",
    "closed": "Đã đóng",
    "cancelled": "Đã huỷ",
}
SOP_VI = {"pending": "chưa làm", "done": "đã xong", "skipped": "bỏ qua"}
UNKNOWN_WHO_WHEN = "không rõ người/thời điểm"
UNKNOWN_WHO, UNKNOWN_WHEN = "không rõ người", "không rõ thời điểm"


@dataclass
class Item:
    """One thing the file holds, or should have held."""

    kind: str  # ai_event | ai_snapshot | snapshot | clip | camera | layout | part
    id: str
    title: str
    file: str | None = None  # relative to the folder; None: not included
    missing: str = ""  # why it could not be included


@dataclass
class IncidentFile:
    folder: Path
    zip_path: Path
    items: list[Item] = field(default_factory=list)

    def missing(self) -> list[Item]:
        return [i for i in self.items if i.file is None]


def when(dt: datetime | None) -> str:
    return clock.fmt(dt, "%H:%M:%S %d/%m/%Y") if dt is not None else "—"


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the incident's timeline: a status change or a change of an SOP step."""

    at: datetime | None  # None: the backend does not say when (an older backend's SOP step)
    kind: str  # status | sop_step
    what: str  # in Vietnamese, as the report says it
    by: str | None  # None: not said
    note: str = ""
    step_id: str | None = None
    state: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat() if self.at is not None else None,
            "kind": self.kind,
            "what": self.what,
            "by": self.by,
            "note": self.note,
            "step_id": self.step_id,
            "state": self.state,
        }


def timeline(inc: Incident) -> list[TimelineEntry]:
    """Status changes and every change of every SOP step, oldest first; a step changed at an
    unknown time (an older backend) last."""
    out = [
        TimelineEntry(
            h.at, "status", STATUS_VI.get(h.status, h.status), h.by, h.note, None, h.status
        )
        for h in inc.history
    ]
    for s in sorted(inc.sop, key=lambda s: s.order):
        what = f"Bước {s.order} ({s.title_vi})"
        changes = s.history()
        out += [
            TimelineEntry(
                c.at, "sop_step", f"{what}: {SOP_VI.get(c.state, c.state)}", c.by, "", s.id, c.state
            )
            for c in changes
        ]
        if not changes and s.state != "pending":  # changed, but the backend says not when
            out.append(
                TimelineEntry(
                    None,
                    "sop_step",
                    f"{what}: {SOP_VI.get(s.state, s.state)}",
                    s.updated_by,
                    "",
                    s.id,
                    s.state,
                )
            )
    known = sorted((e for e in out if e.at is not None), key=lambda e: e.at or inc.date_issued)
    return known + [e for e in out if e.at is None]


def _draw_boxes(png: bytes, alert: AiEvent) -> bytes:
    img = Image.open(io.BytesIO(png)).convert("RGB")
    d = ImageDraw.Draw(img)
    w, h = img.size
    for o in alert.objects:
        box = [o.x * w, o.y * h, (o.x + o.w) * w, (o.y + o.h) * h]
        d.rectangle(box, outline=(255, 59, 48), width=2)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def _alerts_of(client: BackendClient, incident_id: str) -> list[AiEvent]:
    """Every AI alert the backend still keeps about the incident (read page by page)."""
    out: list[AiEvent] = []
    after = 0
    for _ in range(100):
        cursor, page = client.ai_events(after)
        out += [a for a in page if a.incident_id == incident_id]
        if not page or cursor <= after:
            break
        after = cursor
    return out


def _download(url: str, path: Path) -> None:
    with requests.get(url, stream=True, timeout=(3, 30)) as resp:
        resp.raise_for_status()
        size = 0
        with path.open("wb") as f:
            for chunk in resp.iter_content(65536):
                size += len(chunk)
                if size > MAX_CLIP_BYTES:
                    raise BackendError(f"clip over {MAX_CLIP_BYTES // 2**20} MiB")
                f.write(chunk)


def _reason(exc: Exception) -> str:
    if isinstance(exc, BackendHttpError) and exc.status == 404:
        return "máy ghi hình không còn giữ đoạn này (ngoài thời gian lưu)"
    if isinstance(exc, BackendHttpError) and exc.status == 503:
        return "máy ghi hình không trả lời"
    return f"lỗi: {exc}"


class _Exporter:
    def __init__(self, client: BackendClient, incident: Incident, folder: Path) -> None:
        self.client, self.inc, self.folder = client, incident, folder
        self.items: list[Item] = []
        self.alerts: list[AiEvent] = []
        self.layouts: list[dict[str, Any]] = []
        self.camera_names: dict[str, str] = {}

    def write(self, rel: str, data: bytes) -> str:
        path = self.folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return rel

    def gather(self) -> None:
        self._cameras()
        self._alerts()
        self._evidence()
        self._layouts()
        for s in sorted(self.inc.sop, key=lambda s: s.order):
            if s.who_when_unknown:  # an older backend: the step's state, not who nor when
                self.items.append(
                    Item(
                        "part",
                        f"sop-{s.id}-who-when",
                        f"Người thực hiện và thời điểm của bước {s.order} ({s.title_vi})",
                        None,
                        f"{UNKNOWN_WHO_WHEN}: máy chủ chỉ cho biết trạng thái của bước",
                    )
                )

    def _cameras(self) -> None:
        try:
            cams = {c.id: c for c in self.client.cameras()}
        except BackendError as exc:
            cams = {}
            self.items.append(Item("part", "cameras", "Danh sách camera", None, _reason(exc)))
        ids = list(dict.fromkeys([*self.inc.camera_ids, *(e.camera_id for e in self.inc.evidence)]))
        for cid in ids:
            cam = cams.get(cid)
            self.camera_names[cid] = cam.name if cam else cid
            self.items.append(Item("camera", cid, self.camera_names[cid], "report.html"))

    def _alerts(self) -> None:
        try:
            self.alerts = _alerts_of(self.client, self.inc.id)
        except BackendError as exc:
            self.items.append(Item("part", "ai-events", "Cảnh báo camera AI", None, _reason(exc)))
            return
        for a in self.alerts:
            self.items.append(Item("ai_event", a.id, a.title_vi or a.type, "report.html"))
            if a.snapshot_url is None:
                self.items.append(Item("ai_snapshot", a.id, "Ảnh phát hiện", None, "không có ảnh"))
                continue
            try:
                png = self.client.ai_snapshot(a.snapshot_url)
                rel = self.write(f"anh/{a.id}.png", _draw_boxes(png, a))
                self.write(f"anh/{a.id}-goc.png", png)
                self.items.append(Item("ai_snapshot", a.id, "Ảnh phát hiện (có khung)", rel))
            except (BackendError, OSError) as exc:
                self.items.append(Item("ai_snapshot", a.id, "Ảnh phát hiện", None, _reason(exc)))

    def _evidence(self) -> None:
        for e in self.inc.evidence:
            name = self.camera_names.get(e.camera_id, e.camera_id)
            if e.kind == "snapshot":
                title = f"Ảnh chứng cứ — {name}, {when(e.at)}"
                try:
                    png = self.client.ai_snapshot(e.snapshot_url or "")
                    self.items.append(
                        Item("snapshot", e.id, title, self.write(f"anh/{e.id}.png", png))
                    )
                except (BackendError, OSError) as exc:
                    self.items.append(Item("snapshot", e.id, title, None, _reason(exc)))
                continue
            title = f"Đoạn video — {name}, {when(e.start)} → {when(e.end)}"
            if e.start is None or e.end is None:
                self.items.append(Item("clip", e.id, title, None, "đánh dấu thiếu thời gian"))
                continue
            rel = f"video/{e.id}-{e.camera_id}.ts"
            try:
                pb = self.client.playback(
                    e.camera_id,
                    contract_time(e.start.timestamp()),
                    contract_time(e.end.timestamp()),
                )
                (self.folder / "video").mkdir(parents=True, exist_ok=True)
                _download(pb.url, self.folder / rel)
                self.items.append(Item("clip", e.id, title, rel))
            except (BackendError, OSError, requests.RequestException) as exc:
                (self.folder / rel).unlink(missing_ok=True)
                self.items.append(Item("clip", e.id, title, None, _reason(exc)))

    def _layouts(self) -> None:
        try:
            _cursor, entries = self.client.wall_journal(0, incident=self.inc.id)
        except BackendError as exc:
            self.items.append(Item("part", "layouts", "Bố cục tường đã dùng", None, _reason(exc)))
            return
        self.layouts = entries
        for k, entry in enumerate(entries):
            layout = str(entry.get("after") or entry.get("layout") or "")
            self.items.append(Item("layout", f"layout-{k + 1}", layout, "report.html"))


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><tr>{th}</tr>{body}</table>" if rows else "<p>(không có)</p>"


def _who_note(t: TimelineEntry) -> str:
    who = t.by or UNKNOWN_WHO
    return f"{who} · {t.note}" if t.note else who


def _step_who_when(s: SopStep) -> str:
    if s.updated_by is None and s.updated_at is None:
        return UNKNOWN_WHO_WHEN if s.state != "pending" else ""
    at = when(s.updated_at) if s.updated_at is not None else UNKNOWN_WHEN
    return f"{s.updated_by or UNKNOWN_WHO}, {at}"


def report_html(ex: _Exporter) -> str:
    inc = ex.inc
    e = html.escape
    parts = [
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>",
        f"<title>Hồ sơ sự cố {e(inc.id)}</title>",
        "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#111}"
        "table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #999;"
        "padding:4px 6px;text-align:left;vertical-align:top}h2{margin-top:1.5em}"
        "img{max-width:100%;border:1px solid #999}@media print{h2{break-after:avoid}}</style>",
        "</head><body>",
        f"<h1>Hồ sơ sự cố {e(inc.id)}: {e(inc.title)}</h1>",
        _table(
            ["Mục", "Nội dung"],
            [
                ["Lĩnh vực", f"{inc.category} / {inc.sub_category}"],
                ["Mức độ", inc.severity],
                ["Trạng thái", STATUS_VI.get(inc.status, inc.status)],
                ["Phát hiện lúc", when(inc.date_issued)],
                ["Khu vực", inc.area_code],
                ["Vị trí", f"{inc.location[0]:.5f}, {inc.location[1]:.5f}"],
                ["Phân công", inc.assignee or "chưa có"],
                ["Mô tả", inc.description],
                ["Lập hồ sơ lúc", when(clock.now())],
            ],
        ),
        "<h2>Diễn biến (trạng thái, các bước SOP, người và thời điểm)</h2>",
        _table(
            ["Thời điểm", "Diễn biến", "Người / ghi chú"],
            [
                [
                    when(t.at) if t.at is not None else UNKNOWN_WHEN,
                    t.what,
                    _who_note(t),
                ]
                for t in timeline(inc)
            ],
        ),
        "<h2>Quy trình xử lý (SOP)</h2>",
        _table(
            ["Bước", "Nội dung", "Trạng thái", "Người, thời điểm thay đổi cuối"],
            [
                [str(s.order), s.title_vi, SOP_VI.get(s.state, s.state), _step_who_when(s)]
                for s in sorted(inc.sop, key=lambda s: s.order)
            ],
        ),
        "<h2>Ghi chú</h2>",
        _table(
            ["Thời điểm", "Người ghi", "Nội dung"],
            [[when(n.at), n.author, n.text] for n in inc.notes],
        ),
        "<h2>Cảnh báo camera AI</h2>",
    ]
    for a in ex.alerts:
        parts.append(
            f"<p><b>{e(a.id)}</b> · {e(a.title_vi or a.type)} · camera "
            f"{e(ex.camera_names.get(a.camera_id, a.camera_id))} · {e(when(a.at))} · độ tin cậy "
            f"{round(a.confidence * 100)}% · {len(a.objects)} đối tượng</p>"
        )
        if (ex.folder / f"anh/{a.id}.png").exists():
            parts.append(f"<img src='anh/{e(a.id)}.png' alt='{e(a.id)}'>")
    if not ex.alerts:
        parts.append("<p>(không có)</p>")
    parts.append("<h2>Chứng cứ lưu kèm</h2>")
    rows = []
    for ev in inc.evidence:
        item = next((i for i in ex.items if i.id == ev.id), None)
        where = item.file if item and item.file else f"không có: {item.missing if item else ''}"
        rows.append([ev.id, item.title if item else ev.kind, ev.note, ev.author, where])
    parts.append(_table(["Mã", "Chứng cứ", "Ghi chú", "Người lưu", "Tệp"], rows))
    for ev in inc.evidence:
        if ev.kind == "snapshot" and (ex.folder / f"anh/{ev.id}.png").exists():
            parts.append(f"<p>{e(ev.id)}</p><img src='anh/{e(ev.id)}.png' alt='{e(ev.id)}'>")
    parts.append("<h2>Camera và bố cục tường đã dùng</h2>")
    parts.append(_table(["Camera", "Tên"], [[c, n] for c, n in ex.camera_names.items()]))
    parts.append(
        _table(
            ["Thời điểm", "Người", "Bố cục"],
            [
                [str(x.get("at", "")), str(x.get("by", "")), str(x.get("after", ""))]
                for x in ex.layouts
            ],
        )
    )
    parts.append("<h2>Không đưa vào được</h2>")
    parts.append(
        _table(["Mục", "Lý do"], [[i.title, i.missing] for i in ex.items if i.file is None])
    )
    parts.append("</body></html>")
    return "\n".join(parts)


def export_incident(client: BackendClient, incident_id: str, out_dir: Path) -> IncidentFile:
    """Write the incident's file into `out_dir/<id>/` and `out_dir/<id>.zip`."""
    inc = next((i for i in client.incidents() if i.id == incident_id), None)
    if inc is None:
        raise BackendError(f"không có sự cố {incident_id}")
    folder = out_dir / f"ho-so-{incident_id}"
    folder.mkdir(parents=True, exist_ok=True)
    ex = _Exporter(client, inc, folder)
    ex.gather()
    (folder / "report.html").write_text(report_html(ex), encoding="utf-8")
    manifest = {
        "incident_id": inc.id,
        "title": inc.title,
        "made_at": clock.now().isoformat(timespec="seconds"),
        "timeline": [t.to_json() for t in timeline(inc)],
        "notes": [{"at": n.at.isoformat(), "author": n.author, "text": n.text} for n in inc.notes],
        "sop": [
            {
                "id": s.id,
                "order": s.order,
                "title_vi": s.title_vi,
                "state": s.state,
                "updated_by": s.updated_by,
                "updated_at": s.updated_at.isoformat() if s.updated_at else None,
                "who_when": _step_who_when(s),
            }
            for s in inc.sop
        ],
        "items": [asdict(i) for i in ex.items],
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    zip_path = out_dir / f"ho-so-{incident_id}.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, f"ho-so-{incident_id}/{path.relative_to(folder)}")
    return IncidentFile(folder, zip_path, ex.items)
