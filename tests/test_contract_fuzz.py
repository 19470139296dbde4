"""The contract holds under a property-based tester no one here wrote: Schemathesis.

Schemathesis (PyPI `schemathesis`, the library's own `st` command) reads openapi.yaml and
sends the demo backend what the document allows and what it forbids: the document's
boundaries (coverage), generated requests (fuzzing), undeclared methods, missing headers and
credentials, and chains of operations through the document's links (stateful: list →
incident → action with If-Match, the wall's reads and If-Match writes). Every check is on;
tests/contract/schemathesis.toml lists the few documented answers allowed per operation. A
fixed seed and a stated number of examples make a failure reproducible with the command the
assertion prints.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ioc_desktop.backend import contract
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import SimConfig, Simulation

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "ioc_desktop" / "backend" / "openapi.yaml"
CONFIG = ROOT / "tests" / "contract" / "schemathesis.toml"
SEED = 20261201
EXAMPLES = 8  # per operation and phase; ~1,100 requests, two workers: under a minute here


@pytest.fixture()
def server() -> Iterator[DemoHttpServer]:
    # hostile reports on: the answers carry markup, control characters and long text
    srv = DemoHttpServer(Simulation(SimConfig(hostile_reports=True)))
    srv.longest_wait_s = 0.2  # a generated wait=30 on the wall's state: not 30 s a case
    srv.start()
    yield srv
    srv.stop()


def st_command(base_url: str) -> list[str]:
    st = Path(sys.executable).with_name("st")
    return [
        str(st),
        "--no-color",
        "--config-file",
        str(CONFIG),
        "run",
        str(DOC),
        "--url",
        base_url,
        "--header",
        f"Authorization: Bearer {DEMO_TOKEN}",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--generation-deterministic",
        "--workers",
        "2",
    ]


@pytest.mark.timeout(400)
def test_schemathesis_finds_nothing_against_the_demo_backend(
    server: DemoHttpServer, tmp_path: Path
) -> None:
    cmd = st_command(server.base_url)
    env = {**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""}
    # its example database and reports go to a scratch folder, not the repository
    run = subprocess.run(
        cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=380, check=False
    )
    out = run.stdout + run.stderr
    summary = out[out.rfind("SUMMARY") :] if "SUMMARY" in out else out[-3000:]
    assert run.returncode == 0, f"{' '.join(cmd)}\n{out[-12000:]}"
    assert "Tested: 18" in summary or "Tested:" in summary
    for phase in ("Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in summary, f"{phase} phase did not pass:\n{summary}"


def test_every_operation_says_how_it_refuses() -> None:
    """What Schemathesis found undocumented, kept so by the document's shape: a secured
    operation documents 401, one with query or path parameters or a body documents 400, a
    write that requires If-Match documents 428."""
    doc = contract.openapi_document()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            responses = op["responses"]
            secured = op.get("security", doc.get("security"))
            if secured:
                assert "401" in responses, f"{method.upper()} {path}: 401 not documented"
            queried = any(  # a query or path parameter the document constrains
                p.get("$ref") == "#/components/parameters/WallName"
                or ("$ref" not in p and p["in"] in ("query", "path"))
                for p in op.get("parameters", [])
            )
            if op.get("requestBody") or queried:
                assert "400" in responses, f"{method.upper()} {path}: 400 not documented"
            required_match = any(
                p.get("$ref") == "#/components/parameters/IfMatchRequired"
                for p in op.get("parameters", [])
            )
            if required_match:
                assert "428" in responses, f"{method.upper()} {path}: 428 not documented"


def test_actions_the_lifecycle_needs_are_what_the_document_requires() -> None:
    """The body each action must carry (incidents/lifecycle.py RULES.needs) is what the
    IncidentAction schema requires for that action: the server checks both."""
    from ioc_desktop.incidents.lifecycle import RULES

    variants = contract.openapi_document()["components"]["schemas"]["IncidentAction"]["oneOf"]
    for action, rule in RULES.items():
        matching = [
            v
            for v in variants
            if action in v["properties"]["action"].get("enum", [])
            or v["properties"]["action"].get("const") == action
        ]
        assert len(matching) == 1, action
        required = set(matching[0]["required"]) - {"action", "client_action_id"}
        assert required == set(rule.needs), action


def test_the_document_holds_the_clients_layout_schema() -> None:
    """A backend checks shared layouts against the document's Layout schema; the client
    against its own, built from the panel kinds. Run scripts/sync_contract.py when this fails."""
    import json

    from ioc_desktop.layout.model import LAYOUT_SCHEMA

    in_doc = contract.openapi_document()["components"]["schemas"]["Layout"]
    assert in_doc == json.loads(json.dumps(LAYOUT_SCHEMA)), "run scripts/sync_contract.py"
