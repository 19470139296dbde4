"""The settings a duty officer or installer changes without editing JSON: backend, TLS,
polling, video, charts, language, role, incident behaviour, offline base map.

The dialog only edits values: it hands the changes to its caller (the app saves them with
config.save_settings and says what needs a restart). Values are checked before OK is allowed
(config.check_changes), so a bad URL or a missing CA file is said plainly, in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ioc_desktop.config import CHOICES, EDITABLE, Settings, check_changes
from ioc_desktop.i18n import LANGUAGES, QT_TRANSLATE_NOOP, translate
from widgets.dialog_parts import ok_cancel, problem_label
from widgets.incident_text import severity_text

CHOICE_TEXT = {
    "auto": QT_TRANSLATE_NOOP("settings_dialog", "Tự động"),
    "on": QT_TRANSLATE_NOOP("settings_dialog", "Bật"),
    "off": QT_TRANSLATE_NOOP("settings_dialog", "Tắt"),
    "ask": QT_TRANSLATE_NOOP("settings_dialog", "Hỏi trước"),
    "wall": QT_TRANSLATE_NOOP("settings_dialog", "Tường màn hình (toàn màn hình)"),
    "workstation": QT_TRANSLATE_NOOP("settings_dialog", "Máy trạm trực ban (cửa sổ)"),
    "viewer": QT_TRANSLATE_NOOP("settings_dialog", "Máy xem (chỉ theo dõi tường)"),
    "tcp": QT_TRANSLATE_NOOP("settings_dialog", "TCP (qua tường lửa, không mất gói)"),
    "udp": QT_TRANSLATE_NOOP("settings_dialog", "UDP (trễ ít hơn, có thể mất hình)"),
}


class SettingsDialog(QDialog):
    sig_camera_password = Signal()  # "Mật khẩu camera…": the caller opens that dialog

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("settings_dialog", "IOC Wall — Cài đặt"))
        self.setMinimumWidth(760)  # the longest check box text whole at the wall's type size
        self._start = {k: getattr(settings, k) for k in EDITABLE}
        self.edits: dict[str, QWidget] = {}
        form = QFormLayout()

        self.backend_url = self._line("backend_url", "https://ioc.example.gov.vn")
        form.addRow(translate("settings_dialog", "Địa chỉ máy chủ IOC:"), self.backend_url)
        self.tls_verify = self._check(
            "tls_verify", translate("settings_dialog", "Kiểm tra chứng chỉ TLS")
        )
        form.addRow("", self.tls_verify)
        self.ca_bundle = self._line(
            "ca_bundle",
            translate("settings_dialog", "tệp PEM của CA riêng (để trống: CA của hệ thống)"),
        )
        browse = QPushButton(translate("settings_dialog", "Chọn…"))
        browse.clicked.connect(self._browse_ca)
        row = QHBoxLayout()
        row.addWidget(self.ca_bundle, 1)
        row.addWidget(browse)
        form.addRow(translate("settings_dialog", "Chứng chỉ CA:"), row)
        self.poll_fast = self._seconds("poll_fast_s")
        form.addRow(
            translate("settings_dialog", "Hỏi sự cố, chỉ số KPI mỗi (giây):"), self.poll_fast
        )
        self.poll_slow = self._seconds("poll_slow_s")
        form.addRow(
            translate("settings_dialog", "Hỏi camera, phản ánh, không khí mỗi (giây):"),
            self.poll_slow,
        )
        self._add_video(form)
        form.addRow(
            translate("settings_dialog", "Vẽ biểu đồ bằng OpenGL:"), self._choice("chart_opengl")
        )
        form.addRow(
            translate("settings_dialog", "Vẽ bản đồ bằng OpenGL:"), self._choice("map_opengl")
        )
        language = QComboBox()
        for code, name in LANGUAGES.items():
            language.addItem(name, code)
        language.setCurrentIndex(max(0, language.findData(self._start["language"])))
        self.edits["language"] = language
        form.addRow(translate("settings_dialog", "Ngôn ngữ:"), language)
        form.addRow(translate("settings_dialog", "Vai trò của máy:"), self._choice("role"))
        form.addRow(
            translate("settings_dialog", "Khi có sự cố mới:"), self._choice("incident_layout")
        )
        form.addRow(
            translate("settings_dialog", "Chỉ hỏi sự cố từ mức:"),
            self._choice("incident_prompt_min_severity", severity_text),
        )
        self.alert = self._check(
            "alert_sound", translate("settings_dialog", "Báo chuông sự cố mới")
        )
        form.addRow("", self.alert)
        self.map_tiles = self._line(
            "map_tiles",
            translate("settings_dialog", "tệp .mbtiles hoặc thư mục z/x/y (để trống: không)"),
        )
        form.addRow(translate("settings_dialog", "Bản đồ nền ngoại tuyến:"), self.map_tiles)
        self.map_tile_url = self._line(
            "map_tile_url",
            translate(
                "settings_dialog", "https://…/{z}/{x}/{y}.png (để trống: không dùng mạng ngoài)"
            ),
        )
        form.addRow(translate("settings_dialog", "Bản đồ nền trực tuyến:"), self.map_tile_url)

        self.problem = problem_label()
        note = QLabel(translate("settings_dialog", "Thay đổi có hiệu lực khi mở lại IOC Wall."))
        note.setWordWrap(True)
        self.buttons = ok_cancel(
            translate("settings_dialog", "Lưu"),
            translate("settings_dialog", "Huỷ"),
            self._accept_if_valid,
            self.reject,
        )
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(self.problem)
        lay.addWidget(self.buttons)

    def _add_video(self, form: QFormLayout) -> None:
        """Buffering, decoding and how RTSP cameras are reached (with their passwords)."""
        self.caching = QSpinBox()
        self.caching.setRange(0, 5000)
        self.caching.setSingleStep(50)
        self.caching.setValue(int(self._start["network_caching_ms"]))
        self.edits["network_caching_ms"] = self.caching
        form.addRow(translate("settings_dialog", "Bộ đệm video (ms):"), self.caching)
        form.addRow(
            translate("settings_dialog", "Giải mã phần cứng:"), self._choice("hardware_decoding")
        )
        self.light = self._check(
            "light_decoding", translate("settings_dialog", "Ô nhỏ giải mã nhẹ (nhiều camera hơn)")
        )
        form.addRow("", self.light)
        passwords = QPushButton(translate("settings_dialog", "Mật khẩu camera…"))
        passwords.clicked.connect(self.sig_camera_password)
        row = QHBoxLayout()
        row.addWidget(self._choice("rtsp_transport"), 1)
        row.addWidget(passwords)
        form.addRow(translate("settings_dialog", "Camera RTSP qua:"), row)

    # ---- fields ----------------------------------------------------------------------------
    def _line(self, key: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(str(self._start[key]))
        edit.setPlaceholderText(placeholder)
        self.edits[key] = edit
        return edit

    def _check(self, key: str, text: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setChecked(bool(self._start[key]))
        self.edits[key] = box
        return box

    def _seconds(self, key: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0.5, 600)
        spin.setDecimals(1)
        spin.setValue(float(self._start[key]))
        self.edits[key] = spin
        return spin

    def _choice(self, key: str, text: Callable[[str], str] | None = None) -> QComboBox:
        combo = QComboBox()
        for value in CHOICES[key]:
            shown = text(value) if text else translate("settings_dialog", CHOICE_TEXT[value])
            combo.addItem(shown, value)
        combo.setCurrentIndex(max(0, combo.findData(self._start[key])))
        self.edits[key] = combo
        return combo

    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("settings_dialog", "Chứng chỉ CA"),
            "",
            translate("settings_dialog", "Chứng chỉ (*.pem *.crt *.cer);;Mọi tệp (*)"),
        )
        if path:
            self.ca_bundle.setText(path)

    # ---- values ----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, w in self.edits.items():
            if isinstance(w, QLineEdit):
                out[key] = w.text().strip()
            elif isinstance(w, QCheckBox):
                out[key] = w.isChecked()
            elif isinstance(w, QDoubleSpinBox):
                out[key] = round(w.value(), 1)
            elif isinstance(w, QSpinBox):
                out[key] = w.value()
            elif isinstance(w, QComboBox):
                out[key] = w.currentData()
        return out

    def changes(self) -> dict[str, Any]:
        """Only what the person changed."""
        return {k: v for k, v in self.values().items() if v != self._start[k]}

    def _accept_if_valid(self) -> None:
        problems = check_changes(self.values())
        if problems:
            self.problem.setText("⚠ " + "\n⚠ ".join(problems))
            return
        self.accept()
