"""Serving the map page and its assets to QtWebEngine from an `ioc://` URL scheme.

A URL scheme instead of `setHtml` (capped at 2 MB, and it gives the page no origin to load
files from) and instead of a local HTTP server (one more port to guard). The request guard
blocks every request that would leave the machine, and counts it so tests can prove the map
is offline.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from ioc_desktop.map.page import SCHEME, icon_font_dir
from ioc_desktop.map.tiles import TileSource, parse_tile_path
from ioc_desktop.paths import resources_dir

log = logging.getLogger(__name__)
LOCAL_SCHEMES = {SCHEME, "data", "blob", "qrc", "about"}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def register_scheme() -> None:
    """Must run before the QApplication exists (Qt's rule for custom schemes)."""
    scheme = QWebEngineUrlScheme(SCHEME.encode())
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.SecureScheme
        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
        | QWebEngineUrlScheme.Flag.CorsEnabled
        | QWebEngineUrlScheme.Flag.ContentSecurityPolicyIgnored
    )
    QWebEngineUrlScheme.registerScheme(scheme)


def _vendor_dirs() -> dict[str, Path]:
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as cluster

    return {
        "leaflet": Path(leaflet.BASE_DIR),
        "markercluster": Path(cluster.BASE_DIR),
        "icons": icon_font_dir(),
    }


def _qt_resource(name: str) -> bytes:
    """A file that ships inside Qt itself (QtWebChannel's JS client): never copied here."""
    from PySide6 import QtWebChannel  # noqa: F401  (loading the module registers its resources)
    from PySide6.QtCore import QFile

    f = QFile(name)
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):
        return b""
    try:
        return bytes(f.readAll().data())
    finally:
        f.close()


class MapSchemeHandler(QWebEngineUrlSchemeHandler):
    def __init__(
        self,
        page_html: Callable[[], str],
        parent: QObject | None = None,
        tiles: TileSource | None = None,
    ) -> None:
        super().__init__(parent)
        self._page_html = page_html
        self.tiles = tiles
        self.tiles_served = 0
        self._roots = {"map": resources_dir() / "map", **_vendor_dirs()}
        self.served = 0
        self.paths: set[str] = set()  # every asset served, tiles aside (a test reads it)

    def resolve(self, path: str) -> Path | None:
        """The file behind /<root>/<file>, never outside its root."""
        parts = [p for p in path.split("/") if p]
        if len(parts) < 2:
            return None
        root = self._roots.get(parts[1] if parts[0] == "vendor" else parts[0])
        rel = parts[2:] if parts[0] == "vendor" else parts[1:]
        if root is None or not rel:
            return None
        target = (root / Path(*rel)).resolve()
        return target if target.is_relative_to(root.resolve()) and target.is_file() else None

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        path = job.requestUrl().path()
        zxy = parse_tile_path(path)
        if path == "/map/index.html":
            body, mime = self._page_html().encode("utf-8"), "text/html"
        elif path == "/vendor/qwebchannel/qwebchannel.js":
            body, mime = _qt_resource(":/qtwebchannel/qwebchannel.js"), "text/javascript"
        elif zxy is not None:
            tile = self.tiles.tile(*zxy) if self.tiles is not None else None
            if tile is None:
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
                return
            body, mime = tile, "image/png"
            self.tiles_served += 1
        else:
            target = self.resolve(path)
            if target is None:
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
                return
            body = target.read_bytes()
            mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if target.suffix == ".js":
                mime = "text/javascript"
        if zxy is None:
            self.paths.add(path)
        buf = QBuffer(parent=job)
        buf.setData(QByteArray(body))
        buf.open(QIODevice.OpenModeFlag.ReadOnly)
        self.served += 1
        job.reply(mime.encode(), buf)


def request_allowed(url: str, hosts: set[str]) -> bool:
    """The app's own schemes, or http(s)/ws(s) to one of `hosts` (loopback, plus an online
    tile server when one is configured); everything else stays on this machine."""
    parsed = urlparse(url)
    if parsed.scheme in LOCAL_SCHEMES:
        return True
    return parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname in hosts


class OfflineGuard(QWebEngineUrlRequestInterceptor):
    """Blocks any request that would leave this machine (unless its host is allowed)."""

    def __init__(
        self, allowed_hosts: set[str] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.allowed_hosts = LOOPBACK_HOSTS | (allowed_hosts or set())
        self.blocked: list[str] = []
        self.seen = 0
        self.schemes: set[str] = set()  # of every request seen, allowed or not

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl().toString()
        self.seen += 1
        self.schemes.add(info.requestUrl().scheme())
        if request_allowed(url, self.allowed_hosts):
            return
        self.blocked.append(url)
        log.warning("map page tried to reach %s: blocked", url)
        info.block(True)
