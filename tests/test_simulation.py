"""The demo province is deterministic and uses the real administrative units."""

from __future__ import annotations

import pytest

from ioc_desktop import vn_aqi
from ioc_desktop.demo.province import demo_areas, wards
from ioc_desktop.demo.simulation import SimConfig, Simulation


def test_same_seed_same_province() -> None:
    a, b = Simulation(SimConfig(seed=7)), Simulation(SimConfig(seed=7))
    start = a._start
    a.advance(start + 400)
    b._start = start
    b.advance(start + 400)
    assert a.kpi_values == b.kpi_values
    assert [i["title"] for i in a.incidents] == [i["title"] for i in b.incidents]
    c = Simulation(SimConfig(seed=8))
    assert [i["title"] for i in c.incidents] != [i["title"] for i in a.incidents]


def test_areas_are_2025_units_of_phu_tho() -> None:
    areas = demo_areas()
    assert areas[0].level == "province" and areas[0].name == "Tỉnh Phú Thọ"
    names = {w.name for w in wards()}
    # the merged province spans former Phú Thọ, Vĩnh Phúc and Hòa Bình
    assert {"Phường Việt Trì", "Phường Vĩnh Yên", "Phường Hòa Bình"} <= names
    assert all(w.parent_code == areas[0].code for w in wards())


@pytest.mark.parametrize(
    ("pm25", "aqi"), [(0, 0), (25, 50), (50, 100), (80, 150), (150, 200), (250, 300), (600, 500)]
)
def test_vn_aqi_breakpoints(pm25: float, aqi: int) -> None:
    assert vn_aqi.from_pm25(pm25) == aqi


def test_hostile_reports_only_when_asked() -> None:
    assert not any("<img" in r["description"] for r in Simulation().reports)
    hostile = Simulation(SimConfig(hostile_reports=True))
    assert any("<img" in r["description"] for r in hostile.reports)
    assert any("</script>" in r["description"] for r in hostile.reports)
