"""Validate request bodies against Vapi's OpenAPI contract (`../shared/vapi/openapi.json`).

The spec is read, never copied into the repository. Its location defaults to the `shared`
folder beside the repository and can be overridden with the `ALLOKOLI_VAPI_OPENAPI` env var.

A JSON-schema validator needs a few adjustments for this spec (see shared/VAPI.md):

- its `oneOf`s overlap (a preset `enum` beside a free `string`), and Vapi means `anyOf`;
- its `pattern`s are JavaScript literals (`"/^[a-z]+$/u"`): the slashes and flags are dropped;
- 35 array properties (`serverMessages`, `formattersEnabled`…) repeat their items' `enum` on the
  array itself, which no array can satisfy in JSON Schema: that array-level `enum` is dropped
  (the same `enum` on `items` still applies);
- OpenAPI 3.0 `nullable: true` is turned into a JSON-schema type that admits `null`.

Validation walks every branch of an `anyOf` until one fits; with ~30 tool and ~20 model types
that is slow, so branches that cannot fit are skipped first: a branch whose property `enum`
(a discriminator such as `provider` or `type`) does not contain the body's value for it would
fail anyway. The result is the same, only faster.

With `strict=True`, every object schema that lists `properties` and says nothing about extra
keys also gets `additionalProperties: false`, as Vapi's API rejects unknown properties
("property x should not exist") although the spec does not say so.
"""

from __future__ import annotations

import copy
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, validators  # type: ignore[import-untyped]
from jsonschema._keywords import anyOf as _plain_any_of  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

ENV_VAR = "ALLOKOLI_VAPI_OPENAPI"
DEFAULT_PATH = Path(__file__).resolve().parents[1] / ".." / "shared" / "vapi" / "openapi.json"
_PREFIX = "#/components/schemas/"
_JS_LITERAL = re.compile(r"^/(?P<body>.*)/(?P<flags>[a-z]*)$", re.DOTALL)
# Keywords whose value is a map of *names* to schemas: their keys are not keywords.
_NAME_MAPS = frozenset({"properties", "patternProperties", "definitions", "schemas"})


def openapi_path() -> Path:
    return Path(os.environ.get(ENV_VAR) or DEFAULT_PATH).resolve()


def _fix(node: Any, *, strict: bool) -> Any:
    if isinstance(node, list):
        return [_fix(item, strict=strict) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _NAME_MAPS and isinstance(value, dict):
            out[key] = {name: _fix(sub, strict=strict) for name, sub in value.items()}
        elif key == "oneOf" and isinstance(value, list):
            out["anyOf"] = _fix(value, strict=strict)
        elif key == "pattern" and isinstance(value, str):
            match = _JS_LITERAL.match(value)
            body = match.group("body") if match else value
            # Python's `re` has no \p{L}: letters are "word characters but not digits or _".
            out[key] = body.replace("[\\p{L}\\d]", "[^\\W_]").replace("\\p{L}", "[^\\W\\d_]")
        elif key == "discriminator":
            continue  # OpenAPI-only; the branches' own `enum`s already discriminate.
        else:
            out[key] = _fix(value, strict=strict)
    if out.get("type") == "array" and "enum" in out:
        del out["enum"]
    if out.pop("nullable", False) is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    if strict and isinstance(out.get("properties"), dict) and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


@lru_cache(maxsize=4)
def _spec(path: str, strict: bool) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(Path(path).read_text("utf-8"))
    spec = copy.copy(raw)
    spec["components"] = {"schemas": _fix(raw["components"]["schemas"], strict=strict)}
    return spec


def _discriminators(schemas: dict[str, Any], branch: Any) -> dict[str, list[Any]]:
    """The property enums of a `$ref` branch (what a body must match to possibly fit it)."""
    ref = branch.get("$ref", "") if isinstance(branch, dict) else ""
    if not ref.startswith(_PREFIX):
        return {}
    target = schemas.get(ref[len(_PREFIX) :], {})
    props = target.get("properties", {}) if isinstance(target, dict) else {}
    return {k: v["enum"] for k, v in props.items() if isinstance(v, dict) and "enum" in v}


def _validator_class(schemas: dict[str, Any]) -> Any:
    cache: dict[str, dict[str, list[Any]]] = {}

    def enums(branch: Any) -> dict[str, list[Any]]:
        key = json.dumps(branch, sort_keys=True)
        if key not in cache:
            cache[key] = _discriminators(schemas, branch)
        return cache[key]

    def any_of(validator: Any, branches: list[Any], instance: Any, schema: Any) -> Any:
        if isinstance(instance, dict):
            kept = [
                b
                for b in branches
                if not any(
                    isinstance(instance.get(k), str) and instance[k] not in allowed
                    for k, allowed in enums(b).items()
                )
            ]
            pruned = bool(kept) and len(kept) < len(branches)
            if pruned and not any(True for _ in _plain_any_of(validator, kept, instance, schema)):
                return
        yield from _plain_any_of(validator, branches, instance, schema)

    return validators.extend(Draft4Validator, {"anyOf": any_of})


@lru_cache(maxsize=16)
def validator(component: str = "CreateAssistantDTO", *, strict: bool = False) -> Any:
    """A Draft 4 validator for one component of the spec; `$ref`s resolve through a Registry."""
    spec = _spec(str(openapi_path()), strict)
    resource = Resource.from_contents(spec, default_specification=DRAFT4)
    registry: Registry[Any] = Registry().with_resource("urn:vapi-openapi", resource)
    schema = {"$ref": f"urn:vapi-openapi{_PREFIX}{component}"}
    return _validator_class(spec["components"]["schemas"])(schema, registry=registry)


def errors(body: Any, component: str = "CreateAssistantDTO", *, strict: bool = False) -> list[str]:
    """Every violation, as `path: message` lines (empty when the body is valid)."""
    found = validator(component, strict=strict).iter_errors(body)
    return sorted(
        f"{'/'.join(str(p) for p in err.absolute_path) or '<root>'}: {err.message}"[:500]
        for err in found
    )
