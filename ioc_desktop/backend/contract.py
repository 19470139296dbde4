"""The OpenAPI document as the source of every payload schema.

The client validates answers against it and the tests check the demo backend against it, so
there is one contract, not three copies of it drifting apart.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import yaml


@cache
def openapi_document() -> dict[str, Any]:
    text = resources.files("ioc_desktop.backend").joinpath("openapi.yaml").read_text("utf-8")
    doc: dict[str, Any] = yaml.safe_load(text)
    return doc


@cache
def validator(schema_name: str, *, array: bool = False) -> jsonschema.protocols.Validator:
    """A validator for one component schema (or an array of it), refs resolved in the doc."""
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    schema: dict[str, Any] = {"type": "array", "items": ref} if array else dict(ref)
    schema["components"] = openapi_document()["components"]
    cls = jsonschema.validators.validator_for(
        {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    )
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def first_error(schema_name: str, payload: Any, *, array: bool = False) -> str | None:
    """A one-line description of the first contract violation, or None when it conforms."""
    err = jsonschema.exceptions.best_match(validator(schema_name, array=array).iter_errors(payload))
    if err is None:
        return None
    where = "/".join(str(p) for p in err.absolute_path) or "(root)"
    return f"{where}: {err.message[:200]}"
