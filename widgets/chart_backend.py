"""Whether the KPI charts draw with OpenGL: a setting (auto / on / off) resolved once, before
the first chart exists.

Auto takes OpenGL only where it helps and is safe: a hardware GL context on a real display.
A software renderer (llvmpipe, softpipe, swrast — the usual case on a VM or a wall PC without
drivers) is slower than pyqtgraph's raster path, and pyqtgraph's OpenGL path crashes under
Qt's offscreen platform (DESIGN.md), so both fall back to raster; so does a context that
cannot be made at all.
"""

from __future__ import annotations

from dataclasses import dataclass

GL_RENDERER = 0x1F01
SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "software", "microsoft basic render")


@dataclass(frozen=True)
class ChartBackend:
    opengl: bool
    renderer: str
    why: str


def decide(setting: str, platform: str, renderer: str | None) -> ChartBackend:
    """Pure decision: `renderer` is the GL renderer string, None when no context was made."""
    name = renderer or ""
    if setting == "off":
        return ChartBackend(False, name, "OpenGL turned off in the settings")
    if platform in ("offscreen", "minimal"):
        return ChartBackend(False, name, f"no OpenGL for charts on the '{platform}' platform")
    if renderer is None:
        return ChartBackend(False, "", "no OpenGL context could be made: raster")
    if setting == "on":
        return ChartBackend(True, name, "OpenGL turned on in the settings")
    if any(s in name.lower() for s in SOFTWARE_RENDERERS):
        return ChartBackend(False, name, f"software OpenGL ({name}): raster is faster")
    return ChartBackend(True, name, f"hardware OpenGL ({name})")


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


def apply_chart_backend(setting: str) -> ChartBackend:
    """Resolve the setting and configure pyqtgraph accordingly (before any chart is made)."""
    import pyqtgraph as pg
    from PySide6.QtGui import QGuiApplication

    choice = decide(setting, QGuiApplication.platformName(), gl_renderer())
    pg.setConfigOptions(useOpenGL=choice.opengl)
    return choice
