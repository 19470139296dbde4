"""The demo backend's shared wall: layouts every console can open, and the wall's state
(which layout it shows, for which incident) that a workstation can change.

Writes carry If-Match with the version they were decided on ("*": whatever version it has
now, as HTTP says); a stale one gets 409 and the current value, never a silent overwrite.
Layouts are validated with the same schema the client uses, so a broken layout cannot reach
a wall through the backend.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ioc_desktop.demo.wall_control import Lease, StationBoard, WallJournal, WallLease
from ioc_desktop.files import JsonFileError, read_json_file, write_text_atomic
from ioc_desktop.layout.model import Layout, LayoutError, load_layout

log = logging.getLogger(__name__)


def whole_numbers(value: Any) -> Any:
    """The JSON with every whole float (4.0) as an int (4). JSON Schema counts 4.0 as an
    integer, so the contract lets a client send it; the app's own layout reader refuses
    floats where a grid needs ints, so the backend stores what that reader takes."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [whole_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: whole_numbers(v) for k, v in value.items()}
    return value


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class WallRuntime:
    """One wall's own state: what it shows, who controls it, what it showed."""

    state: dict[str, Any]
    lease: WallLease = field(default_factory=WallLease)
    journal: WallJournal = field(default_factory=WallJournal)


NO_WALL = 404


class WallShare:
    """The shared layouts (one library for every wall) and each wall's state, lease and
    journal, under one lock; a wall's hanging GET waits on `changed`."""

    def __init__(
        self,
        seed_dir: Path | None = None,
        clock: Callable[[], float] = time.time,
        store: Path | None = None,
    ) -> None:
        self.lock = threading.Lock()
        self.store = store  # where the walls' data is kept across restarts (None: memory)
        self.store_problem: str | None = None
        self.changed = threading.Condition(self.lock)  # a hanging GET waits on it
        self.clock = clock
        self.stations = StationBoard()
        self.layouts: dict[str, tuple[int, dict[str, Any]]] = {}
        if seed_dir is not None:
            for path in sorted(seed_dir.glob("*.json")):
                try:
                    self.layouts[path.stem] = (1, load_layout(path).to_json())
                except LayoutError:
                    continue
        first = "overview" if "overview" in self.layouts else next(iter(self.layouts), "")
        self.runtime: dict[str, WallRuntime] = {
            w["name"]: WallRuntime(
                {
                    "version": 1,
                    "layout": first,
                    "incident_id": None,
                    "updated_by": "backend",
                    "updated_at": _now(),
                }
            )
            for w in self.stations.walls
        }
        if store is not None:
            self._load(store)

    # ---- kept across restarts, as a backend's database keeps it ------------------------------

    def _dump(self) -> dict[str, Any]:
        return {
            "schema_version": 1,
            "layouts": {n: [v, doc] for n, (v, doc) in self.layouts.items()},
            "walls": {
                name: {
                    "state": w.state,
                    "lease": asdict(w.lease.current) if w.lease.current else None,
                    "overtaken": w.lease.overtaken,
                    "journal": w.journal.entries,
                }
                for name, w in self.runtime.items()
            },
            "station_logs": {
                f"{wall}/{station}": list(rows.values())
                for (wall, station), rows in self.stations.logs.items()
            },
        }

    def _save(self) -> None:
        """Called under the lock after every change; a disk that fails is said, once."""
        if self.store is None:
            return
        try:
            write_text_atomic(self.store, json.dumps(self._dump(), ensure_ascii=False))
        except OSError as exc:
            if self.store_problem is None:
                self.store_problem = f"{self.store}: {exc}"
                log.error("wall data not kept: %s", self.store_problem)

    def _load(self, path: Path) -> None:
        try:
            data = read_json_file(path, max_bytes=256 * 1024 * 1024)
            if not isinstance(data, dict) or data.get("schema_version") != 1:
                raise ValueError("not a wall data file of version 1")
            for n, (v, doc) in data["layouts"].items():
                self.layouts[n] = (int(v), Layout.from_json(doc, n).to_json())
            for name, saved in data["walls"].items():
                w = self.runtime.get(name)
                if w is None:
                    continue  # a wall no longer defined
                w.state = dict(saved["state"])
                w.lease.current = Lease(**saved["lease"]) if saved["lease"] else None
                w.lease.overtaken = dict(saved["overtaken"])
                w.journal.entries = list(saved["journal"])
            for key, rows in data["station_logs"].items():
                wall, station = key.split("/", 1)
                self.stations.logs[(wall, station)] = {r["id"]: r for r in rows}
        except FileNotFoundError:
            return
        except (JsonFileError, LayoutError, ValueError, KeyError, TypeError) as exc:
            aside = path.with_name(f"{path.name}.unreadable-{int(time.time())}")
            path.replace(aside)
            self.store_problem = f"{path}: unreadable ({exc}); kept as {aside.name}"
            log.error("wall data: %s", self.store_problem)

    def _version_of(self, layout: str) -> int | None:
        held = self.layouts.get(layout)
        return held[0] if held else None

    def wall(self, name: str) -> WallRuntime | None:
        return self.runtime.get(name)

    @staticmethod
    def no_wall(name: str) -> tuple[int, dict[str, Any]]:
        return NO_WALL, {"code": "Not Found", "message": f"no wall '{name}'"}

    def listing(self) -> list[dict[str, Any]]:
        with self.lock:
            return [
                {"name": n, "title_vi": doc["title_vi"], "version": v}
                for n, (v, doc) in sorted(self.layouts.items())
            ]

    def get(self, name: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            if name not in self.layouts:
                return 404, {"code": "Not Found", "message": f"no shared layout '{name}'"}
            v, doc = self.layouts[name]
            return 200, {"version": v, "layout": doc}

    def put(self, name: str, if_match: int | str | None, body: dict[str, Any]) -> tuple[int, Any]:
        try:
            layout = Layout.from_json(whole_numbers(body.get("layout")), f"layout '{name}'")
        except LayoutError as exc:
            return 422, {"code": "Unprocessable Entity", "message": str(exc)}
        if layout.name != name:
            return 422, {"code": "Unprocessable Entity", "message": "name differs from the path"}
        with self.lock:
            current = self.layouts.get(name)
            if current is None and if_match is not None:  # a version of nothing
                return 412, {"code": "Precondition Failed", "message": f"no shared '{name}' yet"}
            if current is not None and if_match != "*":  # "*": whatever version it has now
                if if_match is None:
                    return 428, {"code": "Precondition Required", "message": "If-Match needed"}
                if if_match != current[0]:
                    return 409, {
                        "message": f"layout '{name}' was changed first (now version {current[0]})",
                        "current": {"version": current[0], "layout": current[1]},
                    }
            version = 1 if current is None else current[0] + 1
            self.layouts[name] = (version, layout.to_json())
            self._save()
            return 200, {"version": version, "layout": layout.to_json()}

    def get_state(self, wall: str) -> dict[str, Any] | None:
        with self.lock:
            w = self.wall(wall)
            return dict(w.state) if w else None

    def wait_state(self, wall: str, known: int | None, wait_s: float) -> dict[str, Any] | None:
        """The state once its version is not `known` (a push), or as it is after `wait_s`:
        a wall's hanging GET, answered the moment a workstation changes the wall."""
        with self.changed:
            w = self.wall(wall)
            if w is None:
                return None
            if known is not None:
                self.changed.wait_for(lambda: w.state["version"] != known, wait_s)
            return dict(w.state)

    def put_state(
        self,
        wall: str,
        if_match: int | str | None,
        body: dict[str, Any],
        lease_id: str | None = None,
    ) -> tuple[int, Any]:
        """The wall on another layout: only under the wall's lease (423 with the holder
        otherwise), at the version it was decided on; journaled with who and why."""
        name = body.get("layout")
        incident = body.get("incident_id")
        by = body.get("updated_by")
        if not isinstance(name, str) or not isinstance(by, str) or not by:
            return 400, {"code": "Bad Request", "message": "layout and updated_by are required"}
        if incident is not None and not isinstance(incident, str):
            return 400, {"code": "Bad Request", "message": "incident_id must be a string"}
        with self.lock:
            w = self.wall(wall)
            if w is None:
                return self.no_wall(wall)
            now = self.clock()
            refusal = w.lease.refusal(lease_id, now)
            if refusal is not None:
                return 423, refusal
            if name not in self.layouts:
                return 422, {"code": "Unprocessable Entity", "message": f"no shared '{name}'"}
            if if_match is None:
                return 428, {"code": "Precondition Required", "message": "If-Match needed"}
            if if_match not in ("*", w.state["version"]):
                return 409, {"message": "the wall was changed first", "current": dict(w.state)}
            before = w.state
            w.state = {
                "version": w.state["version"] + 1,
                "layout": name,
                "incident_id": incident,
                "updated_by": by,
                "updated_at": _now(),
            }
            why = dict(body.get("why") or {"kind": "incident" if incident else "manual"})
            if incident and "incident_id" not in why:
                why["incident_id"] = incident
            lease = w.lease.valid(now)
            versions = (self._version_of(before["layout"]), self._version_of(name))
            workstation = lease.workstation if lease else None
            w.journal.append(now, before, w.state, why, workstation, versions)
            self.changed.notify_all()
            self._save()
            return 200, dict(w.state)

    # ---- the lease and the journal, under the same lock ---------------------------------

    def get_lease(self, wall: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            w = self.wall(wall)
            return (200, w.lease.public(self.clock())) if w else self.no_wall(wall)

    def take_lease(self, wall: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            w = self.wall(wall)
            if w is None:
                return self.no_wall(wall)
            answer = w.lease.take(body, self.clock())
            self._save()
            return answer

    def release_lease(self, wall: str, lease_id: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            w = self.wall(wall)
            if w is None:
                return self.no_wall(wall)
            answer = w.lease.release(lease_id, self.clock())
            self._save()
            return answer

    def journal_page(self, wall: str, q: dict[str, str]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            w = self.wall(wall)
            return (200, w.journal.page(q)) if w else self.no_wall(wall)

    # ---- the walls' stations -------------------------------------------------------------

    def _shown_screens(self, wall: str) -> list[Any]:
        """The screens of the layout the wall shows now (for what each station should show)."""
        w = self.wall(wall)
        doc = self.layouts.get(w.state["layout"]) if w else None
        return Layout.from_json(doc[1]).screens if doc else []

    def walls(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.stations.walls)

    def station_statuses(self, wall: str) -> list[dict[str, Any]] | None:
        with self.lock:
            return self.stations.statuses(wall, self.clock(), self._shown_screens(wall))

    def report_station(
        self, wall: str, station: str, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        with self.lock:
            screens = self._shown_screens(wall)
            return self.stations.report(wall, station, body, self.clock(), screens)

    def upload_station_log(
        self, wall: str, station: str, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        with self.lock:
            answer = self.stations.upload_log(wall, station, body["entries"], self.clock())
            self._save()
            return answer

    def station_log(self, wall: str, station: str) -> list[dict[str, Any]] | None:
        with self.lock:
            return self.stations.read_log(wall, station)
