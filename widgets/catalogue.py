"""The catalogue an operator drags panels from: cameras by ward, KPIs by IOC system, the map,
the incident list, air quality and incident camera slots; searchable, Vietnamese diacritics
optional in the search ("cau" finds "Cầu").
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ioc_desktop.i18n import translate
from ioc_desktop.store import Store
from widgets.catalogue_names import system_name
from widgets.screen_grid import panel_mime

PAYLOAD = Qt.ItemDataRole.UserRole


def fold(text: str) -> str:
    """Lower case without diacritics, for search."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()


def children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [c for i in range(item.childCount()) if (c := item.child(i)) is not None]


class CatalogueTree(QTreeWidget):
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
        self.search.setPlaceholderText(translate("catalogue", "Tìm camera, chỉ số, bảng…"))
        self.search.setClearButtonEnabled(True)
        self.tree = CatalogueTree()
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QTreeWidget.DragDropMode.DragOnly)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.search)
        lay.addWidget(self.tree, 1)
        self.search.textChanged.connect(self._filter)
        store.sig_cameras_changed.connect(self.rebuild)
        store.sig_kpis_changed.connect(self.rebuild)
        store.sig_areas_changed.connect(self.rebuild)
        self.rebuild()

    def _leaf(
        self, parent: QTreeWidgetItem, text: str, kind: str, settings: dict[str, Any]
    ) -> None:
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, PAYLOAD, json.dumps({"kind": kind, "settings": settings}))
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        item.setToolTip(0, translate("catalogue", "Kéo vào một ô trên tường màn hình"))

    def _group(self, parent: QTreeWidget | QTreeWidgetItem, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _top(self) -> list[QTreeWidgetItem]:
        return [
            item
            for i in range(self.tree.topLevelItemCount())
            if (item := self.tree.topLevelItem(i)) is not None
        ]

    def rebuild(self) -> None:
        open_groups = {item.text(0) for item in self._top() if item.isExpanded()}
        self.tree.clear()
        area_names = {a.code: a.name for a in self.store.areas}
        cams = self._group(self.tree, translate("catalogue", "Camera"))
        wards: dict[str, QTreeWidgetItem] = {}
        for cam in sorted(self.store.cameras.values(), key=lambda c: c.name):
            ward = area_names.get(cam.area_code, cam.area_code or translate("catalogue", "Khác"))
            if ward not in wards:
                wards[ward] = self._group(cams, ward)
            self._leaf(wards[ward], cam.name, "camera", {"camera_id": cam.id})
        cams.sortChildren(0, Qt.SortOrder.AscendingOrder)
        slots = self._group(self.tree, translate("catalogue", "Ô camera theo sự cố"))
        for k in range(1, 7):
            self._leaf(
                slots,
                translate("catalogue", "Camera gần sự cố thứ {k}").format(k=k),
                "camera",
                {"slot": k},
            )
        kpis = self._group(self.tree, translate("catalogue", "Chỉ số KPI"))
        systems: dict[int, QTreeWidgetItem] = {}
        for kpi in sorted(self.store.kpis.values(), key=lambda k: (k.system, k.name_vi)):
            if kpi.system not in systems:
                systems[kpi.system] = self._group(kpis, system_name(kpi.system))
            self._leaf(systems[kpi.system], kpi.name_vi, "kpi_trend", {"kpi_id": kpi.id})
            self._leaf(
                systems[kpi.system],
                translate("catalogue", "{kpi} — theo xã").format(kpi=kpi.name_vi),
                "kpi_bars",
                {"kpi_id": kpi.id},
            )
        for system, group in systems.items():
            self._leaf(
                group,
                translate("catalogue", "▦ Ô số liệu của cả lĩnh vực"),
                "kpi_tiles",
                {"system": system},
            )
        other = self._group(self.tree, translate("catalogue", "Bảng khác"))
        self._leaf(
            other,
            translate("catalogue", "Bản đồ điều hành"),
            "map",
            {"center": [21.15, 105.37], "zoom": 9},
        )
        self._leaf(
            other,
            translate("catalogue", "Bản đồ theo sự cố"),
            "map",
            {"center": [21.15, 105.37], "zoom": 9, "follow_incident": True},
        )
        self._leaf(other, translate("catalogue", "Sự cố và phản ánh hiện trường"), "incidents", {})
        self._leaf(other, translate("catalogue", "Dòng phản ánh hiện trường"), "reports", {})
        self._leaf(other, translate("catalogue", "Chất lượng không khí (VN_AQI)"), "aq_bars", {})
        for item in self._top():
            item.setExpanded(item.text(0) in open_groups or not open_groups)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        needle = fold(text.strip())

        def reveal(item: QTreeWidgetItem) -> None:
            for child in children(item):
                child.setHidden(False)
                reveal(child)

        def visit(item: QTreeWidgetItem) -> bool:
            own = not needle or needle in fold(item.text(0))
            child_hit = False
            for child in children(item):
                child_hit = visit(child) or child_hit
            leaf = item.childCount() == 0
            shown = own if leaf else (child_hit or (own and bool(needle)))
            if not leaf and own and needle:  # a matching group shows all it holds
                reveal(item)
            item.setHidden(not shown)
            if needle and child_hit:
                item.setExpanded(True)
            return shown

        for item in self._top():
            visit(item)

    def leaves(self) -> list[QTreeWidgetItem]:
        """Every draggable item that is not hidden by the search."""
        out: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem, hidden: bool) -> None:
            hidden = hidden or item.isHidden()
            if item.data(0, PAYLOAD) and not hidden:
                out.append(item)
            for child in children(item):
                walk(child, hidden)

        for item in self._top():
            walk(item, False)
        return out
