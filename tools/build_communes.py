"""Rebuild src/allokoli/understanding/data/communes.tsv.gz from Etalab's official file.

    npm pack @etalab/decoupage-administratif && tar xzf etalab-decoupage-administratif-*.tgz
    python tools/build_communes.py package/data/communes.json

It also writes data/areas.tsv, the départements and régions of the same package (their code
and name), from ``departements.json`` and ``regions.json`` beside ``communes.json``.

The source is INSEE's Code officiel géographique with La Poste's postcodes and INSEE's legal
populations, published by Etalab under the Licence Ouverte 2.0 (see data/COMMUNES-LICENCE.md).
Only current communes are kept: name, first postcode, département, population and every
postcode it has (« 31000 31100 … 31500 » for Toulouse), one commune a line, after its folded
lookup key.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from allokoli.understanding.places import commune_key

OUT = Path(__file__).resolve().parents[1] / "src/allokoli/understanding/data/communes.tsv.gz"
AREAS = OUT.with_name("areas.tsv")


def main(source: str) -> None:
    rows = json.loads(Path(source).read_text("utf-8"))
    lines = []
    for row in rows:
        if row.get("type") != "commune-actuelle":
            continue
        postcodes = row.get("codesPostaux") or [""]
        lines.append(
            "\t".join(
                [
                    commune_key(row["nom"]),
                    row["nom"],
                    postcodes[0],
                    row.get("departement", ""),
                    str(row.get("population", 0)),
                    " ".join(postcodes),
                ]
            )
        )
    lines.sort()
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("key\tname\tpostcode\tdepartement\tpopulation\tpostcodes\n")
        out.write("\n".join(lines) + "\n")
    print(f"{len(lines)} communes -> {OUT}")
    areas = ["kind\tcode\tname"]
    for kind, file in (("departement", "departements.json"), ("region", "regions.json")):
        for row in json.loads(Path(source).with_name(file).read_text("utf-8")):
            areas.append(f"{kind}\t{row['code']}\t{row['nom']}")
    AREAS.write_text("\n".join(areas) + "\n", "utf-8")
    print(f"{len(areas) - 1} départements and régions -> {AREAS}")


if __name__ == "__main__":
    main(sys.argv[1])
