"""With a real X display (Xvfb, started by the fixture): the whole app plays video, draws
charts and the offline map; the map page shows hostile text literally and cannot leave the
machine. These run the app in a subprocess, as an operator would start it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ioc_desktop.demo.simulation import HOSTILE_DESCRIPTIONS
from tests.conftest import display_env, run_python

pytestmark = pytest.mark.display


def last_json(stdout: str) -> dict:  # type: ignore[type-arg]
    line = [ln for ln in stdout.splitlines() if ln.startswith("{")][-1]
    return json.loads(line)  # type: ignore[no-any-return]


def run_probe(script: str, display: str, clip_cache: Path, *args: str) -> dict:  # type: ignore[type-arg]
    """Run one of tests/probes/ under the display; its last JSON line is the result."""
    env = display_env(display)
    env["IOC_CACHE_DIR"] = str(clip_cache)
    out = run_python([f"tests/probes/{script}", *args], env, timeout=180)
    assert out.returncode == 0, out.stderr[-3000:]
    result = last_json(out.stdout)
    result["_stderr"] = out.stderr
    return result


@pytest.mark.parametrize("map_opengl", ["auto", "on"])
def test_map_is_offline_and_escapes_hostile_text(
    xvfb: str, clip_cache: Path, map_opengl: str
) -> None:
    r = run_probe("map_probe.py", xvfb, clip_cache, map_opengl)
    # Xvfb's OpenGL is llvmpipe (software): auto draws the map on the CPU; "on" (what a wall
    # with a graphics card gets) composites it with OpenGL. Both must draw the same map.
    assert "llvmpipe" in r["map_renderer"]
    gl_cpu = r["software_gl_cpu_s_while_pulsing"]
    if map_opengl == "auto":
        assert r["map_opengl"] is False and r["scene_graph"] == "software"
        assert gl_cpu < 0.05, r  # nothing composited by llvmpipe
    else:
        assert r["map_opengl"] is True and r["scene_graph"] != "software"
        assert gl_cpu > 0.05, r  # the same 1.4 s, composited by llvmpipe
    assert r["loaded"] is True
    assert r["counts"]["areas"] >= 20 and r["counts"]["cameras"] == 8
    assert r["counts"]["incidents"] > 0 and r["counts"]["aq"] == 6
    # every asset came from the ioc:// scheme; nothing tried to leave 127.0.0.1
    assert r["served"] >= 7
    # a new incident pulses (its pixels change over one period), an hour-old one is still
    pulse = r["pulse"]
    assert pulse["pulsing_elements"] == 1
    assert pulse["new_changed_px"] >= 40, pulse
    assert pulse["old_changed_px"] == 0, pulse
    assert r["blocked_before_probe"] == []
    # and a page that tries anyway is stopped by the guard
    assert "https://tile.example.org/1/1/1.png" in r["blocked_after_probe"]
    assert "http://203.0.113.9/x.png" in r["blocked_after_probe"]
    # hostile citizen text: shown literally, nothing ran, no element was created from it
    joined = "\n".join(r["labels"])
    for text in HOSTILE_DESCRIPTIONS:
        assert text in joined
    assert r["xss"] == "undefined"
    assert r["injected_img_elements"] == 0
    # the QWebChannel bridge: a click opens that camera / incident; made-up ids do nothing
    kinds = [k for k, _ in r["opened"]]
    assert kinds == ["camera", "incident"] and r["opened_signals"] == r["opened"]
    assert r["refused"] == 3 and r["xss_after_bridge"] == "undefined"
    # updates reach the page through the channel without reloading it
    assert r["kept_after_update"] == "42" and r["cameras_after_update"] == 7
    view = r["view_after_center_on"]
    assert view["zoom"] == 14 and abs(view["lat"] - 21.3) < 1e-6 and abs(view["lon"] - 105.4) < 1e-6
    lat, lon, zoom = r["views_reported"][-1]
    assert zoom == 14 and abs(lat - 21.3) < 1e-6 and abs(lon - 105.4) < 1e-6
    # a switch keeping the map: its own view asks nothing of the page, another one moves it
    assert r["show_view_asked"] == 1
    assert r["views_reported_after_show_view"][-1] == [21.2, 105.3, 10]
    view = r["view_after_show_view"]
    assert view["zoom"] == 10 and abs(view["lat"] - 21.2) < 1e-6 and abs(view["lon"] - 105.3) < 1e-6


def test_demo_wall_selftest(xvfb: str, clip_cache: Path) -> None:
    env = display_env(xvfb)
    env["IOC_CACHE_DIR"] = str(clip_cache)
    out = run_python(
        ["-m", "ioc_desktop", "--demo", "--demo-hostile", "--selftest", "20"], env, timeout=240
    )
    assert out.stdout.strip(), out.stderr[-3000:]
    r = last_json(out.stdout)
    assert out.returncode == 0, (r.get("failures"), out.stderr[-3000:])
    assert r["ok"] is True and r["failures"] == []
    tiles = r["tiles"]
    assert tiles["total"] >= 4 and tiles["playing"] == tiles["total"]
    # real frames on screen, by libVLC's own count: at least a few seconds' worth each
    assert all(n >= 50 for n in tiles["frames_displayed"].values()), tiles
    assert set(tiles["status"].values()) == {"live"}, (tiles["status"], r["wall_plan"])
    assert r["charts"]["panels"] >= 3
    assert all(n >= 2 for n in r["charts"]["updates"].values())
    markers = r["map"]["markers"]
    assert markers["cameras"] == 8 and markers["areas"] >= 20 and markers["incidents"] > 0
    assert r["map"]["blocked_requests"] == []
    assert r["incidents_listed"] > 0 and r["reports_listed"] > 0
    assert r["link"] == "online"
    assert r["ui_stall"]["max_after_warmup_ms"] < 500
    # charts and the map: OpenGL only on hardware GL; Xvfb's llvmpipe (or no GL) falls back
    assert r["charts_opengl"]["opengl"] is False and r["charts_opengl"]["why"]
    assert r["map_opengl"]["opengl"] is False and r["map_opengl"]["why"]


def test_selftest_fails_when_the_backend_is_dead(xvfb: str) -> None:
    """The selftest is not a rubber stamp: with nothing to show it must say so and exit 1."""
    env = display_env(xvfb)
    out = run_python(
        ["-m", "ioc_desktop", "--backend", "http://127.0.0.1:9", "--selftest", "6"],
        env,
        timeout=120,
    )
    r = last_json(out.stdout)
    assert out.returncode == 1
    assert r["ok"] is False
    assert "a camera tile displayed no frame" in r["failures"]
    assert r["link"] == "offline"


def test_tile_status_through_a_stream_server_crash(xvfb: str, clip_cache: Path) -> None:
    r = run_probe("stream_recovery_probe.py", xvfb, clip_cache)
    assert r["first_live_s"] is not None and r["first_live_s"] < 10
    assert r["lost_after_kill_s"] is not None and r["lost_after_kill_s"] < 10
    assert r["live_after_restart_s"] is not None and r["live_after_restart_s"] < 10
    assert r["reconnects"] >= 1
    assert r["statuses_seen"][:3] == ["connecting", "live", "lost"]
    # rtsp:// is relayed where libVLC has no RTSP (video/relay.py): tried, never "unsupported"
    assert r["rtsp_status"] == "connecting" and r["rtsp_detail"] == ""
    assert "secret" not in r["_stderr"]  # credentials in a URL never reach the log
    # first pictures are timed off the UI thread: while it slept 2.5 s, the picture came
    assert r["busy_ui_picture_s"] < 2.3 and r["busy_ui_told_s"] >= 2.5
    assert r["first_frame_still_watched"] == 0  # every live stream's media handed back


def test_corrupt_layout_file_falls_back_with_a_clear_message(xvfb: str, tmp_path: Path) -> None:
    bad = tmp_path / "incident-flood.json"
    bad.write_text('{"schema_version": 1, "name": "flood", "screens": [', encoding="utf-8")
    env = display_env(xvfb)
    # and one of the operator's own layouts, hand-edited into a future version
    user_layouts = Path(env["IOC_DATA_DIR"]) / "layouts"
    user_layouts.mkdir(parents=True, exist_ok=True)
    future = user_layouts / "mine.json"
    future.write_text('{"schema_version": 7, "name": "mine", "screens": []}', encoding="utf-8")
    out = run_python(
        ["-m", "ioc_desktop", "--demo", "--layout", str(bad), "--selftest", "8"],
        env,
        timeout=120,
    )
    r = last_json(out.stdout)
    assert r["layout"] == "overview"
    assert str(bad) in r["layout_problem"] and "not valid JSON" in r["layout_problem"]
    assert str(future) in r["layout_problem"] and "newer IOC Wall" in r["layout_problem"]
    assert r["tiles"]["playing"] == r["tiles"]["total"] >= 4
    assert bad.read_text(encoding="utf-8").endswith('"screens": [')  # the bad file is untouched
    aside = list((user_layouts / "unreadable").glob("mine.json.*"))  # kept, never overwritten
    assert len(aside) == 1 and '"schema_version": 7' in aside[0].read_text(encoding="utf-8")


def test_editing_a_running_wall_keeps_cameras_playing(
    xvfb: str, clip_cache: Path, tmp_path: Path
) -> None:
    shot = tmp_path / "editor.png"
    env = display_env(xvfb)
    env["IOC_CACHE_DIR"] = str(clip_cache)
    out = run_python(["tests/probes/layout_editor_probe.py", str(shot)], env, timeout=180)
    assert out.returncode == 0, out.stderr[-3000:]
    r = last_json(out.stdout)
    assert r["first_live_s"] is not None
    # a camera dragged from the catalogue onto a free cell plays by itself
    assert r["catalogue_drop_accepted"] and r["dropped_camera"] == "cam05"
    assert r["dropped_live_s"] is not None and r["dropped_live_s"] < 10
    # swapping two running cameras moves the same tiles: no reconnect, frames kept coming
    assert r["swap_accepted"] and r["swapped_same_widgets"]
    assert set(r["swap_reconnects"].values()) == {0}, r
    assert all(n >= 25 for n in r["swap_frames_gained"].values()), r
    assert r["swap_status"] == [True, True]
    assert r["resized_span"] == [2] and r["resized_same_widget"]
    # undo three times: the wall as it was; the dropped tile released its player
    assert r["undone_to_original"] and r["after_undo_tiles"] == ["cam01", "cam02"]
    assert r["released_dropped_tile"]
    # a switch hands the tiles that go to the camera panels that come: new cameras, live
    assert r["switch_reused_tiles"] and r["switch_same_windows"] and r["switch_new_keys"], r
    assert r["switch_live_s"] is not None and r["switch_live_s"] < 10
    assert r["switch_cameras"] == ["cam03", "cam04"]
    assert "cam03" in r["switch_urls"][0] and "cam04" in r["switch_urls"][1]
    assert r["switch_old_streams_open"] == []
    assert "cam03" not in r["switch_titles"][0]  # the camera's name, not its id
    assert r["screenshot"] and Path(r["screenshot"]).stat().st_size > 10_000


def test_hidden_tiles_stop_decoding_and_tiles_pick_their_stream_profile(
    xvfb: str, clip_cache: Path
) -> None:
    r = run_probe("hidden_tiles_probe.py", xvfb, clip_cache)
    assert r["all_live_s"] is not None
    # only the visible tile holds a player
    assert r["open_while_maximised"] == [r["maximised_key"]]
    assert r["hidden_pills"] == ["Đã dừng"] * 3
    assert r["all_live_again_s"] is not None and r["all_live_again_s"] < 8
    assert r["open_after_restore"] == 4
    # small tiles pull the sub stream, a maximised one the main stream, and back
    assert r["url_small"].endswith("/cam01-sub")
    assert r["url_maximised"].endswith("/cam01")
    assert r["maximised_live_s"] is not None and r["maximised_live_s"] < 8
    assert r["url_restored"].endswith("/cam01-sub")
    assert r["all_live_after_switch_back_s"] is not None


def test_camera_tiles_switch_without_black_tour_snapshot_freeze(
    xvfb: str, clip_cache: Path
) -> None:
    r = run_probe("tile_features_probe.py", xvfb, clip_cache)
    assert r["first_live_s"] is not None and r["first_live_s"] < 10
    assert r["muted"] == [True, True, True]
    # a URL this libVLC cannot play (rtmp://: Debian's has no RTMP) says so, in words, on the tile
    assert r["rtsp_status"] == "unsupported"
    assert "Không phát được luồng này" in r["rtsp_message"] and "RTMP" in r["rtsp_message"]
    # the tour visits its cameras in order and says where it is
    assert [u.rsplit("/", 1)[1] for u in r["tour_urls"]] == ["cam02-sub", "cam03-sub", "cam05-sub"]
    assert r["tour_subtitle"].startswith("Tuần tra 3/3") and r["tour_live"] == "live"
    assert r["tour_title_mismatches"] == []  # the name follows the picture, not the request
    # maximise: sub -> main, make before break. Sampled from the screen: black for at most a
    # couple of frames at the swap (X without a compositor keeps no pixels of a hidden
    # window); the naive close-then-open in the same run leaves the tile without a moving
    # picture far longer (which also shows the measurement can fail)
    assert r["url_maximised"].endswith("/cam01") and r["maximised_status"] == "live"
    assert r["switch_black_ms"] <= 100, r["switch_trace"]
    assert r["baseline_dead_ms"] >= 800
    assert r["switch_dead_ms"] <= r["baseline_dead_ms"] / 2, r["switch_trace"]
    # snapshot: full main-stream resolution, a real picture, named after camera and time
    name = Path(r["snapshot"]).name
    assert name.startswith(r["snapshot_camera_name"] + "_") and name.endswith(".png")
    assert re.search(r"_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.png$", name)
    assert r["snapshot_size"] == [1280, 720]
    assert r["snapshot_range"][1] - r["snapshot_range"][0] > 100
    # a frozen stream (socket open, no bytes): stalled, then lost, then live again by itself
    assert r["stalled_after_s"] is not None and r["stalled_after_s"] < 5
    assert r["stalled_pill"].startswith("Hình bị treo")
    assert r["lost_after_s"] is not None and r["lost_after_s"] < 8
    assert r["live_again_s"] is not None and r["live_again_s"] < 10
    assert r["frozen_statuses"][:2] == ["stalled", "lost"] and r["frozen_statuses"][-1] == "live"


def test_every_tile_keeps_its_video_through_presets_swaps_and_moves(
    xvfb: str, clip_cache: Path, tmp_path: Path
) -> None:
    """Presets 1+5 → 1+7 → 2+8 → 1+12 on a running wall, then a swap and a move of tiles
    that keep their size: each tile's video window lies inside it (the X server's word) and
    shows a moving picture (the screen's)."""
    r = run_probe("tile_relayout_probe.py", xvfb, clip_cache, str(tmp_path))
    assert r["first_live_s"] is not None
    steps = [s["preset"] for s in r["steps"]]
    assert steps == ["start", "1+5", "1+7", "2+8", "1+12", "swap", "move"]
    assert all(len(s["tiles"]) == 6 for s in r["steps"])
    assert r["misplaced"] == [], r["misplaced"]
    assert r["still"] == [], r["still"]


def test_a_dead_camera_keeps_its_last_picture_dimmed_with_its_age_and_reason(
    xvfb: str, clip_cache: Path, tmp_path: Path
) -> None:
    """A hung camera (stalled, then lost) and a killed stream server (lost at once): each
    tile shows its last picture, dimmed, with the picture's time and the reason, never black
    and never undimmed; live again by itself. TZ=UTC: tile clocks read the province's time."""
    env = display_env(xvfb)
    env.update(IOC_CACHE_DIR=str(clip_cache), TZ="UTC")
    out = run_python(["tests/probes/tile_last_picture_probe.py", str(tmp_path)], env, timeout=180)
    assert out.returncode == 0, out.stderr[-3000:]
    r = last_json(out.stdout)
    assert r["first_live_s"] is not None and r["stills_kept_s"] is not None
    assert r["tile_clock"][:5] == r["province_now"][:5], (r["tile_clock"], r["province_now"])

    def kept_and_dimmed(look: dict, status_words: str, snapshot: bool = False) -> None:  # type: ignore[type-arg]
        # snapshot: once the recovery ladder is on its last rung, the camera's snapshot (the
        # backend still answers while the stream server is down) may stand for the last picture
        said = r"(hình cuối|ảnh chụp lúc)" if snapshot else "hình cuối"
        assert look["showing"] == "screen", look
        assert status_words in look["text"], look
        assert re.search(said + r" \d\d:\d\d:\d\d, \d+ giây trước", look["text"]), look
        assert 0.15 < look["luma"] / look["live_luma"] < 0.7, look  # dimmed, not black
        # the camera's own scene, not a black tile: the picture alone (a small tile's caption
        # strip left out, it says more than the live one did: the picture's age) scores
        # 0.23-0.7 against the live picture, with the code before the age badge too
        assert look["likeness"] > 0.15, look

    assert r["stalled_after_s"] is not None and r["stall_still_s"] is not None
    assert abs(r["stall_still_lag_s"]) < 1.5  # the frozen picture itself, taken at the stall
    kept_and_dimmed(r["stalled"], "Hình bị treo")
    assert r["lost_after_s"] is not None
    kept_and_dimmed(r["lost"], "Mất tín hiệu")
    assert r["server_lost_s"] is not None
    for look in r["server_down"]:
        kept_and_dimmed(look, "Mất tín hiệu", snapshot=True)
    assert all(p.startswith("Mất tín hiệu") for p in r["server_down_pills"])
    name, said, status = r["server_down_header"]  # a small tile names itself over the picture
    assert name and said.startswith("Mất tín hiệu") and status == "lost"
    assert r["live_again_s"] is not None and r["live_again_s"] < 15
    for look in r["back"]:
        assert look["showing"] == "video" and look["moving"] > 0.2, look
        assert look["luma"] / look["live_luma"] > 0.85, look


def test_a_six_by_six_wall_gives_its_tiles_to_the_picture(
    xvfb: str, clip_cache: Path, tmp_path: Path
) -> None:
    """36 live tiles at 1920×1080: name and status over the picture, the picture most of the
    tile (title rows and letterboxing left it 31 %)."""
    r = run_probe("tile_density_probe.py", xvfb, clip_cache, str(tmp_path / "density.png"))
    assert r["all_live_s"] is not None and r["tiles"] == 36
    assert r["compact"] == 36 and r["named_with_status"] == 36
    assert r["picture_fraction_min"] >= 0.6, r
    # libVLC draws every picture an even number of pixels wide (odd: a quarter more CPU a tile;
    # before video/picture_fit.py all 36 tiles of this wall drew 279 wide)
    assert r["odd_picture_widths"] == [], r


def test_workstation_opens_the_incident_desk_and_alerts(xvfb: str, clip_cache: Path) -> None:
    env = display_env(xvfb)
    env["IOC_CACHE_DIR"] = str(clip_cache)
    out = run_python(
        ["-m", "ioc_desktop", "--demo", "--role", "workstation", "--selftest", "16"],
        env,
        timeout=240,
    )
    r = last_json(out.stdout)
    assert out.returncode == 0, (r.get("failures"), out.stderr[-3000:])
    assert r["desk_incidents"] > 0 and r["desk_alerted"] > 0
    assert r["outbox_unsent"] == 0


def test_new_incident_takes_the_wall_when_set_to_auto(xvfb: str, clip_cache: Path) -> None:
    env = display_env(xvfb)
    env["IOC_CACHE_DIR"] = str(clip_cache)
    config = Path(env["IOC_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.json").write_text('{"incident_layout": "auto"}', encoding="utf-8")
    out = run_python(
        ["-m", "ioc_desktop", "--demo", "--demo-busy", "--selftest", "25"], env, timeout=240
    )
    r = last_json(out.stdout)
    taken = [s for s in r["switches"] if s["why"] == "incident"]
    assert taken, (r["switches"], out.stderr[-2000:])
    bound = {"traffic-incident", "flood-storm", "air-pollution", "event-security"}
    assert all(s["layout"] in bound for s in taken)
    assert all(s["panels_shown_s"] is not None and s["panels_shown_s"] < 1.0 for s in taken)
    # the incident's nearest cameras fill the slots and play (a later, more severe incident
    # may take the wall over before an earlier one's tiles are all live: one must be)
    assert any(
        s["tiles"] >= 2
        and s["never_live"] == []
        and s["all_tiles_live_s"] is not None
        and s["all_tiles_live_s"] < 6
        for s in taken
    ), taken


def test_offline_base_map_tiles_come_through_the_scheme(
    xvfb: str, clip_cache: Path, tmp_path: Path
) -> None:
    from PIL import Image

    tiles = tmp_path / "tiles"
    for x in range(402, 409):  # zoom 9 around the province's centre
        for y in range(223, 230):
            folder = tiles / "9" / str(x)
            folder.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (256, 256), (30 + x % 7 * 10, 60, 90)).save(folder / f"{y}.png")
    env = display_env(xvfb)
    env["IOC_CACHE_DIR"] = str(clip_cache)
    config = Path(env["IOC_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.json").write_text(f'{{"map_tiles": "{tiles}"}}', encoding="utf-8")
    out = run_python(["-m", "ioc_desktop", "--demo", "--selftest", "10"], env, timeout=180)
    r = last_json(out.stdout)
    assert r["map_tiles_served"] >= 4, out.stderr[-2000:]
    assert r["map"]["blocked_requests"] == []  # the base map never left the machine


def test_a_configured_online_tile_server_is_used_and_nothing_else(
    xvfb: str, clip_cache: Path, tmp_path: Path
) -> None:
    """`map_tile_url` set: the map asks that server for tiles (here one on loopback standing in
    for the province's tile server) and still reaches nowhere else."""
    import io
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (256, 256), (40, 70, 100)).save(png, format="PNG")
    hits: list[str] = []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png.getvalue())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = display_env(xvfb)
        env["IOC_CACHE_DIR"] = str(clip_cache)
        config = Path(env["IOC_CONFIG_DIR"])
        config.mkdir(parents=True, exist_ok=True)
        url = f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
        (config / "config.json").write_text(json.dumps({"map_tile_url": url}), encoding="utf-8")
        out = run_python(["-m", "ioc_desktop", "--demo", "--selftest", "10"], env, timeout=180)
        r = last_json(out.stdout)
    finally:
        server.shutdown()
    assert len(hits) >= 4, out.stderr[-2000:]
    assert all(h.startswith("/9/") and h.endswith(".png") for h in hits)
    assert r["map_tiles_served"] == 0 and r["map"]["blocked_requests"] == []
