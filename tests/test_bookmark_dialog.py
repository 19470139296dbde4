"""A bookmark "from t−N to t+M" with a note, asked at a tile (issue #22): the span and the
note the officer gives, around the moment they asked (not when they finished typing), to the
incident open on the desk, through its outbox."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from ioc_desktop.store import Store
from ioc_desktop.video.engine import VideoEngine
from widgets import replay_window
from widgets.camera_tile import CameraTile


@pytest.fixture
def engine(qapp: QApplication) -> Iterator[VideoEngine]:
    e = VideoEngine()
    yield e
    e.shutdown()


def test_a_bookmark_with_its_span_and_note_goes_to_the_open_incident(
    engine: VideoEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(replay_window, "_current_incident", lambda: "INC-00007")
    monkeypatch.setattr(replay_window, "_submit", lambda i, body: sent.append((i, body)))
    tile = CameraTile("wall-1/0", "cam03", Store(), engine)
    tile._shown_id = "cam03"
    asked = time.time()
    tile.ask_bookmark()
    dialog = tile.bookmark_dialog
    assert dialog.isVisible()
    time.sleep(0.3)  # the officer types: the moment stays the one asked
    dialog.before.setValue(20)
    dialog.after.setValue(5)
    dialog.note.setText("xe máy vượt đèn đỏ")
    dialog._keep()
    assert not dialog.isVisible()
    [(incident, body)] = sent
    start = datetime.fromisoformat(body["from"]).timestamp()
    end = datetime.fromisoformat(body["to"]).timestamp()
    assert incident == "INC-00007" and body["camera_id"] == "cam03"
    assert body["text"] == "xe máy vượt đèn đỏ" and body["action"] == "bookmark"
    assert abs(end - start - 25) < 0.01 and abs((start + 20) - asked) < 0.2
    assert "Đã đánh dấu" in tile._note


def test_without_an_open_incident_no_dialog_opens(
    engine: VideoEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replay_window, "_current_incident", None)
    tile = CameraTile("wall-1/0", "cam03", Store(), engine)
    tile._shown_id = "cam03"
    tile.ask_bookmark()
    assert getattr(tile, "bookmark_dialog", None) is None
