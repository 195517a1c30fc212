"""The French pipeline's memory savings answer exactly as spaCy's own structures do.

- `PackedLemmas`, `PackedForms` and `ByPartOfSpeech` against spaCy's `Table` on the same data;
- `pack` reads a real `lookups.bin` written by spaCy;
- the shared pipeline's lemmatizer runs on packed tables, without the 700,000-string store,
  and still lemmatises, tags, finds entities and knows its vocabulary;
- a failed child leaves the caller to load spaCy's own tables (no lemma is ever lost).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import spacy
from spacy.lookups import Lookups, Table

from allokoli.understanding import lemma_tables, nlp
from allokoli.understanding.lemma_tables import ByPartOfSpeech, PackedForms, PackedLemmas

LOOKUP = {"plombiers": ["plombier"], "réparent": ["réparer"], "fuites": ["fuite"], "a": ["avoir"]}
EXCEPTIONS = {"noun": {"yeux": ["oeil"], "cieux": ["ciel", "cieux"]}, "verb": {"suis": ["être"]}}


def test_packed_lemmas_answer_as_spacy_table() -> None:
    table = Table.from_dict(LOOKUP)
    packed = PackedLemmas.build(table.items())
    assert len(packed) == len(table)
    for form in [*LOOKUP, "inconnu", "Plombiers"]:
        assert packed.get(form, [form]) == table.get(form, [form])
        assert (form in packed) == (form in table)
    # a hash key works as with Table, and each answer is a fresh list
    assert packed.get(spacy.strings.get_string_id("fuites")) == ["fuite"]
    first = packed.get("fuites")
    first.append("x")
    assert packed.get("fuites") == ["fuite"]
    assert 3.5 not in packed


def test_forms_and_parts_of_speech() -> None:
    forms = PackedForms.build(["piscine", "plombier", "piscine"])
    assert len(forms) == 2
    assert "piscine" in forms and "pisciniste" not in forms and 42 not in forms
    by_pos = ByPartOfSpeech(
        (spacy.strings.get_string_id(pos), PackedLemmas.build(forms.items()))
        for pos, forms in EXCEPTIONS.items()
    )
    assert by_pos.get("noun").get("cieux") == ["ciel", "cieux"]
    assert by_pos.get("adj", {}) == {}


def test_pack_reads_spacy_lookups_file(tmp_path: Path) -> None:
    lookups = Lookups()
    lookups.add_table("lemma_lookup", LOOKUP)
    lookups.add_table("lemma_exc", EXCEPTIONS)
    lookups.add_table("lemma_index", {"noun": ["piscine", "plombier"]})
    lookups.add_table("lemma_rules", {"noun": [["s", ""]]})
    lookups.to_disk(tmp_path)
    child = lemma_tables.start(tmp_path / "lookups.bin")
    tables = lemma_tables.load_packed(child)
    assert tables["lemma_lookup"].get("réparent") == ["réparer"]
    assert tables["lemma_exc"].get("noun").get("yeux") == ["oeil"]
    assert "piscine" in tables["lemma_index"].get("noun")
    assert tables["lemma_rules"].get("noun") == [["s", ""]]
    assert tables["lemma_exc"].get("verb").get("suis") == ["être"]


def test_shared_pipeline_runs_on_packed_tables() -> None:
    pipeline = nlp.load()
    assert len(pipeline.vocab.strings) < 100_000  # the 700,000-form store is not loaded
    lookups = pipeline.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    assert isinstance(lookups.get_table("lemma_lookup"), PackedLemmas)
    lemmas = {tag.text: tag.lemma for tag in nlp.tags("Les plombiers réparent les fuites.")}
    assert lemmas["plombiers"] == "plombier" and lemmas["réparent"] == "réparer"
    assert nlp.is_known_word("messages") and not nlp.is_known_word("coifeuse")
    assert nlp.word_vector("boulangerie") is not None
    assert any(e.label == "LOC" for e in nlp.entities("Je suis plombier à Marseille."))


def test_failed_child_is_reported_not_fatal(tmp_path: Path) -> None:
    broken = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.exit('no lookups here')"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert nlp._add_packed_lemmatizer(spacy.blank("fr"), broken) is False
