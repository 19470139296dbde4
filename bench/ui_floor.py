"""The floor under a UI thread's lateness on this PC: an idle Qt event loop's 20 ms timer,
timed as the app's selftest times its UI thread (selftest.UiStallMeter), at the app's
priority (nice 0), for as long as asked. Run beside a bare libVLC grid it says how late any
UI thread's timer comes at that wall, the app's work aside: on a VM whose cores the decoders
fill, a thread asleep in poll() with a 20 ms timeout wakes tens of ms late (the app's late
ticks were spent asleep there, not running, not on a lock; /proc/<tid>/syscall sampled).

    python bench/ui_floor.py SECONDS     # prints one JSON line
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QCoreApplication, QTimer

from ioc_desktop.selftest import UiStallMeter


def main() -> int:
    seconds = float(sys.argv[1])
    app = QCoreApplication([])
    meter = UiStallMeter()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    print(json.dumps(meter.summary()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
