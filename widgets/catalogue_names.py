"""The nine IOC systems' names as the wall shows them (DESIGN.md's table)."""

from __future__ import annotations

SYSTEM_NAMES = {
    1: "1 · Kinh tế – xã hội",
    2: "2 · Dịch vụ công",
    3: "3 · Văn bản điện tử",
    4: "4 · Chỉ tiêu thống kê",
    5: "5 · Y tế",
    6: "6 · Giáo dục",
    7: "7 · Mạng xã hội",
    8: "8 · Môi trường",
    9: "9 · An ninh – giao thông",
}
