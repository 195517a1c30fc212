import pytest

from allokoli.kit.json_input import MAX_JSON_DEPTH, JsonInputError, loads_bounded, nesting_depth


def test_depth_ignores_brackets_inside_strings() -> None:
    assert nesting_depth(b'{"a": "[[[[{{{{", "b": [1, {"c": "]}\\"["}]}') == 3
    assert nesting_depth(b'"plain"') == 0


def test_parses_ordinary_documents() -> None:
    assert loads_bounded(b'{"message": {"type": "status-update", "x": [1, [2]]}}') == {
        "message": {"type": "status-update", "x": [1, [2]]}
    }
    assert loads_bounded("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) is not None


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_refuses_deep_nesting_before_parsing(depth: int) -> None:
    with pytest.raises(JsonInputError, match="deeper"):
        loads_bounded(b"[" * depth + b"]" * depth)


@pytest.mark.parametrize("raw", [b"", b"{", b"\xff\xfe", b"[1,]"])
def test_invalid_json_is_a_json_input_error(raw: bytes) -> None:
    with pytest.raises(JsonInputError, match="invalid JSON"):
        loads_bounded(raw)
