"""Charts and the map use OpenGL only where it helps and cannot crash: the decision, case by
case."""

from __future__ import annotations

import pytest

from widgets.render_backend import decide


@pytest.mark.parametrize(
    ("setting", "platform", "renderer", "opengl"),
    [
        ("auto", "xcb", "NVIDIA GeForce RTX 3060/PCIe/SSE2", True),
        ("auto", "windows", "AMD Radeon(TM) Graphics", True),
        ("auto", "xcb", "llvmpipe (LLVM 15.0.6, 256 bits)", False),
        ("auto", "windows", "Microsoft Basic Render Driver", False),
        ("auto", "windows", "GDI Generic", False),
        ("auto", "xcb", None, False),  # no context could be made
        ("on", "xcb", "llvmpipe (LLVM 15.0.6, 256 bits)", True),  # the operator insists
        ("on", "offscreen", "llvmpipe", False),  # pyqtgraph's GL path crashes offscreen
        ("on", "xcb", None, False),
        ("off", "xcb", "NVIDIA GeForce RTX 3060/PCIe/SSE2", False),
    ],
)
def test_decide(setting: str, platform: str, renderer: str | None, opengl: bool) -> None:
    choice = decide(setting, platform, renderer)
    assert choice.opengl is opengl and choice.why
