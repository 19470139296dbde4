"""The OpenAPI document as the source of every payload schema.

The client validates answers against it and the tests check the demo backend against it, so
there is one contract, not three copies of it drifting apart.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal
from urllib.parse import parse_qsl

import jsonschema
import jsonschema_rs
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError
from openapi_core.validation.request.exceptions import (
    MissingRequiredParameter,
    ParameterValidationError,
    RequestBodyValidationError,
    SecurityValidationError,
)
from werkzeug.datastructures import Headers, ImmutableMultiDict

# The client's worker threads all ask for the document at once when a wall starts: without
# the lock each built its own (functools.cache does not hold back a concurrent first call),
# and five builds at once took a core for seconds while the wall's first pictures waited.
_BUILD = threading.RLock()
# LibYAML's loader where PyYAML has it (Debian's and PyPI's wheels do): 20 ms instead of 160
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _document() -> dict[str, Any]:
    text = resources.files("ioc_desktop.backend").joinpath("openapi.yaml").read_text("utf-8")
    doc: dict[str, Any] = yaml.load(text, Loader=_YAML_LOADER)
    return doc


def openapi_document() -> dict[str, Any]:
    with _BUILD:
        return _document()


def _component_schema(schema_name: str, array: bool) -> dict[str, Any]:
    """One component schema (or an array of it) with the document's components, so its refs
    resolve: what both validators compile."""
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    schema: dict[str, Any] = {"type": "array", "items": ref} if array else dict(ref)
    schema["components"] = openapi_document()["components"]
    return schema


@cache
def validator(schema_name: str, *, array: bool = False) -> jsonschema.protocols.Validator:
    """A validator for one component schema (or an array of it), refs resolved in the doc."""
    schema = _component_schema(schema_name, array)
    cls = jsonschema.validators.validator_for(
        {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    )
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@cache
def _quick_check(schema_name: str, array: bool) -> jsonschema_rs.Validator:
    """The same schema, compiled by jsonschema-rs: a wall checks every answer it polls, and a
    conforming one (nearly all) is told apart ~150x faster (42 indicators: 0.11 ms, not 16.6;
    jsonschema's walk was 6 % of a core at steady state under py-spy)."""
    schema = _component_schema(schema_name, array)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def first_error(schema_name: str, payload: Any, *, array: bool = False) -> str | None:
    """A one-line description of the first contract violation, or None when it conforms.
    The quick check passes what conforms; what it refuses is described by jsonschema, whose
    best_match names the error an operator or a backend developer can act on."""
    if _quick_check(schema_name, array).is_valid(payload):
        return None
    err = jsonschema.exceptions.best_match(validator(schema_name, array=array).iter_errors(payload))
    if err is None:
        return None
    where = "/".join(str(p) for p in err.absolute_path) or "(root)"
    return f"{where}: {err.message[:200]}"


# ---- requests: what may be sent, checked by the same document ------------------------------


@dataclass(frozen=True)
class RequestProblem:
    """Why a request breaks the contract, and the HTTP answer a server gives for it.

    `status`: 404 no such path, 405 a method the path does not have (`allow` lists those it
    has), 401 no valid credentials where the operation needs them, 428 a required If-Match
    missing (RFC 6585), 400 any parameter or body the document forbids."""

    status: int
    message: str
    allow: tuple[str, ...] = ()


@cache
def _built_openapi() -> OpenAPI:
    # the document is checked against the OpenAPI 3.1 schema by tests/test_contract.py, once,
    # not by every wall at start (openapi-core's own check: 0.3 s of a core per build)
    return OpenAPI.from_dict(openapi_document(), config=Config(spec_validator_cls=None))


def _openapi() -> OpenAPI:
    with _BUILD:
        return _built_openapi()


def _path_templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each documented path as a compiled pattern, with the template it came from."""
    with _BUILD:
        return _compiled_templates()


@cache
def _compiled_templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(f"^{_template_pattern(template)}$"), str(template))
        for template in openapi_document()["paths"]
    )


def _template_pattern(template: str) -> str:
    """/api/v1/kpis/{id}/series → a pattern where {id} is one path segment."""
    return re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))


_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def template_of(path: str) -> str | None:
    """The document's template a concrete path falls under (None: the path is not in it).
    The one matcher the request check, credentials and the contract log all use."""
    for pattern, template in _path_templates():
        if pattern.match(path):
            return template
    return None


def allowed_methods(path: str) -> tuple[str, ...] | None:
    """The methods the document gives `path` (None: the path is not in the document)."""
    template = template_of(path)
    if template is None:
        return None
    item = openapi_document()["paths"][template]
    return tuple(m.upper() for m in item if m in _HTTP_METHODS)


class _ContractRequest:
    """A request as openapi-core reads it (its `Request` protocol), from plain parts: the
    demo server's handler and the client's prepared requests both become one of these. The
    host is the document's own server, so any backend URL (a province's, a test's port) is
    checked against the same paths."""

    def __init__(
        self,
        method: str,
        path: str,
        query: str,
        headers: Mapping[str, str],
        body: bytes | None,
    ) -> None:
        self.method = method.lower()
        self.path = path
        self.host_url = str(openapi_document()["servers"][0]["url"])
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(query, keep_blank_values=True)),
            header=Headers(dict(headers)),
        )
        self.body = body
        self.content_type = (
            self.parameters.header.get("Content-Type") or "application/json"
        ).lower()


def request_problem(
    method: str,
    path: str,
    query: str = "",
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
) -> RequestProblem | None:
    """What is wrong with a request by the document (None: nothing). Path parameters are
    matched by the document's templates; query, headers, credentials and body by openapi-core
    (a well-kept validator, not a second reading of the document written here). A wall asks
    the same few things every few seconds, so verdicts are remembered (0.8–2.3 ms each
    otherwise, in the client's threads and the demo server's)."""
    frozen = tuple(sorted((k.lower(), v) for k, v in (headers or {}).items()))
    if body and len(body) > 4096:  # writes with big bodies are rare: not kept in memory
        return _request_problem.__wrapped__(method.upper(), path, query, frozen, body)
    return _request_problem(method.upper(), path, query, frozen, body)


@lru_cache(maxsize=512)
def _request_problem(
    method: str,
    path: str,
    query: str,
    header_items: tuple[tuple[str, str], ...],
    body: bytes | None,
) -> RequestProblem | None:
    headers = dict(header_items)
    allow = allowed_methods(path)
    if allow is None:
        return RequestProblem(404, f"no such path in the contract: {path[:200]}")
    if method.upper() not in allow:
        return RequestProblem(405, f"{method.upper()} is not allowed on {path[:200]}", allow)
    try:
        if body:
            body.decode("utf-8")
    except UnicodeDecodeError:
        return RequestProblem(400, "body: not UTF-8 text")
    request = _ContractRequest(method, path, query, headers, body)
    try:
        _openapi().validate_request(request)
    except SecurityValidationError:
        return RequestProblem(401, "missing or wrong bearer token")
    except MissingRequiredParameter as exc:
        if exc.location == "header" and exc.name.lower() == "if-match":
            return RequestProblem(428, "If-Match is required: the version the change is based on")
        return RequestProblem(400, str(exc))
    except (ParameterValidationError, RequestBodyValidationError) as exc:
        return RequestProblem(400, _validation_reason(exc))
    except (OpenAPIError, ValueError) as exc:  # ValueError: a body that is not UTF-8
        return RequestProblem(400, str(exc)[:300])
    return None


def _validation_reason(exc: Exception) -> str:
    """ "<what>: <first schema error>", one line, bounded: the parameter's name and where it
    is, or the body's field."""
    if isinstance(exc, ParameterValidationError):
        what = f"{exc.location} parameter '{exc.name}'"
    else:
        what = "body"
    cause = exc.__cause__
    errors = getattr(cause, "schema_errors", None)
    if errors:
        first = jsonschema.exceptions.best_match(errors) or errors[0]
        path = "/".join(str(p) for p in getattr(first, "absolute_path", ()))
        reason = f"{what}{': ' + path if path else ''}: {getattr(first, 'message', first)}"
    elif cause is not None and str(cause):
        reason = f"{what}: {cause}"
    else:
        reason = f"{what}: {exc}"
    return reason[:300]


def needs_credentials(method: str, path: str) -> bool:
    """Whether the operation at `path` asks for the bearer token (its `security` is not [])."""
    default = bool(openapi_document().get("security"))
    template = template_of(path)
    if template is None:
        return default
    op = openapi_document()["paths"][template].get(method.lower())
    if isinstance(op, dict) and "security" in op:
        return bool(op["security"])
    return default


ANY_VERSION: Literal["*"] = "*"
IfMatch = int | Literal["*"] | None


def parse_if_match(value: str | None) -> IfMatch:
    """If-Match as the contract reads it: None when absent, "*" for whatever version the
    resource has now, else the version it names (quoted "7" or bare 7). A tag that names no
    version of ours is 0, which matches none (versions start at 1): a conflict, not a crash."""
    if value is None:
        return None
    tag = value.strip()
    if tag == ANY_VERSION:
        return ANY_VERSION
    tag = tag.removeprefix("W/").strip('"')
    return int(tag) if tag.isascii() and tag.isdigit() and len(tag) < 12 else 0


def operation_path(path: str) -> str:
    """The document's template a concrete path falls under (/api/v1/kpis/{id}/series), so
    that what is told of an operation is told once, whatever the id; the path itself when the
    document has none."""
    bare = path.split("?", 1)[0]
    return template_of(bare) or bare
