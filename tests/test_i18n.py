"""Vietnamese first, English through Qt's translation files: every string the UI shows goes
through translate(), the English .ts is complete and current, placeholders survive, and the
app really switches language."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ioc_desktop import i18n
from tests.conftest import REPO

TS = REPO / "resources" / "i18n" / "ioc_desktop_en.ts"
VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I
)
# the leaders' daily briefing is a Vietnamese document (the province's report), not the UI:
# its words (and the systems' names it and the demo print, systems.py) are the document's,
# in whatever language the UI is shown; the UI names the systems in catalogue_names.py
# (so is an incident's file, incident_file.py: evidence in the province's language)
DOCUMENTS = {
    "ioc_desktop/briefing.py",
    "ioc_desktop/briefing_pdf.py",
    "ioc_desktop/systems.py",
    "ioc_desktop/incident_file.py",
}
UI_CODE = sorted(
    p
    for p in [*REPO.joinpath("widgets").glob("*.py"), *REPO.joinpath("ioc_desktop").rglob("*.py")]
    if "demo" not in p.relative_to(REPO).parts and p.relative_to(REPO).as_posix() not in DOCUMENTS
)
# Vietnamese literals that are data or matching, not text the UI shows
NOT_UI_TEXT = {
    ("widgets/catalogue.py", "Đ"),  # search folds đ → d
    ("widgets/catalogue.py", "đ"),
    ("ioc_desktop/layout/library.py", "Đ"),  # file names from titles fold đ → d
    ("ioc_desktop/layout/library.py", "đ"),
    ("widgets/kpi_panels.py", "vụ"),  # units counted in whole numbers (backend's units)
    ("widgets/kpi_panels.py", "văn bản"),
    ("widgets/kpi_tiles.py", "vụ"),
    ("widgets/kpi_tiles.py", "văn bản"),
    ("widgets/kpi_tiles.py", "hồ sơ"),
    ("widgets/kpi_panels.py", "Trạm quan trắc "),  # prefix cut off the backend's station names
    ("ioc_desktop/incidents/outbox.py", "trực ban"),  # author of a note, sent to the backend
    # the backend's refusal (the demo backend enforces the same table as the IOC backend)
    ("ioc_desktop/incidents/lifecycle.py", "không có thao tác '"),
    ("ioc_desktop/incidents/lifecycle.py", "không thể '"),
    ("ioc_desktop/incidents/lifecycle.py", "' khi sự cố đang ở trạng thái '"),
    # --help is English like every other command-line tool's; the province is a name
    (
        "ioc_desktop/cli.py",
        "start the embedded demo backend (simulated Phú Thọ, live streams on loopback)",
    ),
    ("ioc_desktop/cli.py", "language of the UI: vi (Tiếng Việt, the default) or en (English)"),
    ("ioc_desktop/i18n.py", "Tiếng Việt"),  # a language's own name, in every UI language
}


def _messages(path: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) → translation, None while unfinished."""
    out: dict[tuple[str, str], str | None] = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            assert tr is not None
            done = tr.get("type") not in ("unfinished", "obsolete", "vanished")
            out[(name, m.findtext("source") or "")] = tr.text if done else None
    return out


def _untranslated_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))  # docstrings
        if isinstance(node, ast.Call):
            f = node.func
            name = (
                f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            )
            if name in ("translate", "QT_TRANSLATE_NOOP"):
                skip |= {id(n) for a in node.args for n in ast.walk(a)}
    rel = path.relative_to(REPO).as_posix()
    return [
        f"{rel}:{n.lineno}: {n.value!r}"
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and id(n) not in skip
        and VIETNAMESE.search(n.value)
        and (rel, n.value) not in NOT_UI_TEXT
    ]


def test_every_vietnamese_string_the_ui_shows_goes_through_translate() -> None:
    found = [line for p in UI_CODE for line in _untranslated_literals(p)]
    assert not found, "wrap these in translate(...) (or explain in NOT_UI_TEXT):\n" + "\n".join(
        found
    )


def test_english_translation_is_complete_and_current(tmp_path: Path) -> None:
    """lupdate over today's code must find exactly the .ts in git, every entry translated."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    tool = str(lupdate) if lupdate.exists() else shutil.which("pyside6-lupdate")
    assert tool, "pyside6-lupdate (PySide6) is missing"
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    sources = [str(p) for p in UI_CODE]
    subprocess.run(
        [tool, *sources, "-no-obsolete", "-locations", "none", "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    committed, current = _messages(TS), _messages(fresh)
    assert set(current) == set(committed), (
        "resources/i18n/ioc_desktop_en.ts is behind the code: run ./scripts/i18n.sh\n"
        f"new: {sorted(set(current) - set(committed))}\n"
        f"gone: {sorted(set(committed) - set(current))}"
    )
    unfinished = sorted(k for k, v in committed.items() if not v)
    assert not unfinished, f"untranslated: {unfinished}"


def test_translations_keep_every_placeholder() -> None:
    for (ctx, source), target in _messages(TS).items():
        names = set(re.findall(r"\{(\w*)\}", source))
        assert names == set(re.findall(r"\{(\w*)\}", target or "")), (ctx, source, target)
        assert source.count("\n") == (target or "").count("\n"), (ctx, source)


@pytest.fixture
def english(qapp: object) -> object:
    qm = TS.with_suffix(".qm")
    assert qm.exists(), "the .qm is compiled by ./scripts/setup.sh (scripts/i18n.sh --compile)"
    assert i18n.install("en") is None
    yield qapp
    i18n.install("vi")


def test_the_ui_speaks_english_when_asked(english: object) -> None:
    from widgets.camera_tile import status_text
    from widgets.formatting import format_age
    from widgets.incident_text import action_label, severity_text
    from widgets.panels import empty_slot

    assert status_text("live") == "Live" and status_text("lost") == "Signal lost"
    assert severity_text("critical") == "Critical" and action_label("acknowledge") == "Acknowledge"
    assert format_age(42) == "42 s"
    frame = empty_slot(2)
    assert frame.title.text() == "Incident camera slot 2"
    from PySide6.QtWidgets import QLabel

    message = frame.findChild(QLabel, "TileMessage")
    assert message is not None and "nearest camera no. 2" in message.text()
    from ioc_desktop.map.page import build_map_html

    assert '"cameras": "Cameras"' in build_map_html((21.0, 105.0), 9)


def test_vietnamese_is_the_default_and_an_unknown_language_says_so(qapp: object) -> None:
    from widgets.camera_tile import status_text

    assert i18n.install("vi") is None
    assert status_text("live") == "Trực tiếp"
    problem = i18n.install("fr")
    assert problem is not None and "fr" in problem
    assert status_text("live") == "Trực tiếp"


def test_without_qt_the_data_layers_get_the_vietnamese_text() -> None:
    """layout/ and backend/ know no Qt: translate() must work for them before Qt loads."""
    code = (
        "import sys; from ioc_desktop.i18n import translate; "
        "from ioc_desktop.layout import edit; "
        "assert 'PySide6.QtCore' not in sys.modules; "
        "print(translate('x', 'Ô {n} · %n', None, 3))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "Ô {n} · 3"
