"""Load the Hubei division tree from fixtures/regions/hubei_regions.csv (see its README.md)."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "fixtures" / "regions" / "hubei_regions.csv"


def load_regions(Region):
    rows = list(csv.DictReader(DATA.open(encoding="utf-8")))
    by_code = {}
    for row in rows:  # parents come before children in the file
        parent = by_code.get(row["parent_code"])
        if parent is None:
            path = f"{row['code']}/"
            full_name = row["name"]
        else:
            path = f"{parent.path}{row['code']}/"
            full_name = row["name"] if parent.level == "province" else f"{parent.full_name}{row['name']}"
        region = Region(code=row["code"], name=row["name"], level=row["level"], path=path, full_name=full_name)
        region.parent_code = row["parent_code"]
        by_code[row["code"]] = region
    Region.objects.bulk_create(by_code.values(), batch_size=500)
    ids = dict(Region.objects.values_list("code", "id"))
    children = []
    for region in by_code.values():
        if region.parent_code:
            children.append(Region(id=ids[region.code], parent_id=ids[region.parent_code]))
    Region.objects.bulk_update(children, ["parent"], batch_size=500)
    return len(by_code)
