"""Loading the territory (kraje, ORP, obce) from the ČSÚ/RÚIAN files shipped in territory/data/."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_territory(Region, District, Municipality) -> None:
    """Create every region, district and municipality; the model classes are passed in (historical in migrations)."""
    regions = {
        row["kraj_code"]: Region(
            code=row["kraj_code"],
            name=row["name"],
            abbreviation=row["abbr"],
            nuts3=row["nuts3"],
            ruian_code=int(row["ruian_vusc_code"]),
            ico=row["kraj_ico"],
        )
        for row in _rows("kraje.csv")
    }
    Region.objects.bulk_create(regions.values())
    districts = {
        row["orp_code"]: District(
            code=row["orp_code"],
            name=row["name"],
            region=regions[row["kraj_code"]],
            ruian_code=int(row["orp_ruian_code"]),
            seat_code=row["seat_obec_code"],
            legacy_code_mzcr="" if row["legacy_code_mzcr"] in ("", "0") else row["legacy_code_mzcr"],
            centroid_lat=row["centroid_lat"],
            centroid_lon=row["centroid_lon"],
        )
        for row in _rows("orp.csv")
    }
    District.objects.bulk_create(districts.values())
    Municipality.objects.bulk_create(
        [
            Municipality(
                code=row["obec_code"],
                name=row["obec_name"],
                kind=row["obec_type"],
                district=districts[row["orp_code"]],
                pou_code=row["pou_code"],
                lau_code=row["okres_lau"],
            )
            for row in _rows("obec_orp.csv")
        ],
        batch_size=2000,
    )
