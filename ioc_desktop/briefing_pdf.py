"""The leaders' briefing as a printable A4 PDF in Vietnamese (fpdf2, fonts embedded).

A PDF's standard fonts have no Vietnamese letters (ă, ơ, ư with their tones, đ): the
document embeds a TrueType font that has every one of them, checked glyph by glyph before
anything is drawn (``vietnamese_font``): DejaVu Sans from Debian's ``fonts-dejavu-core``
(scripts/setup.sh installs it), the same on other Linux layouts, Arial on Windows and macOS,
or the file ``IOC_BRIEFING_FONT`` names. With none of them the briefing is refused with a
message saying what to install, never printed with holes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from ioc_desktop.briefing import Briefing, Headline, number
from ioc_desktop.clock import local
from ioc_desktop.systems import name_vi

FONT_ENV = "IOC_BRIEFING_FONT"
BASE = "aăâeêioôơuưy"
TONES = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền, sắc, ngã, hỏi, nặng


def _letters() -> str:
    import unicodedata

    lower = "đ" + "".join(unicodedata.normalize("NFC", b + t) for b in BASE for t in ("", *TONES))
    return "".join(c for c in lower + lower.upper() if ord(c) > 127)


VIETNAMESE_LETTERS = _letters()  # the 134 beyond ASCII: every vowel with its marks, and đ

# (regular, bold) in the order they are tried
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),  # Debian
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),  # Arch
    ("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),  # Fedora
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "arialbd.ttf"),
    ("/System/Library/Fonts/Supplemental/Arial.ttf", "Arial Bold.ttf"),
    ("/Library/Fonts/Arial.ttf", "Arial Bold.ttf"),
)

STATUS_WORDS = {"good": "Đạt", "warning": "Theo dõi", "critical": "Cảnh báo"}
STATUS_FILL = {"good": (212, 239, 223), "warning": (252, 243, 207), "critical": (250, 219, 216)}
SEVERITY_WORDS = {
    "critical": "Đặc biệt nghiêm trọng",
    "high": "Nghiêm trọng",
    "medium": "Trung bình",
    "low": "Thấp",
    "informational": "Thông tin",
}
HEAD_FILL = (226, 232, 240)
GROUP_FILL = (241, 245, 249)


class FontMissing(RuntimeError):
    """No font with every Vietnamese letter could be found."""


@dataclass(frozen=True)
class FontPair:
    regular: Path
    bold: Path


def _covers(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception:
        return False
    return all(ord(c) in cmap for c in VIETNAMESE_LETTERS)


def _fc_match() -> Path | None:
    """fontconfig's choice of a sans font for Vietnamese, where fc-match is installed."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "-f", "%{file}", "sans-serif:lang=vi"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out) if out else None


def vietnamese_font() -> FontPair:
    """The first font that has every Vietnamese letter, with its bold (or itself as bold)."""
    tried: list[str] = []
    named = os.environ.get(FONT_ENV)
    candidates: list[tuple[Path, Path | None]] = []
    if named:
        candidates.append((Path(named), None))
    candidates += [(Path(r), Path(r).with_name(b)) for r, b in FONT_CANDIDATES]
    matched = _fc_match()
    if matched is not None:
        candidates.append((matched, None))
    for regular, bold in candidates:
        tried.append(str(regular))
        if regular.is_file() and _covers(regular):
            use_bold = bold if bold is not None and bold.is_file() and _covers(bold) else regular
            return FontPair(regular, use_bold)
    raise FontMissing(
        "no font with every Vietnamese letter was found (tried: "
        + ", ".join(tried)
        + "); install Debian's fonts-dejavu-core or set "
        + FONT_ENV
        + " to a .ttf that has them"
    )


class _Doc(FPDF):
    made_at = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("body", size=8)
        self.set_text_color(100, 100, 100)
        self.cell(0, 5, f"Bản tin điều hành · lập lúc {self.made_at}", align="L")
        self.cell(0, 5, f"Trang {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def render(briefing: Briefing, out: Path, province: str = "Phú Thọ") -> list[str]:
    """Write the PDF to ``out``; return every text drawn (the tests read them back)."""
    fonts = vietnamese_font()
    pdf = _Doc(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"Bản tin điều hành ngày {_day(briefing.made_at)}")
    pdf.set_author(f"Trung tâm Điều hành thông minh tỉnh {province}")
    pdf.set_creator("IOC Wall (ioc-desktop)")
    pdf.add_font("body", "", str(fonts.regular))
    pdf.add_font("body", "B", str(fonts.bold))
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_margins(15, 14, 15)
    when = local(briefing.made_at)
    pdf.made_at = when.strftime("%H:%M %d/%m/%Y")
    pdf.add_page()
    drawn: list[str] = []
    _header(pdf, when, province, drawn)
    _headlines(pdf, list(briefing.headlines), drawn)
    _wards(pdf, briefing, drawn)
    _incidents_and_reports(pdf, briefing, drawn)
    if briefing.failures:
        _title(pdf, "Dữ liệu chưa đọc được", drawn)
        _lines(pdf, briefing.failures, drawn)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))
    return drawn


def _day(t: datetime) -> str:
    return local(t).strftime("%d/%m/%Y")


def _write(pdf: FPDF, h: float, text: str, drawn: list[str], **kw: object) -> None:
    drawn.append(text)
    pdf.cell(0, h, text, new_x="LMARGIN", new_y="NEXT", **kw)  # type: ignore[arg-type]


def _header(pdf: FPDF, when: datetime, province: str, drawn: list[str]) -> None:
    pdf.set_font("body", "B", 10)
    _write(pdf, 5, f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}", drawn)
    _write(pdf, 5, "TRUNG TÂM ĐIỀU HÀNH THÔNG MINH", drawn)
    pdf.set_font("body", "", 10)
    _write(
        pdf,
        6,
        f"{province}, ngày {when:%d} tháng {when:%m} năm {when:%Y}",
        drawn,
        align="R",
    )
    pdf.ln(2)
    pdf.set_font("body", "B", 16)
    _write(pdf, 9, "BẢN TIN ĐIỀU HÀNH HẰNG NGÀY", drawn, align="C")
    pdf.set_font("body", "", 10)
    _write(
        pdf,
        5,
        f"Số liệu đến {when:%H:%M} ngày {when:%d/%m/%Y} (giờ Việt Nam), "
        "từ chín hệ thống của Trung tâm",
        drawn,
        align="C",
    )
    pdf.ln(3)


def _title(pdf: FPDF, text: str, drawn: list[str], keep_mm: float = 40) -> None:
    """A section's title, on a new page when its first lines would not follow it."""
    if pdf.will_page_break(keep_mm):
        pdf.add_page()
    else:
        pdf.ln(2)
    pdf.set_font("body", "B", 12)
    _write(pdf, 7, text, drawn)
    pdf.set_font("body", "", 9)


def _lines(pdf: FPDF, lines: Iterable[str], drawn: list[str]) -> None:
    pdf.set_font("body", "", 9)
    for line in lines:
        drawn.append(line)
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")


def _change(h: Headline, with_time: bool) -> str:
    """+1,2 điểm % (a rate moves in points, not in per cent of itself)."""
    if h.change is None or h.since is None:
        return "—"
    sign = "+" if h.change > 0 else ("−" if h.change < 0 else "±")
    text = f"{sign}{number(abs(h.change), 'điểm %' if h.unit == '%' else h.unit)}"
    if h.since_kind == "day" or not with_time:
        return text
    return f"{text} (từ {local(h.since):%H:%M %d/%m})"


def _change_heading(headlines: list[Headline]) -> tuple[str, bool]:
    """The column's heading, and whether each cell must say since when (when they differ)."""
    kinds = {h.since_kind for h in headlines if h.since is not None}
    times = [h.since for h in headlines if h.since is not None]
    if kinds <= {"day"}:
        return "Thay đổi so với hôm qua", False
    if len(kinds) == 1 and max(times) - min(times) <= timedelta(minutes=5):
        return f"Thay đổi từ {local(min(times)):%H:%M %d/%m}", False
    return "Thay đổi", True


def _headlines(pdf: FPDF, headlines: list[Headline], drawn: list[str]) -> None:
    _title(pdf, "1. Chỉ tiêu chính so với mục tiêu", drawn)
    change_head, per_row = _change_heading(headlines)
    heads = ("Chỉ tiêu", "Giá trị", "Mục tiêu", "Tình trạng", change_head)
    drawn.extend(heads)
    pdf.set_font("body", "", 8.5)
    with pdf.table(
        col_widths=(64, 29, 31, 18, 38),
        text_align=("LEFT", "RIGHT", "RIGHT", "CENTER", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
        line_height=4.6,
        padding=1,
    ) as table:
        row = table.row()
        for head in heads:
            row.cell(head)
        system = None
        for h in headlines:
            if h.system != system:
                system = h.system
                group = f"{h.system}. {name_vi(h.system)}"
                drawn.append(group)
                table.row().cell(
                    group, colspan=5, style=FontFace(emphasis="BOLD", fill_color=GROUP_FILL)
                )
            cells = (
                h.name_vi,
                number(h.value, h.unit),
                ("≥ " if h.higher_is_better else "≤ ") + number(h.target, h.unit)
                if h.target is not None
                else "—",
                STATUS_WORDS.get(h.status or "", "—"),
                _change(h, per_row),
            )
            drawn.extend(cells)
            row = table.row()
            for i, text in enumerate(cells):
                fill = STATUS_FILL.get(h.status or "") if i == 3 else None
                row.cell(text, style=FontFace(fill_color=fill) if fill else None)
    if {h.since_kind for h in headlines} - {"day", ""}:
        _lines(
            pdf,
            [
                "Thay đổi: so với cùng giờ hôm qua; nơi chuỗi số liệu chưa có ngày hôm qua, so "
                "với bản tin trước hoặc điểm đầu của chuỗi, ghi rõ từ lúc nào. Tỷ lệ thay đổi "
                "tính bằng điểm phần trăm."
            ],
            drawn,
        )


def _wards(pdf: FPDF, briefing: Briefing, drawn: list[str]) -> None:
    _title(pdf, "2. Năm phường, xã cần chú ý nhất", drawn)
    if not briefing.worst_wards:
        _lines(pdf, ["Không phường, xã nào có chỉ tiêu ở mức theo dõi hoặc cảnh báo."], drawn)
        return
    heads = ("Phường, xã", "Điểm", "Chỉ tiêu chưa đạt (nặng nhất trước)", "Sự cố mở")
    drawn.extend(heads)
    pdf.set_font("body", "", 8.5)
    with pdf.table(
        col_widths=(38, 14, 110, 18),
        text_align=("LEFT", "CENTER", "LEFT", "CENTER"),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
        line_height=4.6,
        padding=1,
    ) as table:
        row = table.row()
        for head in heads:
            row.cell(head)
        for w in briefing.worst_wards:
            shown = "; ".join(w.problems[:4])
            if len(w.problems) > 4:
                shown += f"; và {len(w.problems) - 4} chỉ tiêu khác"
            cells = (w.name, str(w.score), shown, str(w.open_incidents))
            drawn.extend(cells)
            row = table.row()
            for text in cells:
                row.cell(text)
    _lines(pdf, ["Điểm: 2 cho mỗi chỉ tiêu ở mức cảnh báo, 1 ở mức theo dõi."], drawn)


def _count_table(
    pdf: FPDF, heads: tuple[str, str], rows: list[tuple[str, str]], drawn: list[str]
) -> None:
    """A narrow two-column table: a label and its count (every text noted in `drawn`)."""
    pdf.set_font("body", "", 9)
    with pdf.table(
        col_widths=(60, 25),
        width=85,
        align="LEFT",
        text_align=("LEFT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
        line_height=4.8,
        padding=1,
    ) as table:
        row = table.row()
        for head in heads:
            drawn.append(head)
            row.cell(head)
        for cells in rows:
            drawn.extend(cells)
            row = table.row()
            for text in cells:
                row.cell(text)


def _incidents_and_reports(pdf: FPDF, briefing: Briefing, drawn: list[str]) -> None:
    total = sum(n for _, n in briefing.incidents_by_severity)
    _title(pdf, f"3. Sự cố đang mở: {total}", drawn)
    severities = [
        (SEVERITY_WORDS.get(severity, severity), str(n))
        for severity, n in briefing.incidents_by_severity
    ]
    _count_table(pdf, ("Mức độ", "Số sự cố"), severities, drawn)
    _title(pdf, f"4. Phản ánh hiện trường chưa xử lý xong: {briefing.reports_open}", drawn)
    ages = [(label.capitalize(), str(n)) for label, n in briefing.reports_by_age]
    _count_table(pdf, ("Đã chờ", "Số phản ánh"), ages, drawn)
    if briefing.oldest_report is not None:
        oldest = local(briefing.oldest_report)
        _lines(pdf, [f"Phản ánh cũ nhất nhận lúc {oldest:%H:%M ngày %d/%m/%Y}."], drawn)
