"""The floor under a UI thread's lateness on this PC: an idle Qt event loop's 20 ms timer,
timed as the app's selftest times its UI thread (selftest.UiStallMeter), at the app's
priority (nice 0). Run beside a bare libVLC grid or the app it says how late any UI thread's
timer comes at that wall, the app's work aside: on a VM whose cores the decoders fill, a
thread asleep in poll() with a 20 ms timeout wakes tens of ms late, and time the host takes
from the VM (steal) shows as late ticks too.

    python bench/ui_floor.py SECONDS     # prints one JSON line at the end or on SIGTERM

Beside the app, the bench reads the floor over the span the app's own meter counted
(`ui_stall.counted_from_epoch` to `counted_to_epoch`): `p99_between` does that with the
ticks this prints (`ticks`: [wall-clock s, ms late]).
"""

from __future__ import annotations

import json
import signal
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer

from ioc_desktop.selftest import UiStallMeter


def p99_between(report: dict[str, Any], start: float, end: float) -> float | None:
    """The floor's p99 lateness (ms) over the ticks between two wall-clock times."""
    late = sorted(ms for at, ms in report.get("ticks", []) if start <= at <= end)
    if len(late) < 50:  # under a second of ticks: no floor to speak of
        return None
    return round(late[int(0.99 * (len(late) - 1))], 1)


def main() -> int:
    seconds = float(sys.argv[1])
    app = QCoreApplication([])
    meter = UiStallMeter()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    # the bench ends it with the wall beside it; the 20 ms timer lets Python see the signal
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    app.exec()
    report: dict[str, Any] = dict(meter.summary())
    report["ticks"] = [(round(meter.started_epoch + t, 3), round(ms, 1)) for t, ms in meter.samples]
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
