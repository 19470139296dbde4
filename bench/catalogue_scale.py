"""Benchmark: the control window's catalogue and the incident/report lists at issue #19's
province scale (1,200 cameras in 148 wards, 5,000 open citizen reports, 300 incidents)
against the light demo's size (8 cameras, 28 wards, 40 reports, 12 incidents), in the same
run, and the catalogue against the one before issue #19 (read from git: a QTreeWidget
rebuilt on every store signal, a search that walks and hides every item). Prints one JSON
object.

    .venv/bin/python bench/catalogue_scale.py [--rounds 5]

Measured on the UI thread (offscreen Qt, the widgets shown, each step followed by the paint
it causes): per keystroke of queries typed a letter at a time (a camera's name, a ward, a
road, each with and without diacritics), from the text changing to the hits painted
(median, p95, max; the catalogue's merge of fast keystrokes, SEARCH_DELAY_MS, comes on top);
a poll that changes nothing (the KPIs and areas are re-emitted on every poll) and one that
renames a camera; the wall's incident and report lists and the incident desk when one
report or one incident changes; and what the map panel does on the UI thread before a
layer leaves for the page (items, the on-globe check, the JSON text). The data is
synthetic (tests/scale_data.py: real ward names, invented cameras and reports), so the
numbers do not move when the demo's data does.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("IOC_CONFIG_DIR", tempfile.mkdtemp(prefix="ioc-bench-config-"))
os.environ.setdefault("IOC_DATA_DIR", tempfile.mkdtemp(prefix="ioc-bench-data-"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from ioc_desktop.incidents.outbox import OutboxState  # noqa: E402
from ioc_desktop.paths import resources_dir  # noqa: E402
from ioc_desktop.store import Store  # noqa: E402
from tests.scale_data import filled_store, short  # noqa: E402
from widgets.catalogue import Catalogue, fold  # noqa: E402
from widgets.event_list import EventListPanel  # noqa: E402
from widgets.incident_desk import IncidentDesk  # noqa: E402
from widgets.map_panel import layer_items, split_on_globe  # noqa: E402
from widgets.theme import apply_theme  # noqa: E402

OLD_CATALOGUE = "91be7ae"  # the commit before issue #19's catalogue


def stats(samples: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(ms[-1], 2),
        "n": len(ms),
    }


def timed(step: Callable[[], object]) -> float:
    """One step on the UI thread and the paint it causes."""
    t0 = time.perf_counter()
    step()
    QApplication.processEvents()
    return time.perf_counter() - t0


def old_catalogue_class() -> type | None:
    """The catalogue as it was before issue #19, from git (None without git)."""
    try:
        source = subprocess.run(
            ["git", "show", f"{OLD_CATALOGUE}:widgets/catalogue.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp(prefix="ioc-bench-old-")) / "old_catalogue.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_catalogue", path)
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Catalogue  # type: ignore[no-any-return]


def queries(store: Store) -> dict[str, str]:
    """A camera's name, a ward and a road, with and without diacritics."""
    cam = next(c for c in store.cameras.values() if c.name.startswith("Cầu"))
    ward = next(a for a in store.areas if a.code == cam.area_code)
    words = cam.name.split()[:-1]  # "Cầu Việt Trì 0003" → "Cầu Việt Trì"
    name, place = " ".join(words), short(ward.name)
    return {
        "name": name,
        "name_folded": fold(name),
        "ward": place,
        "ward_folded": fold(place),
        "road": "Hùng Vương",
        "road_folded": "hung vuong",
    }


def keystrokes(catalogue: Any, texts: dict[str, str], flush: bool) -> dict[str, Any]:
    """Each query typed a letter at a time, the field cleared between queries."""
    samples: list[float] = []
    per: dict[str, list[float]] = {}
    for label, text in texts.items():
        timed(lambda: catalogue.search.setText(""))
        if flush:
            timed(catalogue.apply_search)
        for n in range(1, len(text) + 1):

            def key(typed: str = text[:n]) -> None:
                catalogue.search.setText(typed)
                if flush:  # what the merge timer runs SEARCH_DELAY_MS later
                    catalogue.apply_search()

            dt = timed(key)
            samples.append(dt)
            per.setdefault(label, []).append(dt)
    return {"all": stats(samples), **{k: stats(v)["median_ms"] for k, v in per.items()}}


def polls(catalogue: Any, store: Store, rounds: int) -> dict[str, Any]:
    """A poll that changes nothing (KPIs and areas are re-emitted every poll), and one that
    renames a camera."""
    same: list[float] = []
    renamed: list[float] = []
    cams = list(store.cameras.values())
    for n in range(rounds):

        def unchanged() -> None:
            store.set_kpis(list(store.kpis.values()))
            store.set_areas(list(store.areas), dict(store.geometry))

        same.append(timed(unchanged))
        changed = [dataclasses.replace(cams[0], name=f"{cams[0].name} ({n})"), *cams[1:]]
        renamed.append(timed(lambda c=changed: store.set_cameras(c)))
    store.set_cameras(cams)
    return {"unchanged_poll": stats(same), "camera_renamed": stats(renamed)}


def measure_catalogue(cls: type, store: Store, rounds: int, flush: bool) -> dict[str, Any]:
    t0 = time.perf_counter()
    catalogue = cls(store)
    catalogue.resize(420, 900)
    catalogue.show()
    QApplication.processEvents()
    built = time.perf_counter() - t0
    texts = queries(store)
    out = {"first_build_ms": round(built * 1000, 1)}
    out["keystroke"] = keystrokes(catalogue, texts, flush)
    catalogue.search.setText("")
    if flush:
        catalogue.apply_search()
    out.update(polls(catalogue, store, rounds))
    catalogue.close()
    catalogue.deleteLater()
    QApplication.processEvents()
    return out


def measure_lists(store: Store, rounds: int) -> dict[str, Any]:
    panel = EventListPanel(store)
    desk = IncidentDesk(store, OutboxState(), lambda *a: None, lambda a: None, lambda a: None)
    panel.resize(600, 1000)
    desk.resize(1600, 1000)
    panel.show()
    desk.show()
    QApplication.processEvents()
    reports, incidents = list(store.reports), list(store.incidents)
    one_report: list[float] = []
    one_incident: list[float] = []
    for n in range(rounds):
        changed = list(reports)
        changed[n] = dataclasses.replace(changed[n], status_detail=f"processing-{n}")
        one_report.append(timed(lambda c=changed: store.set_reports(c)))
        inc = list(incidents)
        inc[n] = dataclasses.replace(inc[n], version=inc[n].version + 1 + n)
        one_incident.append(timed(lambda c=inc: store.set_incidents(c)))
    store.set_reports(reports)
    store.set_incidents(incidents)
    out = {
        "report_changed": stats(one_report),
        "incident_changed": stats(one_incident),
        "rows_drawn": {
            "wall_reports": panel.reports.count(),
            "wall_incidents": panel.incidents.count(),
            "desk": desk.list.count(),
        },
    }
    panel.close()
    desk.close()
    return out


def measure_map_layers(store: Store, rounds: int) -> dict[str, Any]:
    """What MapPanel._push_dirty costs the UI thread per layer: the items and the on-globe
    check, then either the comparison with what the page has (nothing drawn changed: not
    sent) or the JSON text for the channel (something did)."""
    out: dict[str, Any] = {}
    for layer in ("cameras", "reports", "incidents"):
        same: list[float] = []
        sent: list[float] = []
        size = 0
        before, _ = split_on_globe(layer, layer_items(store, layer))
        for _ in range(rounds):
            t0 = time.perf_counter()
            good, _bad = split_on_globe(layer, layer_items(store, layer))
            assert good == before
            same.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            good, _bad = split_on_globe(layer, layer_items(store, layer))
            text = json.dumps(good, ensure_ascii=False)
            sent.append(time.perf_counter() - t0)
            size = len(text)
        out[layer] = {
            "unchanged_not_sent": stats(same),
            "changed_sent": stats(sent),
            "items": len(before),
            "json_kib": round(size / 1024),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    apply_theme(app, resources_dir() / "theme.qss")  # type: ignore[arg-type]
    old = old_catalogue_class()
    result: dict[str, Any] = {
        "bench": "catalogue_scale",
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
        "old_catalogue": OLD_CATALOGUE if old else None,
    }
    for scale in ("light", "province"):
        store = filled_store(scale)
        entry: dict[str, Any] = {
            "cameras": len(store.cameras),
            "wards": len(store.areas),
            "reports": len(store.reports),
            "incidents": len(store.incidents),
            "queries": queries(store),
        }
        entry["catalogue"] = measure_catalogue(Catalogue, store, args.rounds, flush=True)
        if old is not None:
            entry["catalogue_before"] = measure_catalogue(old, store, args.rounds, flush=False)
        entry["lists"] = measure_lists(store, args.rounds)
        entry["map_layer_on_ui_thread"] = measure_map_layers(store, args.rounds)
        result[scale] = entry
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
