"""What the app's UI thread waits on, and who holds the GIL when it waits for it: read from
a perf trace of its scheduler events (Linux). py-spy cannot keep up with a full wall's ~500
threads (17-23 s behind); the scheduler's own events, with each one's user stack, can.

Record the UI thread (its tid is the process id) while a wall runs, then read the trace:

    perf record -e sched:sched_switch --filter 'prev_pid == PID' \\
        -e sched:sched_wakeup --filter 'pid == PID' \\
        --call-graph dwarf,16384 -p PID -o ui.data -- sleep 15
    perf script -i ui.data -F comm,tid,time,event,trace,ip,sym,dso > ui.txt
    python bench/ui_waits.py ui.txt PID          # prints one JSON object

`sleeps`: every time the UI thread went to sleep (state S or D) until it was woken, by what
its stack waited in (the GIL, an X round trip in a paint, malloc's lock, its event loop's
poll, other). `gil_holders`: each GIL wait (a run of sleeps in take_gil) put on the thread
that ended it by dropping the GIL, with the frames it dropped it from: eval_frame_handle_pending
(it was running Python code and was asked to let go) or PyEval_SaveThread (it let go before a
blocking call: the call is the next frames). A wait that ended on its own timeout is "timeout".
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

HEADER = re.compile(r"\s*(.+?)\s+(\d+)\s+([\d.]+):\s+(\S+):\s+(.*)")
KINDS = (  # the first that a sleep's stack holds names it
    ("gil", "take_gil"),
    ("x_sync", "QXcbConnection::sync"),
    ("x_reply", "xcb_wait_for_reply"),
    ("malloc", "malloc"),
    ("event_loop", "g_main_context_iteration"),
    ("event_loop", "QEventDispatcherUNIX"),
    ("futex", "futex"),
)


@dataclass
class Event:
    tid: int
    t: float
    name: str
    trace: str
    stack: list[str] = field(default_factory=list)  # innermost first, symbol names


def parse(text: str) -> list[Event]:
    """`perf script -F comm,tid,time,event,trace,ip,sym,dso` output, event by event."""
    events: list[Event] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(("\t", " ")) and (m := HEADER.match(line)):
            events.append(Event(int(m[2]), float(m[3]), m[4], m[5]))
        elif events and len(parts := line.split(None, 1)) == 2:
            events[-1].stack.append(parts[1].split(" (")[0])
    return events


def user_frames(stack: list[str]) -> list[str]:
    return [s for s in stack if not s.startswith(("__x64_sys", "entry_SYSCALL", "do_syscall"))]


def kind(stack: list[str]) -> str:
    joined = " ".join(stack)
    return next((name for name, mark in KINDS if mark in joined), "other")


def waits(events: list[Event], ui: int) -> dict[str, Any]:
    sleeps: dict[str, list[float]] = defaultdict(list)
    holders: dict[str, list[float]] = defaultdict(list)
    asleep: tuple[float, str] | None = None
    gil: list[Any] | None = None  # [start, last wakeup, ender]
    for e in events:
        if e.name.endswith("sched_switch") and e.tid == ui:
            state = re.search(r"prev_state=(\S+)", e.trace)
            what = kind(e.stack)
            asleep = (e.t, what) if state and state[1] in ("S", "D") else None
            if what == "gil" and gil is None:
                gil = [e.t, None, "timeout"]
            elif what != "gil" and gil is not None:
                if gil[1] is not None:
                    holders[gil[2]].append((gil[1] - gil[0]) * 1000)
                gil = None
        elif e.name.endswith("sched_wakeup") and re.search(rf"\bpid={ui}\b", e.trace):
            if asleep is not None:
                sleeps[asleep[1]].append((e.t - asleep[0]) * 1000)
                asleep = None
            if gil is not None:
                gil[1] = e.t
                frames = user_frames(e.stack)
                if (
                    i := next((i for i, s in enumerate(frames) if s == "drop_gil"), None)
                ) is not None:
                    gil[2] = f"tid {e.tid}: " + " < ".join(frames[i + 1 : i + 9])

    def summary(by: dict[str, list[float]]) -> dict[str, dict[str, float]]:
        return {
            k: {"count": len(v), "total_ms": round(sum(v), 1), "max_ms": round(max(v), 1)}
            for k, v in sorted(by.items(), key=lambda kv: -sum(kv[1]))
        }

    return {"sleeps": summary(sleeps), "gil_holders": summary(holders)}


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        print(json.dumps(waits(parse(f.read()), int(sys.argv[2])), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
