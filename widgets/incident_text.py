"""Words the operator reads for incident severities and states (Vietnamese first)."""

SEVERITY_TEXT = {
    "critical": "Khẩn cấp",
    "high": "Nghiêm trọng",
    "medium": "Trung bình",
    "low": "Thấp",
    "informational": "Thông tin",
}

STATUS_TEXT = {
    "new": "Mới",
    "acknowledged": "Đã tiếp nhận",
    "assigned": "Đã phân công",
    "in_progress": "Đang xử lý",
    "resolved": "Đã giải quyết",
    "closed": "Đã đóng",
    "cancelled": "Đã huỷ",
}

REPORT_STATUS_TEXT = {
    "received": "Đã tiếp nhận",
    "classified": "Đã phân loại",
    "forwarded": "Đã chuyển xử lý",
    "processing": "Đang xử lý",
    "processed": "Đã xử lý",
    "published": "Đã công khai",
    "rated": "Đã đánh giá",
}
