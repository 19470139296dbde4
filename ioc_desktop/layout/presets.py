"""Grid presets a video wall is usually cut into (1×1 … 4×4, one big tile with small ones).

A preset is only cells; applying it to a screen keeps the screen's panels, in reading order,
the biggest cell first, so "1+7" on a wall that showed a 2×2 puts the first camera large.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from ioc_desktop.layout.model import PanelSpec, ScreenSpec


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1


def _fill(rows: int, cols: int, big: list[Cell]) -> list[Cell]:
    """The big cells first, then every cell they leave free, in reading order."""
    taken = {
        (r, c)
        for b in big
        for r in range(b.row, b.row + b.row_span)
        for c in range(b.col, b.col + b.col_span)
    }
    rest = [Cell(r, c) for r in range(rows) for c in range(cols) if (r, c) not in taken]
    return big + rest


PRESETS: dict[str, tuple[int, int, list[Cell]]] = {
    "1x1": (1, 1, _fill(1, 1, [])),
    "2x2": (2, 2, _fill(2, 2, [])),
    "3x3": (3, 3, _fill(3, 3, [])),
    "4x4": (4, 4, _fill(4, 4, [])),
    "1+5": (3, 3, _fill(3, 3, [Cell(0, 0, 2, 2)])),
    "1+7": (4, 4, _fill(4, 4, [Cell(0, 0, 3, 3)])),
    "2+8": (4, 4, _fill(4, 4, [Cell(0, 0, 2, 2), Cell(0, 2, 2, 2)])),
    "1+12": (4, 4, _fill(4, 4, [Cell(1, 1, 2, 2)])),
}


def apply_preset(screen: ScreenSpec, preset: str) -> tuple[ScreenSpec, list[PanelSpec]]:
    """The screen re-cut into a preset; returns it and the panels that no longer fit."""
    if preset not in PRESETS:
        raise KeyError(f"no preset '{preset}' (have: {', '.join(PRESETS)})")
    rows, cols, cells = PRESETS[preset]
    ordered = sorted(screen.panels, key=lambda p: (-(p.row_span * p.col_span), p.row, p.col))
    placed = []
    for cell, panel in zip(cells, ordered, strict=False):
        p = copy.deepcopy(panel)
        p.row, p.col, p.row_span, p.col_span = cell.row, cell.col, cell.row_span, cell.col_span
        placed.append(p)
    left_over = [copy.deepcopy(p) for p in ordered[len(cells) :]]
    return ScreenSpec(screen.name, rows, cols, placed, screen.monitor), left_over
