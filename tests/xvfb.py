"""Start a private Xvfb display: shared by the test fixture and the benchmarks."""

from __future__ import annotations

import os
import shutil
import subprocess


class XvfbError(RuntimeError):
    pass


def start_xvfb(size: str = "1920x1080x24") -> tuple[subprocess.Popen[bytes], str]:
    """(the server process, its DISPLAY); Xvfb picks a free display number itself."""
    exe = shutil.which("Xvfb")
    if exe is None:
        raise XvfbError("Xvfb is not installed: run the README's test command, which installs it")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [exe, "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as r:
        number = r.readline().strip()
    if not number:
        proc.kill()
        raise XvfbError("Xvfb did not start")
    return proc, f":{number}"
