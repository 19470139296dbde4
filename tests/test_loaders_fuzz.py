"""Fuzz the loaders a bad file can reach: layouts (the library scan, a layout pushed through
the backend, a drop from another program), config.json and monitors.json (issues #16, #17).

Hundreds of generated files go through the real entry points: random JSON, raw text, and
mutations of the shipped layouts (wrong types, whole numbers written as floats, NaN and
infinity, huge numbers, long and hostile strings, deep nesting, extra and missing keys,
duplicated screens and panels, a panel's kind swapped). Three things are counted, and each
must be zero:

- crashes: an exception escaping an entry point (anything but the one error it documents);
- accepted-invalid: a layout or setting accepted that breaks an invariant checked here, by
  hand and independently of the schema (every int an int inside its grid, every number
  finite, strings bounded, map_view() works, a tour dwells ≥ 3 s, the layout saves and
  reads back equal…);
- slow: one file taking more than 0.5 s.

Runs derandomized (the same examples on every run, so CI is reproducible) in well under 30 s
on two cores. The counts are printed when the test fails, with the first cases of each kind.
"""

from __future__ import annotations

import copy
import json
import math
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ioc_desktop.clock import zone_problem
from ioc_desktop.config import CHOICES, EDITABLE, Settings, check_changes
from ioc_desktop.files import text_depth
from ioc_desktop.layout import edit
from ioc_desktop.layout.edit import EditRefused
from ioc_desktop.layout.kinds import KINDS
from ioc_desktop.layout.library import LayoutLibrary
from ioc_desktop.layout.model import Layout, LayoutError, load_layout, save_layout
from ioc_desktop.layout.monitors import MonitorMemory, parse_split
from ioc_desktop.paths import layouts_dir
from ioc_desktop.severity import SEVERITY_RANK

SLOW_S = 0.5
FUZZ = settings(
    max_examples=400,
    derandomize=True,
    database=None,
    deadline=None,  # time is measured and counted below, per file, not per example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SHIPPED = {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(layouts_dir().glob("*.json"))}
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass
class Tally:
    """What the fuzzing found; a failure prints it whole."""

    cases: int = 0
    crashes: list[str] = field(default_factory=list)
    accepted_invalid: list[str] = field(default_factory=list)
    slow: list[str] = field(default_factory=list)
    accepted: int = 0
    seconds: float = 0.0

    def report(self) -> str:
        lines = [
            f"cases {self.cases}, accepted {self.accepted}, crashes {len(self.crashes)}, "
            f"accepted-invalid {len(self.accepted_invalid)}, slow {len(self.slow)}, "
            f"{self.seconds:.1f} s"
        ]
        for name in ("crashes", "accepted_invalid", "slow"):
            lines += [f"  {name}: {c}" for c in getattr(self, name)[:5]]
        return "\n".join(lines)

    def check(self) -> None:
        print(self.report())
        assert not (self.crashes or self.accepted_invalid or self.slow), self.report()


@contextmanager
def timed(tally: Tally, what: str) -> Iterator[None]:
    # the loader's own CPU time on this thread: a file that makes it work too long (a
    # pathological pattern, a huge nesting) shows; the machine's other load does not (the
    # suite builds the bundle beside these tests: a 3-file rescan read 0.76 s of wall time)
    start = time.thread_time()
    yield
    took = time.thread_time() - start
    tally.seconds += took
    if took > SLOW_S:
        tally.slow.append(f"{what}: {took:.2f} s")


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 300 else text[:300] + "…"


# ---- generated values ------------------------------------------------------------------------

DEEP = "__deep__"  # replaced by real nesting once serialised (json.dumps itself recurses)
HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "\ud800",  # a lone surrogate: cannot be written back as UTF-8
    "a\nb",
    "\u202eevil",
    "../../etc/passwd",
    "<b>x</b>",
    "%s%n{0}{name}",
    "Đà Nẵng",
    "🙂" * 50,
]
hostile = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 2, 3, 7, 8, 9, 22, 23, 64, 65, 3600, 3601, 2**31, 2**53 + 1]),
    st.floats(),  # NaN and ±infinity included
    st.sampled_from([0.0, 1.0, 2.0, 3.0, 2.5, -0.0, 1e308, 1e-308, math.nan, math.inf]),
    st.text(max_size=30),
    st.sampled_from(HOSTILE_TEXT),
    st.integers(min_value=200, max_value=20_000).map(lambda n: "x" * n),
    st.lists(st.one_of(st.integers(), st.text(max_size=5)), max_size=4),
    st.dictionaries(st.text(max_size=6), st.integers(), max_size=3),
    st.lists(st.floats(), min_size=2, max_size=2),
    st.integers(min_value=30, max_value=5000).map(lambda n: f"{DEEP}{n}"),
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(['"', "\\", '\\"', "[", "]", "{", "}", '"[{', "\\\\]"]),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=30,
)
EXTRA_KEYS = ["extra", "settings", "row", "col", "kind", "zoom", "center", "dwell_s", "slot"]


def serialise(doc: Any, ascii_only: bool) -> str:
    text = json.dumps(doc, ensure_ascii=ascii_only)  # NaN/Infinity written as Python does
    return re.sub(rf'"{DEEP}(\d+)"', lambda m: "[" * int(m[1]) + "]" * int(m[1]), text)


def materialise(doc: Any) -> Any:
    """The value a parser would give for `doc`, deep nesting made real (without recursing:
    a layout pushed through the backend arrives parsed, at whatever depth)."""
    if isinstance(doc, str) and doc.startswith(DEEP):
        deep: list[Any] = []
        for _ in range(int(doc[len(DEEP) :])):
            deep = [deep]
        return deep
    if isinstance(doc, dict):
        return {k: materialise(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [materialise(v) for v in doc]
    return doc


def paths_in(doc: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += paths_in(v, (*at, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += paths_in(v, (*at, i))
    return out


def get(doc: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        doc = doc[p]
    return doc


@st.composite
def mutated_layout(draw: st.DrawFn) -> Any:
    """A shipped layout with up to four things changed (now and then nothing: a valid one)."""
    doc = copy.deepcopy(SHIPPED[draw(st.sampled_from(sorted(SHIPPED)))])
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        paths = paths_in(doc)
        path = draw(st.sampled_from(paths))
        target = get(doc, path)
        parent: Any = get(doc, path[:-1]) if path else None
        op = draw(
            st.sampled_from(
                ["replace", "replace", "delete", "extra", "duplicate", "float", "nudge", "kind"]
            )
        )
        if op == "replace" and path:
            parent[path[-1]] = draw(hostile)
        elif op == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif op == "extra" and isinstance(target, dict):
            target[draw(st.sampled_from(EXTRA_KEYS))] = draw(hostile)
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(target))  # a second screen or panel just like it
        elif op == "float" and path and type(target) is int:
            parent[path[-1]] = float(target)  # 1 written as 1.0
        elif op == "nudge" and path and type(target) is int:
            parent[path[-1]] = target + draw(st.sampled_from([-1, 1, 2, 8]))
        elif op == "kind" and isinstance(target, dict) and "kind" in target:
            target["kind"] = draw(st.sampled_from(sorted(KINDS)))  # settings of another kind
        elif op == "replace" and not path:
            doc = draw(hostile)
    return doc


layout_file = st.one_of(
    mutated_layout().flatmap(
        lambda doc: st.booleans().map(lambda ascii_only: serialise(doc, ascii_only))
    ),
    json_values.map(lambda v: serialise(v, True)),
    st.text(max_size=200),  # not JSON at all, mostly
    mutated_layout()
    .map(lambda d: serialise(d, True))
    .flatmap(
        lambda t: st.integers(min_value=0, max_value=len(t)).map(lambda n: t[:n])  # truncated
    ),
)


# ---- invariants, checked by hand ---------------------------------------------------------------


def _text_ok(value: Any, limit: int = 300) -> bool:
    if not isinstance(value, str) or len(value) > limit:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_int(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def _numbers_finite(value: Any) -> bool:
    todo = [value]
    while todo:
        v = todo.pop()
        if isinstance(v, dict):
            if not all(_text_ok(k) for k in v):
                return False
            todo += v.values()
        elif isinstance(v, list):
            todo += v
        elif not _scalar_ok(v):
            return False
    return True


def _scalar_ok(v: Any) -> bool:
    if isinstance(v, float):
        return math.isfinite(v)
    if isinstance(v, int) and not isinstance(v, bool):
        return abs(v) <= 2**53
    return v is None or isinstance(v, bool) or _text_ok(v)


def layout_violations(layout: Layout, scratch: Path) -> list[str]:
    """What an accepted layout must never be, checked without the schema."""
    bad = []
    if not (_text_ok(layout.name, 64) and NAME.match(layout.name)):
        bad.append(f"name {short(layout.name)}")
    if not (_text_ok(layout.title_vi) and _text_ok(layout.title_en)):
        bad.append("title")
    if type(layout.schema_version) is not int or type(layout.locked) is not bool:
        bad.append("version or lock")
    for m in layout.incident_match:
        if m.min_severity and m.min_severity not in SEVERITY_RANK:
            bad.append(f"severity {short(m.min_severity)}")
        if not (_text_ok(m.category, 64) and _text_ok(m.sub_category, 64)):
            bad.append("incident match text")
    if not 1 <= len(layout.screens) <= 16:
        bad.append(f"{len(layout.screens)} screens")
    if len({s.name for s in layout.screens}) != len(layout.screens):
        bad.append("screen names repeat")
    for s in layout.screens:
        if not (_text_ok(s.name, 64) and s.name and _text_ok(s.monitor, 128)):
            bad.append(f"screen name {short(s.name)}")
        if not (_is_int(s.rows, 1, 8) and _is_int(s.cols, 1, 8)):
            bad.append(f"grid {short((s.rows, s.cols))}")
            continue
        taken: set[tuple[int, int]] = set()
        for p in s.panels:
            where = f"{s.name}/{p.kind}"
            if p.kind not in KINDS:
                bad.append(f"kind {short(p.kind)}")
            fits = (
                _is_int(p.row, 0, s.rows - 1)
                and _is_int(p.col, 0, s.cols - 1)
                and _is_int(p.row_span, 1, s.rows - p.row)
                and _is_int(p.col_span, 1, s.cols - p.col)
            )
            if not fits:
                bad.append(f"{where} cell {short((p.row, p.col, p.row_span, p.col_span))}")
                continue
            if taken & p.cells():
                bad.append(f"{where} overlaps")
            taken |= p.cells()
            st_ = p.settings
            if not isinstance(st_, dict) or not _numbers_finite(st_):
                bad.append(f"{where} settings {short(st_)}")
                continue
            bad += [f"{where}: {why}" for why in _kind_violations(p.kind, st_)]
            if p.kind == "map":
                try:
                    (lat, lon), zoom = p.map_view()
                    if not (
                        math.isfinite(lat)
                        and math.isfinite(lon)
                        and -90 <= lat <= 90
                        and -180 <= lon <= 180
                        and _is_int(zoom, 0, 22)
                    ):
                        bad.append(f"{where} view {short(((lat, lon), zoom))}")
                except Exception as exc:
                    bad.append(f"{where} map_view() raised {exc!r}")
    if bad:
        return bad
    try:  # accepted means usable: it saves, reads back equal, and passes its own check
        copy_path = scratch / "roundtrip.json"
        save_layout(layout, copy_path)
        if load_layout(copy_path) != layout:
            bad.append("changes through save and load")
        layout.check()
    except Exception as exc:
        bad.append(f"cannot be saved and read back: {exc!r}")
    return bad


def _kind_violations(kind: str, s: dict[str, Any]) -> list[str]:
    bad = []
    if kind == "camera_tour":
        ids = s.get("camera_ids")
        if not (isinstance(ids, list) and 1 <= len(ids) <= 64):
            bad.append(f"tour cameras {short(ids)}")
        elif not all(_text_ok(c, 128) and c for c in ids):
            bad.append("tour camera id")
        dwell = s.get("dwell_s", 10)
        if isinstance(dwell, bool) or not isinstance(dwell, int | float) or not 3 <= dwell <= 3600:
            bad.append(f"dwell {short(dwell)}")
    elif kind == "camera":
        if "slot" in s and not _is_int(s["slot"], 1, 64):
            bad.append(f"slot {short(s['slot'])}")
        if not _text_ok(s.get("camera_id", ""), 128):
            bad.append("camera id")
    elif kind in ("kpi_trend", "kpi_bars"):
        if not (_text_ok(s.get("kpi_id"), 128) and s.get("kpi_id")):
            bad.append(f"kpi_id {short(s.get('kpi_id'))}")
    elif kind == "kpi_tiles":
        system, ids = s.get("system"), s.get("kpi_ids")
        if system is None and ids is None:
            bad.append("tiles of nothing")
        if system is not None and not _is_int(system, 1, 9):
            bad.append(f"system {short(system)}")
        if ids is not None and not (
            isinstance(ids, list) and 1 <= len(ids) <= 12 and all(_text_ok(k, 128) for k in ids)
        ):
            bad.append(f"kpi_ids {short(ids)}")
    for key in ("show_stats", "follow_incident"):
        if key in s and type(s[key]) is not bool:
            bad.append(f"{key} {short(s[key])}")
    return bad


def settings_violations(s: Settings) -> list[str]:
    bad = []
    defaults = Settings()
    for key in (*EDITABLE, "time_zone", "wall_split", "video_extra_args", "layout"):
        value, default = getattr(s, key), getattr(defaults, key)
        if isinstance(value, bool) != isinstance(default, bool) or not isinstance(
            value, type(default) if not isinstance(default, float) else (int, float)
        ):
            bad.append(f"{key} type {short(value)}")
    for key in ("poll_fast_s", "poll_slow_s"):
        v = s.poll_fast_s if key == "poll_fast_s" else s.poll_slow_s
        if not (isinstance(v, int | float) and math.isfinite(v) and 0.5 <= v <= 600):
            bad.append(f"{key} {short(v)}")
    if not _is_int(s.network_caching_ms, 0, 5000):
        bad.append(f"network_caching_ms {short(s.network_caching_ms)}")
    for key, choices in CHOICES.items():
        if getattr(s, key) not in choices:
            bad.append(f"{key} {short(getattr(s, key))}")
    if not re.match(r"^https?://[^/\s]+", s.backend_url):
        bad.append(f"backend_url {short(s.backend_url)}")
    if not isinstance(s.time_zone, str) or zone_problem(s.time_zone):
        bad.append(f"time_zone {short(s.time_zone)}")
    try:
        parse_split(s.wall_split)
    except Exception:
        bad.append(f"wall_split {short(s.wall_split)}")
    if not (
        isinstance(s.video_extra_args, list)
        and all(isinstance(a, str) and a.startswith("--") for a in s.video_extra_args)
    ):
        bad.append(f"video_extra_args {short(s.video_extra_args)}")
    for key in ("layout", "map_tiles", "map_tile_url", "snapshot_dir", "control_monitor"):
        v = getattr(s, key)
        if not (_text_ok(v, 4096) and "\0" not in v):
            bad.append(f"{key} {short(v)}")
    return bad


# ---- the fuzzing -------------------------------------------------------------------------------


def fresh_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="ioc-fuzz-"))


def test_layout_loaders_survive_anything_and_accept_only_valid_layouts() -> None:
    tally = Tally()
    empty_shipped, scratch = fresh_dir(), fresh_dir()

    @FUZZ
    @given(files=st.lists(layout_file, min_size=1, max_size=3))
    def scan(files: list[str]) -> None:
        user = fresh_dir()
        try:
            for i, text in enumerate(files):
                tally.cases += 1
                path = user / f"fuzz-{i}.json"
                path.write_text(text, "utf-8", errors="surrogatepass")
                with timed(tally, f"load {short(text)}"):
                    try:
                        load_layout(path)  # the function the scan calls, on its own
                    except LayoutError:
                        pass
                    except Exception as exc:
                        tally.crashes.append(f"load_layout: {exc!r} on {short(text)}")
            with timed(tally, f"rescan of {len(files)} files"):
                try:
                    lib = LayoutLibrary(empty_shipped, user)
                except Exception as exc:
                    tally.crashes.append(f"rescan: {exc!r} on {short(files)}")
                    return
            left = {p.name for p in user.glob("*.json")} - {f"{n}.json" for n in lib.names()}
            if left:  # everything not accepted is set aside, so the next start is clean
                tally.accepted_invalid.append(f"not set aside: {sorted(left)}")
            for name in lib.names():
                tally.accepted += 1
                for why in layout_violations(lib.get(name), scratch):
                    tally.accepted_invalid.append(f"{name}: {why}")
        finally:
            shutil.rmtree(user, ignore_errors=True)

    scan()
    shutil.rmtree(scratch, ignore_errors=True)
    tally.check()


def test_layouts_from_the_backend_and_drops_survive_anything() -> None:
    """The same model, reached without a file: a layout pushed through the backend
    (wall_link: Layout.from_json on parsed JSON) and a drop from another program."""
    tally = Tally()
    scratch = fresh_dir()
    base = Layout.from_json(SHIPPED["overview"], "overview")

    @FUZZ
    @given(
        doc=mutated_layout(),
        kind=st.one_of(st.sampled_from(sorted(KINDS)), st.text(max_size=10)),
        drop=st.one_of(
            st.dictionaries(st.sampled_from([*EXTRA_KEYS, "camera_ids", "kpi_id"]), hostile),
            hostile,
        ),
        cell=st.tuples(st.integers(-1, 5), st.integers(-1, 5)),
    )
    def push(doc: Any, kind: str, drop: Any, cell: tuple[int, int]) -> None:
        tally.cases += 2
        value = materialise(doc)  # parsed, as requests' .json() gives it
        with timed(tally, f"from_json {short(doc)}"):
            try:
                layout = Layout.from_json(value, "pushed")
            except LayoutError:
                layout = None
            except Exception as exc:
                tally.crashes.append(f"from_json: {exc!r} on {short(doc)}")
                layout = None
        if layout is not None:
            tally.accepted += 1
            tally.accepted_invalid += [f"pushed: {w}" for w in layout_violations(layout, scratch)]
        settings_value = materialise(drop)
        with timed(tally, f"drop {short(drop)}"):
            try:
                placed = edit.place(base, 0, cell[0], cell[1], kind, settings_value)
            except EditRefused:
                placed = None
            except Exception as exc:
                tally.crashes.append(f"place {kind!r}: {exc!r} on {short(drop)}")
                placed = None
        if placed is not None:
            tally.accepted += 1
            tally.accepted_invalid += [f"drop: {w}" for w in layout_violations(placed, scratch)]

    push()
    shutil.rmtree(scratch, ignore_errors=True)
    tally.check()


GOOD_CONFIG: dict[str, Any] = {
    "schema_version": 1,
    "backend_url": "https://ioc.phutho.gov.vn",
    "poll_fast_s": 2.0,
    "poll_slow_s": 10,
    "network_caching_ms": 300,
    "hardware_decoding": "auto",
    "language": "vi",
    "time_zone": "Asia/Ho_Chi_Minh",
    "role": "wall",
    "wall_split": "2x2",
    "video_extra_args": ["--avcodec-threads=1"],
    "map_tile_url": "https://tiles.phutho.gov.vn/{z}/{x}/{y}.png",
    "incident_layout": "ask",
}


@st.composite
def config_doc(draw: st.DrawFn) -> Any:
    doc: Any = dict(GOOD_CONFIG)
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        key = draw(st.sampled_from([*GOOD_CONFIG, *EDITABLE, "token", "nope", "problems"]))
        doc[key] = draw(hostile)
    return draw(st.one_of(st.just(doc), json_values, hostile.map(lambda v: {"x": v})))


def test_config_and_monitor_files_survive_anything_and_keep_settings_in_range() -> None:
    tally = Tally()

    def guarded(what: str, text: str, call: Callable[[], Any]) -> Any:
        with timed(tally, f"{what} {short(text)}"):
            try:
                return call()
            except Exception as exc:
                tally.crashes.append(f"{what}: {exc!r} on {short(text)}")
                return None

    @FUZZ
    @given(doc=config_doc(), raw=st.text(max_size=50), use_raw=st.booleans())
    def load(doc: Any, raw: str, use_raw: bool) -> None:
        folder = fresh_dir()
        try:
            text = raw if use_raw else serialise(doc, ascii_only=True)
            for name in ("config.json", "monitors.json"):
                tally.cases += 1
                (folder / name).write_text(text, "utf-8", errors="surrogatepass")
            s = guarded("Settings.load", text, lambda: Settings.load(folder / "config.json"))
            if s is not None:
                tally.accepted += 1
                tally.accepted_invalid += [f"config: {w}" for w in settings_violations(s)]
            if isinstance(doc, dict) and not use_raw:
                tally.cases += 1
                problems = guarded("check_changes", text, lambda: check_changes(doc))
                if problems == [] and any(k not in EDITABLE for k in doc):
                    tally.accepted_invalid.append(f"dialog took {short(doc)}")
            memory = guarded("MonitorMemory", text, lambda: MonitorMemory(folder / "monitors.json"))
            if memory is not None and not all(
                _text_ok(k, 128) and _text_ok(v, 128) and v for k, v in memory.assignments.items()
            ):
                tally.accepted_invalid.append(f"monitors {short(memory.assignments)}")
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    load()
    tally.check()


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


@FUZZ
@given(value=json_values, ascii_only=st.booleans())
def test_the_depth_is_measured_right_before_parsing(value: Any, ascii_only: bool) -> None:
    """The scan that refuses deep files before the parser runs counts exactly what the parser
    would nest, whatever brackets and quotes the strings hold."""
    assert text_depth(json.dumps(value, ensure_ascii=ascii_only)) == _depth(value)
