"""The catalogue an operator drags panels from: cameras by ward, KPIs by IOC system, the map,
the incident list, air quality and incident camera slots; searchable by camera name, ward or
road, Vietnamese diacritics optional ("cau" finds "Cầu", "viet tri" finds "Việt Trì").

At province scale (1,200 cameras in 148 wards) the old catalogue cleared and refilled its
1,350 items on every poll of the KPIs or areas (48 ms median, 207 max, each time), and a
keystroke folded and hid every item (9 ms); bench/catalogue_scale.py measures both. Now:
- the store's data is read into an index of entries, each with its text folded once
  (`fold`); the tree is rebuilt only when a cheap signature of what it shows changed, and
  not while the catalogue is hidden (a wall's control window usually is): 2.8 ms a poll;
- a search scans the folded index (every word must appear in the entry's name, ward, road,
  or group for what is not a camera) and shows its hits, best first, in a second, small
  tree, at most MAX_HITS of them, saying how many matched; the full tree stays as it was
  for when the search is cleared: 5 ms a keystroke;
- keystrokes are merged (SEARCH_DELAY_MS) so a burst of typing costs one search.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop.backend.models import Camera
from ioc_desktop.i18n import translate
from ioc_desktop.store import Store
from widgets.catalogue_names import system_name
from widgets.incident_text import plain_tooltip
from widgets.screen_grid import panel_mime
from widgets.theme import MUTED

PAYLOAD = Qt.ItemDataRole.UserRole
MAX_HITS = 200  # search hits drawn; the rest are counted ("type more to narrow")
SEARCH_DELAY_MS = 30  # keystrokes closer than this are one search
ITEM_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
)


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Lower case without diacritics, for search."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()


def children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [c for i in range(item.childCount()) if (c := item.child(i)) is not None]


@dataclass(frozen=True)
class Entry:
    """One draggable thing, where it sits in the tree and what a search matches it on."""

    group: str  # top level: cameras, slots, KPIs, other panels
    section: str  # second level (a ward, an IOC system) or "" directly under the group
    text: str
    kind: str
    settings: dict[str, Any] = field(compare=False)
    detail: str = ""  # what a search hit shows after its name (road · ward)
    hay: str = ""  # folded text a search looks in
    name: str = ""  # folded text, for ranking hits by name first
    payload: str = ""  # what a drag carries (JSON), made once per index
    tip: str = ""  # the tooltip (escaped: backend text stays text), made once per index


def camera_address(cam: Camera) -> str:
    """The camera's road or place (an optional field of the contract), "" without one."""
    return cam.address or ""


def entry(
    group: str,
    section: str,
    text: str,
    kind: str,
    settings: dict[str, Any],
    extra: str = "",
    *,
    group_in_search: bool = True,
) -> Entry:
    """group_in_search: the group's name is searched too ("kpi" lists the KPIs); not for
    cameras, where "cam" would match all 1,200."""
    # a road given as "Đường X, Phường Y" already names the ward: the hit says it once
    detail = extra if not section or section in extra else f"{extra} · {section}".strip(" ·")
    words = (text, extra, section, group if group_in_search else "")
    hay = fold(" ".join(p for p in words if p))
    payload = json.dumps({"kind": kind, "settings": settings})
    drag = translate("catalogue", "Kéo vào một ô trên tường màn hình")
    tip = plain_tooltip("\n".join(p for p in (text, detail, drag) if p))
    return Entry(group, section, text, kind, settings, detail, hay, fold(text), payload, tip)


class CatalogueTree(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QTreeWidget.DragDropMode.DragOnly)
        self.setUniformRowHeights(True)  # 1,200 rows: no per-row size query

    def mimeData(self, items: Any) -> QMimeData:
        payload = items[0].data(0, PAYLOAD) if items else None
        if not payload:
            return QMimeData()
        data = json.loads(payload)
        return panel_mime(data["kind"], data["settings"])


class Catalogue(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            translate("catalogue", "Tìm camera, xã/phường, đường, chỉ số…")
        )
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel("")
        self.count_label.setObjectName("PanelSubtitle")
        self.count_label.hide()
        self.tree = CatalogueTree()  # everything, grouped
        self.results = CatalogueTree()  # a search's hits
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.results)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.search)
        lay.addWidget(self.count_label)
        lay.addWidget(self.stack, 1)
        self.entries: list[Entry] = []
        self.matched = 0  # how many entries the last search matched
        self.rebuilds = 0  # how many times the tree was really rebuilt (tests, bench)
        self._signature: object = None
        self._stale = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._on_search_changed)
        store.sig_cameras_changed.connect(self._on_store_changed)
        store.sig_kpis_changed.connect(self._on_store_changed)
        store.sig_areas_changed.connect(self._on_store_changed)
        self.rebuild()

    # -- the index ------------------------------------------------------------------------
    def _current_signature(self) -> object:
        """What the tree shows depends on no more than this (cheap next to a rebuild)."""
        s = self.store
        return (
            tuple((c.id, c.name, c.area_code, camera_address(c)) for c in s.cameras.values()),
            tuple((a.code, a.name) for a in s.areas),
            tuple((k.id, k.system, k.name_vi) for k in s.kpis.values()),
        )

    def _on_store_changed(self) -> None:
        if self.isVisible():
            self.rebuild()
        else:  # read when shown: a hidden catalogue costs nothing per poll
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.rebuild()

    def rebuild(self) -> None:
        """Read the store again; the tree is rebuilt only if what it shows changed."""
        self._stale = False
        signature = self._current_signature()
        if signature == self._signature:
            return
        self._signature = signature
        self.entries = self._index()
        self._fill_tree()
        self.rebuilds += 1
        if self.search.text().strip():
            self.apply_search()

    def _index(self) -> list[Entry]:
        area_names = {a.code: a.name for a in self.store.areas}
        cams = translate("catalogue", "Camera")
        other_ward = translate("catalogue", "Khác")
        out = []
        # in the order of the alphabet a Vietnamese reader expects ("Cẩm Khê" before "Chí
        # Đám"; code points put every accented letter after z)
        by_name = sorted(self.store.cameras.values(), key=lambda c: (fold(c.name), c.name, c.id))
        for cam in by_name:
            ward = area_names.get(cam.area_code, cam.area_code or other_ward)
            road = camera_address(cam)
            settings = {"camera_id": cam.id}
            out.append(entry(cams, ward, cam.name, "camera", settings, road, group_in_search=False))
        slots = translate("catalogue", "Ô camera theo sự cố")
        nth = translate("catalogue", "Camera gần sự cố thứ {k}")
        out += [entry(slots, "", nth.format(k=k), "camera", {"slot": k}) for k in range(1, 7)]
        kpis = translate("catalogue", "Chỉ số KPI")
        by_ward = translate("catalogue", "{kpi} — theo xã")
        systems: set[int] = set()
        for kpi in sorted(self.store.kpis.values(), key=lambda k: (k.system, k.name_vi)):
            system = system_name(kpi.system)
            systems.add(kpi.system)
            out.append(entry(kpis, system, kpi.name_vi, "kpi_trend", {"kpi_id": kpi.id}))
            text = by_ward.format(kpi=kpi.name_vi)
            out.append(entry(kpis, system, text, "kpi_bars", {"kpi_id": kpi.id}))
        tiles = translate("catalogue", "▦ Ô số liệu của cả lĩnh vực")
        for n in sorted(systems):
            out.append(entry(kpis, system_name(n), tiles, "kpi_tiles", {"system": n}))
        other = translate("catalogue", "Bảng khác")
        view = {"center": [21.15, 105.37], "zoom": 9}
        out += [
            entry(other, "", translate("catalogue", "Bản đồ điều hành"), "map", dict(view)),
            entry(
                other,
                "",
                translate("catalogue", "Bản đồ theo sự cố"),
                "map",
                {**view, "follow_incident": True},
            ),
            entry(
                other, "", translate("catalogue", "Sự cố và phản ánh hiện trường"), "incidents", {}
            ),
            entry(other, "", translate("catalogue", "Dòng phản ánh hiện trường"), "reports", {}),
            entry(
                other, "", translate("catalogue", "Chất lượng không khí (VN_AQI)"), "aq_bars", {}
            ),
        ]
        return out

    # -- the trees ------------------------------------------------------------------------
    def _leaf(self, e: Entry, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setData(0, PAYLOAD, e.payload)
        item.setFlags(ITEM_FLAGS)
        item.setToolTip(0, e.tip)
        return item

    @staticmethod
    def _group(text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _top(self, tree: QTreeWidget | None = None) -> list[QTreeWidgetItem]:
        tree = tree or self.tree
        return [
            item
            for i in range(tree.topLevelItemCount())
            if (item := tree.topLevelItem(i)) is not None
        ]

    def _fill_tree(self) -> None:
        """Everything, grouped (cameras by ward, sorted); open groups stay open."""
        open_groups = {item.text(0) for item in self._top() if item.isExpanded()}
        self.tree.setUpdatesEnabled(False)
        try:
            self.tree.clear()
            groups: dict[str, QTreeWidgetItem] = {}
            sections: dict[tuple[str, str], QTreeWidgetItem] = {}
            for e in self.entries:
                if e.group not in groups:
                    groups[e.group] = self._group(e.group)
                parent = groups[e.group]
                if e.section:
                    key = (e.group, e.section)
                    if key not in sections:
                        sections[key] = self._group(e.section)
                        parent.addChild(sections[key])
                    parent = sections[key]
                parent.addChild(self._leaf(e, e.text))
            self.tree.addTopLevelItems(list(groups.values()))
            cams = groups.get(translate("catalogue", "Camera"))
            if cams is not None:  # wards as a Vietnamese reader orders them ("Âu Cơ" near "An")
                wards = sorted(cams.takeChildren(), key=lambda w: (fold(w.text(0)), w.text(0)))
                cams.addChildren(wards)
            for item in groups.values():
                item.setExpanded(item.text(0) in open_groups or not open_groups)
        finally:
            self.tree.setUpdatesEnabled(True)

    # -- search ---------------------------------------------------------------------------
    def _on_search_changed(self, _text: str) -> None:
        self._timer.start()

    def matches(self, query: str) -> list[Entry]:
        """Every entry whose name, ward, road or group holds each word of the query (folded),
        best first: names that start with the query, then names with words that start with
        its words, then names holding them, then entries holding the query as written (a
        ward, a road: "gia cam" is Gia Cẩm before "giao … camera"), then the rest; each in
        catalogue order."""
        folded = " ".join(fold(query).split())
        words = folded.split()
        if not words:
            return []
        hits = [e for e in self.entries if all(w in e.hay for w in words)]

        def rank(e: Entry) -> int:
            if e.name.startswith(folded):
                return 0
            if not all(w in e.name for w in words):
                return 3 if folded in e.hay else 4
            starts = e.name.split()
            return 1 if all(any(t.startswith(w) for t in starts) for w in words) else 2

        return sorted(hits, key=rank)  # stable: catalogue order within a rank

    def apply_search(self) -> None:
        """Show the search's hits now (typing calls this SEARCH_DELAY_MS after a key)."""
        self._timer.stop()
        if self._stale:
            self.rebuild()
        query = self.search.text().strip()
        if not query:
            self.matched = 0
            self.count_label.hide()
            self.stack.setCurrentWidget(self.tree)
            return
        hits = self.matches(query)
        self.matched = len(hits)
        self._fill_results(hits[:MAX_HITS])
        if not hits:
            words = translate("catalogue", "Không tìm thấy “{query}”").format(query=query)
        elif len(hits) > MAX_HITS:
            words = translate(
                "catalogue", "{shown} trong {count} kết quả: gõ thêm để thu hẹp"
            ).format(shown=MAX_HITS, count=len(hits))
        else:
            words = translate("catalogue", "{count} kết quả").format(count=len(hits))
        self.count_label.setText(words)
        self.count_label.show()
        self.stack.setCurrentWidget(self.results)

    def _fill_results(self, hits: list[Entry]) -> None:
        self.results.setUpdatesEnabled(False)
        try:
            self.results.clear()
            groups: dict[str, list[QTreeWidgetItem]] = {}
            for e in hits:
                text = " · ".join(p for p in (e.text, e.detail) if p)
                groups.setdefault(e.group, []).append(self._leaf(e, text))
            tops = []
            for name, leaves in groups.items():
                top = self._group(f"{name} ({len(leaves)})")
                top.setForeground(0, QBrush(QColor(MUTED)))
                top.addChildren(leaves)
                tops.append(top)
            self.results.addTopLevelItems(tops)
            for top in tops:
                top.setExpanded(True)
        finally:
            self.results.setUpdatesEnabled(True)

    def leaves(self) -> list[QTreeWidgetItem]:
        """Every draggable item shown now (the search's hits while searching)."""
        if self._stale:
            self.rebuild()
        if self._timer.isActive():
            self.apply_search()
        tree = self.results if self.stack.currentWidget() is self.results else self.tree
        out: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem) -> None:
            if item.data(0, PAYLOAD):
                out.append(item)
            for child in children(item):
                walk(child)

        for item in self._top(tree):
            walk(item)
        return out
