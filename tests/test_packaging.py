"""Packaged builds: the Windows installer script compiles (makensis, Debian's nsis) and holds
what it must; the Linux one-folder bundle, built here with PyInstaller, plays the demo wall.

The Windows bundle itself cannot be built on Linux (PyInstaller does not cross-build): the
installer is compiled here against a stand-in payload, and .github/workflows/
windows-installer.yml builds, installs, smoke-tests and uninstalls the real one on Windows.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import build_installer as bi
from tests import bundle_build
from tests.conftest import display_env


def _need(tool: str) -> str:
    exe = shutil.which(tool)
    if exe is None:  # the README's test command installs both (scripts/setup.sh)
        pytest.fail(f"{tool} is missing: run ./scripts/test.sh, which installs it")
    return exe


def _section(script: str, name: str) -> str:
    m = re.search(rf'^Section "{re.escape(name)}".*?^SectionEnd', script, re.M | re.S)
    assert m, f"no section {name}"
    return m.group(0)


def test_installer_script_is_filled_from_the_template(tmp_path: Path) -> None:
    script = bi.render_nsis(tmp_path / "bundle", tmp_path / "setup.exe", 123456)
    assert "@" not in re.sub(r";.*", "", script)  # every placeholder filled (comments aside)
    assert f'!define VERSION "{bi.version()}"' in script
    assert f'VIProductVersion "{bi.vi_version(bi.version())}"' in script
    assert "RequestExecutionLevel admin" in script  # per machine
    assert 'InstallDir "$PROGRAMFILES64\\${APP_NAME}"' in script
    assert '"EstimatedSize" 123456' in script
    assert "QuietUninstallString" in script and "/S" in script
    install, uninstall = _section(script, "!${APP_NAME}"), _section(script, "Uninstall")
    assert "$SMPROGRAMS" in install and "$DESKTOP" in install
    # settings and layouts live in the users' own folders: neither section goes near them,
    # and the uninstaller never deletes the install folder recursively
    for part in (install, uninstall):
        for user_dir in ("$APPDATA", "$LOCALAPPDATA", "$PROFILE", "$DOCUMENTS"):
            assert user_dir not in part
    assert not re.search(r'RMDir\s+/r\s+"\$INSTDIR"', uninstall)
    assert bi.vi_version("1.2rc3") == "1.2.0.0" and bi.vi_version("2026.11.5") == "2026.11.5.0"


def test_installer_script_compiles_and_carries_the_bundle(tmp_path: Path) -> None:
    _need("makensis")
    setup = bi.check_nsis(tmp_path)
    listing = subprocess.run(
        [_need("7z"), "l", str(setup)], capture_output=True, text=True, check=True
    ).stdout
    assert "SubType = NSIS-3 Unicode" in listing
    for name in ("ioc-desktop.exe", "_internal/base_library.zip", "uninstall.exe"):
        assert re.search(rf"\s{re.escape(name)}$", listing, re.M), listing


def test_a_broken_installer_template_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _need("makensis")
    broken = tmp_path / "broken.nsi.in"
    broken.write_text(
        bi.NSIS_TEMPLATE.read_text("utf-8").replace(
            "!insertmacro MUI_PAGE_INSTFILES", "!insertmacro MUI_PAGE_INSTFILEZ"
        ),
        "utf-8",
    )
    monkeypatch.setattr(bi, "NSIS_TEMPLATE", broken)
    with pytest.raises(SystemExit, match="makensis failed"):
        bi.check_nsis(tmp_path / "out")
    monkeypatch.setattr(bi, "NSIS_TEMPLATE", tmp_path / "unknown.nsi.in")
    (tmp_path / "unknown.nsi.in").write_text('Name "@NOT_A_VALUE@"\n', "utf-8")
    with pytest.raises(ValueError, match="NOT_A_VALUE"):
        bi.render_nsis(tmp_path, tmp_path / "x.exe", 1)


def test_prune_keeps_only_vietnamese_and_english(tmp_path: Path) -> None:
    tr = tmp_path / "_internal" / "PySide6" / "Qt" / "translations"
    (tr / "qtwebengine_locales").mkdir(parents=True)
    names = ["qtbase_vi.qm", "qtbase_de.qm", "qt_en.qm", "qt_help_fr.qm"]
    locales = ["vi.pak", "en-US.pak", "en-GB.pak", "fr.pak", "zh-TW.pak"]
    for n in names:
        (tr / n).write_bytes(b"x" * 10)
    for n in locales:
        (tr / "qtwebengine_locales" / n).write_bytes(b"y" * 100)
    freed = bi.prune(tmp_path)
    assert sorted(p.name for p in tr.glob("*.qm")) == ["qt_en.qm", "qtbase_vi.qm"]
    left = sorted(p.name for p in (tr / "qtwebengine_locales").iterdir())
    assert left == ["en-GB.pak", "en-US.pak", "vi.pak"]
    assert freed == 2 * 10 + 2 * 100


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle")
@pytest.mark.timeout(600)
@pytest.mark.display
def test_linux_bundle_plays_the_demo_wall(tmp_path: Path, xvfb: str, clip_cache: Path) -> None:
    """PyInstaller one-folder build, then the bundled app's own --demo --selftest: video from
    the bundled libVLC, the map rendered offline, exit 0. Nothing from the repo on the path."""
    # built in the background since the run began (tests/bundle_build.py)
    rc, out, log = bundle_build.wait(timeout=480)
    assert rc == 0, log
    bundle = out / "ioc-desktop"
    exe = bundle / "ioc-desktop"
    assert (bundle / "_internal" / "libvlc" / "plugins").is_dir()
    assert not (bundle / "_internal" / "PySide6" / "Qt" / "qml").exists()  # trimmed
    env = display_env(xvfb)
    env.pop("PYTHONPATH")
    report = tmp_path / "selftest.json"
    run = subprocess.run(
        # 20 s, as the README's demo check: two polls of the slowest chart feed (10 s) after
        # start-up; at 15 s one slow start left the air-quality chart with one update
        [str(exe), "--demo", "--selftest", "20", "--selftest-out", str(report)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(report.read_text("utf-8"))
    assert result["ok"], result["failures"]
    tiles = result["tiles"]
    assert tiles["total"] >= 4 and tiles["playing"] == tiles["total"]
    assert min(tiles["fps_after_warmup"].values()) > 10
    assert result["map"]["blocked_requests"] == []
    assert result["map"]["markers"]["cameras"] > 0 and result["map"]["markers"]["areas"] > 0
    assert result["startup"]["to_windows_s"] is not None
    size = bi.bundle_size(bundle) / 2**20
    print(f"bundle {size:.0f} MiB, startup {result['startup']}", file=sys.stderr)
    assert size < 1024, f"bundle grew to {size:.0f} MiB"
