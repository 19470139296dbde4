"""Packaged builds of IOC Wall: a one-folder bundle, a Linux tarball, the Windows installer.

    .venv/bin/pip install -e ".[build]"
    .venv/bin/python build_installer.py [--vlc-dir DIR] [--out dist]   # bundle (+ tarball)
    python build_installer.py --vlc-dir "C:\\Program Files\\VideoLAN\\VLC"  # Windows: + setup
    .venv/bin/python build_installer.py --check-nsis                    # compile the .nsi only

PyInstaller cannot cross-build, so a Windows bundle and installer are made on Windows
(.github/workflows/windows-installer.yml). libVLC comes from an installed VLC (Debian: libvlc5
+ plugins) or --vlc-dir, copied into the bundle's libvlc/ folder, where ioc_desktop/video/
libvlc.py points python-vlc before `import vlc`. The NSIS script is generated from the one
template packaging/windows/installer.nsi.in; --check-nsis compiles it with makensis against a
small stand-in payload, which is how CI on Linux (Debian's nsis) catches a broken script.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
NAME = "ioc-desktop"
PUBLISHER = "IOC Wall"
NSIS_TEMPLATE = ROOT / "packaging" / "windows" / "installer.nsi.in"
LINUX_LIB_DIRS = [
    Path("/usr/lib/x86_64-linux-gnu"),
    Path("/usr/lib/aarch64-linux-gnu"),
    Path("/usr/lib"),
]
# Python modules of PySide6 the app never imports. QtWebEngine links libQt6Qml/libQt6Quick
# (those stay, as link dependencies), but the QML modules' folder (30 MiB) and the ~90 Qt
# libraries only its plugins need (Quick 3D, Charts, Location, Pdf ...) go with these.
EXCLUDED_MODULES = [
    "tkinter",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtDBus",
]
# The UI speaks Vietnamese and English; Chromium's and Qt's own translations for other
# languages are dead weight (44 MiB of WebEngine locales alone).
KEPT_LANGUAGES = ("vi", "en")


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


def pyinstaller_args(out: Path, libs: list[Path], plugins: Path) -> list[str]:
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
        # openapi-core checks the document against the OpenAPI 3.1 meta-schemas these ship
        "--collect-data",
        "openapi_spec_validator",
        "--collect-data",
        "openapi_schema_validator",
        "--hidden-import",
        "ioc_desktop.demo.streams",
    ]
    for module in EXCLUDED_MODULES:
        args += ["--exclude-module", module]
    if sys.platform == "win32":
        args.append("--windowed")  # no console window behind the wall
    for lib in libs:
        args += ["--add-binary", f"{lib}{sep}libvlc"]
    return args


def compile_translations() -> None:
    """The .qm files the bundle carries, compiled fresh from the .ts files in git."""
    names = ["pyside6-lrelease.exe", "pyside6-lrelease"]
    tool = next(
        (str(p) for n in names if (p := Path(sys.executable).parent / n).exists()),
        shutil.which("pyside6-lrelease"),
    )
    if tool is None:
        raise SystemExit("pyside6-lrelease not found (it comes with PySide6)")
    for ts in sorted((ROOT / "resources" / "i18n").glob("*.ts")):
        subprocess.run([tool, "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


def build(out: Path, vlc_dir: Path | None) -> Path:
    compile_translations()
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError as exc:
        raise SystemExit('PyInstaller is missing: .venv/bin/pip install -e ".[build]"') from exc
    libs, plugins = find_vlc(vlc_dir)
    pyinstaller.run(pyinstaller_args(out, libs, plugins))
    bundle = out / NAME
    prune(bundle)
    return bundle


def prune(bundle: Path) -> int:
    """Drop Qt's and Chromium's translations for languages the UI does not offer; bytes freed."""
    freed = 0
    for qt in bundle.rglob("PySide6/Qt/translations"):
        for f in qt.rglob("*"):
            if f.is_file() and not f.is_symlink() and not _kept_translation(f.name):
                freed += f.stat().st_size
                f.unlink()
    return freed


def _kept_translation(name: str) -> bool:
    stem = name.rsplit(".", 1)[0]
    lang = re.split(r"[_-]", stem)[-1] if name.endswith(".qm") else re.split(r"[_-]", stem)[0]
    return lang in KEPT_LANGUAGES


def bundle_size(bundle: Path) -> int:
    """Bytes on disk: symlinks (PyInstaller links some libraries) are counted once."""
    return sum(p.lstat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())


def tarball(bundle: Path) -> Path:
    target = bundle.parent / f"{NAME}-{version()}-linux-{_arch()}.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(bundle, arcname=NAME)
    return target


def _arch() -> str:
    import platform

    return platform.machine().lower()


def vi_version(v: str) -> str:
    """Windows' four-number file version from a PEP 440 version ("0.1.0rc1" → "0.1.0.0")."""
    nums = [int(n) for n in re.findall(r"\d+", v.split("+")[0].split("rc")[0])[:4]]
    return ".".join(str(n) for n in [*nums, 0, 0, 0, 0][:4])


def render_nsis(bundle: Path, out_file: Path, size_kb: int, compressor: str = "/SOLID lzma") -> str:
    """The installer script: the template with every @NAME@ filled (an unknown one is an error)."""
    values = {
        "APP_ID": NAME,
        "APP_EXE": f"{NAME}.exe",
        "VERSION": version(),
        "VI_VERSION": vi_version(version()),
        "PUBLISHER": PUBLISHER,
        "BUNDLE_DIR": _nsis_path(bundle),
        "OUT_FILE": _nsis_path(out_file),
        "SIZE_KB": str(size_kb),
        "COMPRESSOR": compressor,
    }

    def fill(m: re.Match[str]) -> str:
        if m.group(1) not in values:
            raise ValueError(f"{NSIS_TEMPLATE.name}: no value for @{m.group(1)}@")
        return values[m.group(1)]

    return re.sub(r"@([A-Z_]+)@", fill, NSIS_TEMPLATE.read_text("utf-8"))


def _nsis_path(p: Path) -> str:
    # makensis on Windows and on Linux both accept the path as the OS writes it; a quote
    # would end the NSIS string
    text = str(p.resolve())
    if '"' in text:
        raise ValueError(f"a path with a quote cannot go into the NSIS script: {text}")
    return text


def makensis(nsi: Path, exe: str | None = None) -> None:
    tool = exe or shutil.which("makensis")
    if tool is None:
        raise SystemExit(
            "makensis not found: install NSIS (Windows: choco install nsis; Debian: apt-get"
            " install nsis)"
        )
    # -INPUTCHARSET: the template is UTF-8 (Vietnamese strings); -V2: warnings and errors
    proc = subprocess.run(
        [tool, "-V2", "-INPUTCHARSET", "UTF8", "-WX", str(nsi)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"makensis failed on {nsi}:\n{proc.stdout}\n{proc.stderr}")


def installer(bundle: Path, out: Path, exe: str | None = None) -> Path:
    target = out / f"{NAME}-{version()}-setup.exe"
    nsi = out / "installer.nsi"
    size_kb = bundle_size(bundle) // 1024
    nsi.write_text(render_nsis(bundle, target, size_kb), "utf-8")
    makensis(nsi, exe)
    return target


def check_nsis(out: Path, exe: str | None = None) -> Path:
    """Compile the generated script against a stand-in payload (an .exe and _internal/ with a
    few bytes), for machines that cannot build the Windows bundle: the script, its includes,
    pages, languages and uninstaller must all compile, warnings count as errors."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ioc-nsis-") as tmp:
        payload = Path(tmp) / NAME
        (payload / "_internal").mkdir(parents=True)
        (payload / f"{NAME}.exe").write_bytes(b"stand-in for the PyInstaller executable\n")
        (payload / "_internal" / "base_library.zip").write_bytes(b"stand-in\n")
        target = out / f"{NAME}-{version()}-setup-check.exe"
        nsi = out / "installer-check.nsi"
        nsi.write_text(render_nsis(payload, target, 1024, compressor="zlib"), "utf-8")
        makensis(nsi, exe)
    return target


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=ROOT / "dist")
    ap.add_argument("--vlc-dir", type=Path, help="folder with libVLC and its plugins")
    ap.add_argument("--no-tarball", action="store_true", help="Linux: bundle only")
    ap.add_argument("--no-installer", action="store_true", help="Windows: bundle only")
    ap.add_argument("--makensis", help="path to makensis (default: from PATH)")
    ap.add_argument(
        "--check-nsis",
        action="store_true",
        help="only generate the installer script and compile it against a stand-in payload",
    )
    args = ap.parse_args()
    if args.check_nsis:
        target = check_nsis(args.out, args.makensis)
        print(f"installer script compiles: {target} ({target.stat().st_size // 1024} KiB)")
        return 0
    t0 = time.monotonic()
    bundle = build(args.out, args.vlc_dir)
    took = time.monotonic() - t0
    print(f"bundle: {bundle} ({bundle_size(bundle) / 2**20:.0f} MiB) in {took:.0f} s")
    if sys.platform == "win32" and not args.no_installer:
        setup = installer(bundle, args.out, args.makensis)
        print(f"installer: {setup} ({setup.stat().st_size / 2**20:.0f} MiB)")
    if sys.platform.startswith("linux") and not args.no_tarball:
        tar = tarball(bundle)
        print(f"tarball: {tar} ({tar.stat().st_size / 2**20:.0f} MiB)")
    shutil.rmtree(args.out / "work", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
