"""The French lemmatizer's tables, packed into arrays in a short-lived child process.

spaCy's French lemmatizer reads ``lookups.bin`` into Python dicts of lists of strings: some
400,000 forms that cost about 150 MB while loading and 100 MB for good (freed memory stays with
the process: the allocator cannot hand back pages that other objects still share). A server
process keeps that for its whole life, in every web and worker process.

So a child process reads the file, hashes every form as spaCy does, and sends back sorted arrays
of hashes with the lemmas they point to (about 6 MB). The parent never holds the dicts. The
lemmatizer answers exactly as before: ``PackedLemmas.get`` behaves as ``Table.get`` (a string
key is hashed, a hash is used as is) and ``PackedForms`` as the lists of known forms it replaces.

Run as a script (``python lemma_tables.py LOOKUPS_BIN``), this file is the child: it imports only
numpy, srsly and spaCy's string hashing, never our package.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["PackedForms", "PackedLemmas", "load_packed", "pack", "packed_lookups"]


def _hash(key: int | str) -> int:
    from spacy.strings import get_string_id  # spaCy itself is imported by whoever loads it

    return int(get_string_id(key))


class PackedLemmas:
    """A read-only ``{form: [lemma, …]}`` table held in two arrays and one tuple of lemmas."""

    def __init__(self, keys: np.ndarray, rows: np.ndarray, values: tuple[tuple[str, ...], ...]):
        self._keys = keys
        self._rows = rows
        self._values = values

    @classmethod
    def build(cls, items: Iterable[tuple[int | str, Iterable[str]]]) -> PackedLemmas:
        rows = sorted((_hash(key), tuple(value)) for key, value in items)
        values: dict[tuple[str, ...], int] = {}
        keys = np.fromiter((key for key, _ in rows), dtype=np.uint64, count=len(rows))
        index = np.fromiter(
            (values.setdefault(value, len(values)) for _, value in rows),
            dtype=np.uint32,
            count=len(rows),
        )
        return cls(keys, index, tuple(values))

    def __len__(self) -> int:
        return len(self._keys)

    def _find(self, key: int | str) -> int | None:
        hashed = np.uint64(_hash(key))
        at = int(np.searchsorted(self._keys, hashed))
        return at if at < len(self._keys) and self._keys[at] == hashed else None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int | str) and self._find(key) is not None

    def get(self, key: int | str, default: Any = None) -> Any:
        """The form's lemmas as a new list, or ``default``."""
        at = self._find(key)
        return default if at is None else list(self._values[int(self._rows[at])])


class PackedForms:
    """A read-only set of forms (the lemmatizer's per-part-of-speech lists of known words)."""

    def __init__(self, keys: np.ndarray) -> None:
        self._keys = keys

    @classmethod
    def build(cls, forms: Iterable[str]) -> PackedForms:
        return cls(np.unique(np.fromiter((_hash(f) for f in forms), dtype=np.uint64)))

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, form: object) -> bool:
        if not isinstance(form, str):
            return False
        hashed = np.uint64(_hash(form))
        at = int(np.searchsorted(self._keys, hashed))
        return at < len(self._keys) and bool(self._keys[at] == hashed)


class ByPartOfSpeech(dict[int, Any]):
    """A table keyed by part of speech, looked up by its name (« noun ») or its hash."""

    def get(self, key: int | str, default: Any = None) -> Any:
        return super().get(_hash(key), default)


# --- the child's side ----------------------------------------------------------------------------


def _lemmas(table: Mapping[Any, Any]) -> tuple[np.ndarray, np.ndarray, list[tuple[str, ...]]]:
    packed = PackedLemmas.build((key, value) for key, value in table.items())
    return packed._keys, packed._rows, list(packed._values)


def pack(lookups_bin: Path) -> dict[str, Any]:
    """Read spaCy's ``lookups.bin`` and return its four French tables as arrays."""
    import srsly

    tables = srsly.msgpack_loads(lookups_bin.read_bytes())
    out: dict[str, Any] = {}
    for name, raw in tables.items():
        content = srsly.msgpack_loads(raw) if isinstance(raw, bytes) else raw
        data = content.get("dict", content) if isinstance(content, dict) else content
        if name == "lemma_lookup":
            out[name] = _lemmas(data)
        elif name == "lemma_exc":
            out[name] = {int(_hash(pos)): _lemmas(forms) for pos, forms in data.items()}
        elif name == "lemma_index":
            out[name] = {
                int(_hash(pos)): PackedForms.build(forms)._keys for pos, forms in data.items()
            }
        else:  # lemma_rules: a few hundred suffix rules, kept as they are
            out[name] = {int(_hash(pos)): value for pos, value in data.items()}
    return out


# --- the parent's side ---------------------------------------------------------------------------


def start(lookups_bin: Path) -> subprocess.Popen[bytes]:
    """Start the child that packs ``lookups_bin``; collect its result with :func:`load_packed`."""
    return subprocess.Popen(  # noqa: S603 - this very file, run by this interpreter
        [sys.executable, __file__, str(lookups_bin)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def load_packed(child: subprocess.Popen[bytes], timeout: float = 120) -> dict[str, Any]:
    """The child's tables, ready to stand in for the lemmatizer's (raises if the child failed)."""
    out, err = child.communicate(timeout=timeout)
    if child.returncode != 0:
        raise RuntimeError(f"packing the lemma tables failed: {err.decode(errors='replace')}")
    raw = pickle.loads(out)  # noqa: S301 - our own child's output, never outside data
    lemma_exc = ByPartOfSpeech()
    for pos, (keys, rows, values) in raw["lemma_exc"].items():
        lemma_exc[pos] = PackedLemmas(keys, rows, tuple(values))
    keys, rows, values = raw["lemma_lookup"]
    return {
        "lemma_lookup": PackedLemmas(keys, rows, tuple(values)),
        "lemma_exc": lemma_exc,
        "lemma_index": ByPartOfSpeech(
            (pos, PackedForms(keys)) for pos, keys in raw["lemma_index"].items()
        ),
        "lemma_rules": ByPartOfSpeech(raw["lemma_rules"]),
    }


def packed_lookups(tables: Mapping[str, Any]) -> Any:
    """A spaCy ``Lookups`` holding the packed tables (its ``get_table`` and ``in`` are all the
    French lemmatizer uses)."""
    from spacy.lookups import Lookups

    lookups = Lookups()
    lookups._tables.update(tables)
    return lookups


if __name__ == "__main__":
    sys.stdout.buffer.write(pickle.dumps(pack(Path(sys.argv[1])), protocol=5))
