"""'Xuất hồ sơ sự cố…' on the incident desk: the incident's file (incident_file.py) written
off the UI thread into a folder the officer picks, as a folder and a ZIP with its report;
what it could not include is said, as the report says it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from ioc_desktop.backend.client import BackendError
from ioc_desktop.config import data_dir
from ioc_desktop.i18n import translate
from ioc_desktop.incident_file import IncidentFile


class IncidentFileButton(QWidget):
    def __init__(
        self, export: Callable[[str, Path], IncidentFile], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.export = export
        self.incident_id = ""
        self.button = QPushButton(translate("incident_file", "Xuất hồ sơ sự cố…"))
        self.button.clicked.connect(lambda: self.export_to(None))
        self.said = QLabel("")
        self.said.setWordWrap(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.button)
        lay.addWidget(self.said, 1)
        self.last: IncidentFile | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.setVisible(False)

    def set_incident(self, incident_id: str) -> None:
        self.incident_id = incident_id
        self.said.setText("")
        self.setVisible(bool(incident_id))

    def export_to(self, folder: Path | None) -> None:
        """Ask where (unless told), then write the file off the UI thread."""
        if not self.incident_id:
            return
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self, translate("incident_file", "Lưu hồ sơ sự cố vào thư mục"), str(data_dir())
            )
            if not chosen:
                return
            folder = Path(chosen)
        task = asyncio.get_running_loop().create_task(self._export(self.incident_id, folder))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _export(self, incident_id: str, folder: Path) -> None:
        self.said.setText(translate("incident_file", "Đang lập hồ sơ {id}…").format(id=incident_id))
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(None, self.export, incident_id, folder)
        except (BackendError, OSError) as exc:
            self.said.setText(
                translate("incident_file", "Không lập được hồ sơ: {reason}").format(reason=exc)
            )
            return
        self.last = result
        self.said.setText(
            translate(
                "incident_file", "Đã lưu {zip} ({n} mục; {m} mục không đưa vào được, xem báo cáo)"
            ).format(
                zip=result.zip_path,
                n=len(result.items) - len(result.missing()),
                m=len(result.missing()),
            )
        )
