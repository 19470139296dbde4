"""PySide6 6.12.0 over-releases None in QObject.property() of an unset name ("none_dealloc"),
which kills pyqtgraph. The pin keeps 6.11.3; this catches the crash if the pin is lifted."""

from __future__ import annotations

import subprocess
import sys

import PySide6

PROBE = """
import os
os.environ['QT_QPA_PLATFORM'] = 'offscreen'
from PySide6.QtWidgets import QApplication
import pyqtgraph as pg
app = QApplication([])
w = pg.PlotWidget()
for _ in range(20000):
    w.property('no_such_property_set')
w.plot([1, 2, 3], [3, 1, 2])
app.processEvents()
print('survived')
"""


def test_pinned_pyside_version() -> None:
    assert PySide6.__version__ == "6.11.3"


def test_unset_property_does_not_crash_pyqtgraph() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "survived" in out.stdout
