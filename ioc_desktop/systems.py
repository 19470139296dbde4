"""The nine functional systems of a provincial IOC, by the number the contract gives them."""

from __future__ import annotations

SYSTEMS: dict[int, tuple[str, str]] = {
    1: ("Kinh tế - xã hội", "Socio-economic"),
    2: ("Dịch vụ công", "Public services"),
    3: ("Văn bản điện tử", "E-documents"),
    4: ("Chỉ tiêu thống kê", "Statistics"),
    5: ("Y tế", "Health"),
    6: ("Giáo dục", "Education"),
    7: ("Thông tin mạng xã hội", "Social network"),
    8: ("Môi trường", "Environment"),
    9: ("An ninh, giao thông", "Security and traffic"),
}


def name_vi(system: int) -> str:
    return SYSTEMS.get(system, (f"Hệ thống {system}", ""))[0]


# the backend's units of things counted one by one: shown without decimals, and a ward's
# count is a share of the province's, never read against the province's target
COUNT_UNITS = frozenset(
    {"hồ sơ", "văn bản", "lượt", "ca", "vụ", "doanh nghiệp", "học sinh", "chủ đề"}
)
