"""The AI alert behind an incident, on the incident desk: what the camera saw, with its boxes.

The alert's snapshot is the very frame the analytics looked at (GET …/ai-events/{id}/snapshot,
fetched by the analytics feed off the UI thread); the alert's boxes are drawn over it here,
scaled with the picture, so the officer sees where in the picture the detection is. An
incident no camera raised shows nothing here.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ioc_desktop import clock
from ioc_desktop.analytics_feed import AnalyticsFeed
from ioc_desktop.backend.analytics import AiEvent
from ioc_desktop.i18n import translate
from widgets.detection_overlay import ALERT_COLOR

SHOT_WIDTH = 480  # px: the snapshot as the desk shows it


def with_boxes(image: QImage, alert: AiEvent, width: int = SHOT_WIDTH) -> QImage:
    """The snapshot scaled to `width`, the alert's objects outlined on it."""
    shot = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    shot = shot.convertToFormat(QImage.Format.Format_RGB32)
    p = QPainter(shot)
    p.setPen(QPen(QColor(ALERT_COLOR), 2))
    for o in alert.objects:
        p.drawRect(
            QRect(
                round(o.x * shot.width()),
                round(o.y * shot.height()),
                max(2, round(o.w * shot.width())),
                max(2, round(o.h * shot.height())),
            )
        )
    p.end()
    return shot


class AlertEvidence(QWidget):
    """The newest AI alert of the incident shown: its words, its time, its picture."""

    sig_replay_requested = Signal(object)
    """The officer wants to see the alert's moment again (the AiEvent)."""

    def __init__(self, feed: AnalyticsFeed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AlertEvidence")
        self.feed = feed
        self.incident_id = ""
        self.alert: AiEvent | None = None
        self.heading = QLabel("")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.picture = QLabel("")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.image: QImage | None = None  # what the picture shows (boxes drawn), for tests
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 4)
        self.replay_button = QPushButton(translate("alert_evidence", "Xem lại lúc phát hiện"))
        self.replay_button.clicked.connect(
            lambda: self.alert and self.sig_replay_requested.emit(self.alert)
        )
        lay.addWidget(self.heading)
        lay.addWidget(self.picture)
        lay.addWidget(self.replay_button, 0, Qt.AlignmentFlag.AlignLeft)
        feed.sig_ai_event.connect(self._on_alert)
        feed.sig_snapshot_ready.connect(self._on_snapshot)
        self.hide()

    def set_incident(self, incident_id: str) -> None:
        self.incident_id = incident_id
        self._refresh()

    def _on_alert(self, alert: AiEvent) -> None:
        if alert.incident_id and alert.incident_id == self.incident_id:
            self._refresh()

    def _on_snapshot(self, alert_id: str) -> None:
        if self.alert is not None and alert_id == self.alert.id:
            self._show_picture()

    def _refresh(self) -> None:
        alerts = self.feed.alerts_of(self.incident_id) if self.incident_id else []
        self.alert = alerts[-1] if alerts else None
        if self.alert is None:
            self.hide()
            return
        a = self.alert
        when = clock.fmt(a.at, "%H:%M:%S")
        self.heading.setText(
            translate(
                "alert_evidence", "Camera AI {camera}: {what} lúc {time} (độ tin cậy {pct}%)"
            ).format(
                camera=a.camera_id,
                what=a.title_vi or a.type,
                time=when,
                pct=round(a.confidence * 100),
            )
        )
        self.show()
        self._show_picture()

    def _show_picture(self) -> None:
        a = self.alert
        if a is None:
            return
        data = self.feed.snapshot(a.id)
        if data is None:
            self.picture.setText(translate("alert_evidence", "Đang tải ảnh phát hiện…"))
            self.feed.request_snapshot(a)
            return
        image = QImage.fromData(data)
        if image.isNull():
            self.picture.setText(translate("alert_evidence", "Ảnh phát hiện không đọc được"))
            return
        self.image = with_boxes(image, a)
        self.picture.setPixmap(QPixmap.fromImage(self.image))
