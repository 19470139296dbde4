"""Where the wall draws with OpenGL: the KPI charts (pyqtgraph) and the map (QtWebEngine's
view, a Qt Quick scene). Each is a setting (auto / on / off) resolved once at start, before
the first chart or map exists.

Auto takes OpenGL only where it helps and is safe: a hardware GL context on a real display.
A software renderer (llvmpipe, softpipe, swrast — the usual case on a VM or a wall PC without
drivers) is slower than drawing on the CPU directly, and pyqtgraph's OpenGL path crashes under
Qt's offscreen platform (DESIGN.md), so both fall back; so does a context that cannot be made.

The map costs most: a window holding a web view is composited through OpenGL as a whole, on
every repaint of anything in it. On llvmpipe that took about half of this 2-core machine's CPU
on a 4-monitor wall (perf, bench/layout_switch.py); Qt Quick's software renderer draws the
same map with none of it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

QUICK_BACKEND = "QT_QUICK_BACKEND"
GL_RENDERER = 0x1F01
SOFTWARE_RENDERERS = (
    "llvmpipe",
    "softpipe",
    "swrast",
    "software",
    "microsoft basic render",
    "gdi generic",  # Windows' own OpenGL 1.1 when no driver is installed (VMs, remote desktop)
)


@dataclass(frozen=True)
class RenderChoice:
    opengl: bool
    renderer: str
    why: str

    def text(self) -> str:
        """For the diagnostics report."""
        return f"{'OpenGL' if self.opengl else 'CPU'}: {self.why}"


def decide(setting: str, platform: str, renderer: str | None) -> RenderChoice:
    """Pure decision: `renderer` is the GL renderer string, None when no context was made."""
    name = renderer or ""
    if setting == "off":
        return RenderChoice(False, name, "OpenGL turned off in the settings")
    if platform in ("offscreen", "minimal"):
        return RenderChoice(False, name, f"no OpenGL on the '{platform}' platform")
    if renderer is None:
        return RenderChoice(False, "", "no OpenGL context could be made")
    if setting == "on":
        return RenderChoice(True, name, "OpenGL turned on in the settings")
    if any(s in name.lower() for s in SOFTWARE_RENDERERS):
        return RenderChoice(False, name, f"software OpenGL ({name}): the CPU path is faster")
    return RenderChoice(True, name, f"hardware OpenGL ({name})")


def gl_renderer() -> str | None:
    """The renderer string of a fresh OpenGL context, or None (needs a QGuiApplication)."""
    from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return None
    ctx = QOpenGLContext()
    if not ctx.create():
        return None
    surface = QOffscreenSurface()
    surface.create()
    if not ctx.makeCurrent(surface):
        return None
    try:
        return str(ctx.functions().glGetString(GL_RENDERER) or "")
    finally:
        ctx.doneCurrent()


@dataclass(frozen=True)
class RenderBackends:
    charts: RenderChoice
    map: RenderChoice


def apply_render_backends(chart_setting: str, map_setting: str) -> RenderBackends:
    """Resolve both settings and configure pyqtgraph and Qt Quick (after the QApplication,
    before any chart, web view or web profile is made: Qt Quick reads its backend once, when
    its first scene is made). The map's choice goes through Qt's documented variable
    QT_QUICK_BACKEND rather than QQuickWindow.setGraphicsApi: the installer leaves PySide6's
    QtQuick module out (build_installer.py), and this needs nothing of it."""
    import pyqtgraph as pg
    from PySide6.QtGui import QGuiApplication

    platform, renderer = QGuiApplication.platformName(), gl_renderer()
    charts = decide(chart_setting, platform, renderer)
    pg.setConfigOptions(useOpenGL=charts.opengl)
    map_choice = decide(map_setting, platform, renderer)
    if not map_choice.opengl:  # else whatever the machine's environment says (default: GPU)
        os.environ[QUICK_BACKEND] = "software"
    return RenderBackends(charts, map_choice)
