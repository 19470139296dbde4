"""The social network's hot topics (system 7) on its page: each topic with its mentions today,
the share of them that is negative (in the band's colour of the system's own indicator) and
whether it needs handling, then a few sample posts as they were written.

Posts are people's words: every label is plain text (a post that holds markup shows it as
typed, it is never rendered). The list is rebuilt when the topics change (a poll every ~10 s
that brings the same topics changes nothing): eight topics of three posts are ~40 labels.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ioc_desktop.backend.models import HotTopic
from ioc_desktop.i18n import translate
from ioc_desktop.palette import KPI_STATUS_COLORS
from ioc_desktop.store import Store
from widgets.incident_text import province_time
from widgets.kpi_bars import band_color
from widgets.kpi_panels import format_number

NEGATIVE_KPI = "mxh-negative-share"  # its bands colour each topic's negative share
POST_CHARS = 280  # a long post is cut (its whole text is in the tooltip)


def _plain(text: str, object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    return label


class HotTopicsView(QScrollArea):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rebuilds = 0
        self.topic_labels: list[QLabel] = []
        self.post_labels: list[QLabel] = []
        store.sig_hot_topics_changed.connect(self._on_hot_topics_changed)
        self._on_hot_topics_changed()

    def _on_hot_topics_changed(self) -> None:
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(4, 4, 8, 4)
        box.setSpacing(4)
        self.topic_labels, self.post_labels = [], []
        head = _plain(translate("hot_topics", "Chủ đề nóng trên mạng xã hội"), "PanelTitle")
        box.addWidget(head)
        topics = self.store.hot_topics
        if not topics:
            box.addWidget(
                _plain(translate("hot_topics", "Chưa có chủ đề nóng từ máy chủ"), "PanelSubtitle")
            )
        for t in topics:
            box.addWidget(self._topic(t))
        box.addStretch(1)
        self.setWidget(inner)  # the old one is deleted by the scroll area
        self.rebuilds += 1

    def _topic(self, t: HotTopic) -> QFrame:
        frame = QFrame()
        frame.setObjectName("HotTopic")
        box = QVBoxLayout(frame)
        box.setContentsMargins(6, 6, 6, 6)
        box.setSpacing(2)
        name = _plain(t.topic)
        name.setStyleSheet("font-weight: bold;")
        self.topic_labels.append(name)
        box.addWidget(name)
        words = translate("hot_topics", "{mentions} lượt đề cập · {share} % tiêu cực").format(
            mentions=format_number(t.mentions, 0), share=format_number(t.negative_share)
        )
        if t.needs_handling:
            words += translate("hot_topics", " · CẦN XỬ LÝ")
        figures = _plain(words)
        kpi = self.store.kpis.get(NEGATIVE_KPI)
        color = band_color(kpi, t.negative_share) if kpi else "#9aa5b1"
        if t.needs_handling:
            color = KPI_STATUS_COLORS["critical"]
        figures.setStyleSheet(f"color: {color};")
        box.addWidget(figures)
        for p in t.samples[:3]:
            text = p.text if len(p.text) <= POST_CHARS else p.text[: POST_CHARS - 1] + "…"
            when = province_time(p.posted_at, "%H:%M %d/%m")
            post = _plain(f"{p.source} · {when}: “{text}”", "PanelSubtitle")
            post.setToolTip(_escaped(p.text))
            self.post_labels.append(post)
            box.addWidget(post)
        return frame


def _escaped(text: str) -> str:
    """A tooltip that Qt shows as the text itself: Qt guesses rich text from a '<', so the
    post is escaped into a paragraph of its own (markup in a post stays words)."""
    return f"<p>{html.escape(text)}</p>"
