"""A loopback TCP proxy that can freeze: the connection stays open but no byte flows, which is
what a hung camera or encoder looks like to a client (libVLC keeps saying "Playing"). It can
also hold each new stream's first bytes for a while, as a camera does that starts a stream
only at its next keyframe (the demo's own server starts at once, from a cached keyframe)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time


class FreezeProxy:
    def __init__(self, upstream_port: int, start_delay_s: float = 0.0) -> None:
        self.upstream_port = upstream_port
        self.start_delay_s = start_delay_s
        self.frozen = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._server.getsockname()[1])
        self._socks: list[socket.socket] = []
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            try:
                up = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
            except OSError:
                client.close()
                continue
            up.settimeout(None)
            self._socks += [client, up]
            threading.Thread(target=self._pump, args=(client, up, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(up, client, True), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, freezable: bool) -> None:
        started = not freezable or self.start_delay_s <= 0
        try:
            while not self._stop.is_set():
                data = src.recv(65536)
                if not data:
                    break
                if not started:  # the stream's first bytes come late, as from a camera
                    time.sleep(self.start_delay_s)
                    started = True
                while freezable and self.frozen.is_set() and not self._stop.is_set():
                    time.sleep(0.05)  # hold the bytes: the socket stays open and silent
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        for s in self._socks:
            with contextlib.suppress(OSError):
                s.close()
