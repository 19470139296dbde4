"""Packaged builds of IOC Wall (first version: the Linux one-folder bundle and its tarball).

    .venv/bin/pip install -e ".[build]"
    .venv/bin/python build_installer.py [--vlc-dir DIR] [--out dist]

PyInstaller cannot cross-build: a Windows bundle must be built on Windows (issue #7 adds the
NSIS installer and the Windows CI job). libVLC is taken from an installed VLC (Debian:
libvlc5 + plugins) or from --vlc-dir, copied into the bundle's libvlc/ folder, where
ioc_desktop/video/libvlc.py points python-vlc before `import vlc`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
NAME = "ioc-desktop"
LINUX_LIB_DIRS = [
    Path("/usr/lib/x86_64-linux-gnu"),
    Path("/usr/lib/aarch64-linux-gnu"),
    Path("/usr/lib"),
]


def version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"])


def find_vlc(vlc_dir: Path | None) -> tuple[list[Path], Path]:
    """The libVLC shared libraries and the plugin folder to ship."""
    if sys.platform == "win32":
        base = vlc_dir or Path(r"C:\Program Files\VideoLAN\VLC")
        return [base / "libvlc.dll", base / "libvlccore.dll"], base / "plugins"
    for d in [vlc_dir] if vlc_dir else LINUX_LIB_DIRS:
        libs = sorted(d.glob("libvlc.so.5*")) + sorted(d.glob("libvlccore.so.9*"))
        plugins = d / "vlc" / "plugins" if (d / "vlc" / "plugins").is_dir() else d / "plugins"
        if libs and plugins.is_dir():
            return libs, plugins
    raise SystemExit(
        "libVLC not found: install VLC (Debian: libvlc5 vlc-plugin-base) or pass --vlc-dir"
    )


def build(out: Path, vlc_dir: Path | None) -> Path:
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError as exc:
        raise SystemExit('PyInstaller is missing: .venv/bin/pip install -e ".[build]"') from exc
    libs, plugins = find_vlc(vlc_dir)
    sep = ";" if sys.platform == "win32" else ":"
    work = out / "work"
    args = [
        str(ROOT / "ioc_desktop" / "__main__.py"),
        "--name",
        NAME,
        "--onedir",
        "--noconfirm",
        "--clean",
        "--distpath",
        str(out),
        "--workpath",
        str(work),
        "--specpath",
        str(work),
        "--add-data",
        f"{ROOT / 'resources'}{sep}resources",
        "--add-data",
        f"{ROOT / 'layouts'}{sep}layouts",
        "--add-data",
        f"{ROOT / 'ioc_desktop' / 'backend' / 'openapi.yaml'}{sep}ioc_desktop/backend",
        "--add-data",
        f"{plugins}{sep}libvlc/plugins",
        "--collect-data",
        "xstatic.pkg.leaflet",
        "--collect-data",
        "xstatic.pkg.leaflet_markercluster",
        "--collect-data",
        "vietnam_provinces",
        "--collect-data",
        "folium",
        "--collect-data",
        "branca",
        "--hidden-import",
        "ioc_desktop.demo.streams",
        "--exclude-module",
        "tkinter",
    ]
    for lib in libs:
        args += ["--add-binary", f"{lib}{sep}libvlc"]
    pyinstaller.run(args)
    return out / NAME


def tarball(bundle: Path) -> Path:
    target = bundle.parent / f"{NAME}-{version()}-linux-{_arch()}.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(bundle, arcname=NAME)
    return target


def _arch() -> str:
    import platform

    return platform.machine().lower()


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=ROOT / "dist")
    ap.add_argument("--vlc-dir", type=Path)
    ap.add_argument("--no-tarball", action="store_true")
    args = ap.parse_args()
    t0 = time.monotonic()
    bundle = build(args.out, args.vlc_dir)
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    print(f"bundle: {bundle} ({size / 2**20:.0f} MiB) in {time.monotonic() - t0:.0f} s")
    if not args.no_tarball and sys.platform.startswith("linux"):
        tar = tarball(bundle)
        print(f"tarball: {tar} ({tar.stat().st_size / 2**20:.0f} MiB)")
    shutil.rmtree(args.out / "work", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
