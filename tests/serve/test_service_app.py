"""The HTTP service in-process (Starlette's TestClient): what a council system calling it sees,
and what its logs never hold."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import jsonschema
import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.testclient import TestClient

import safeplan
from safeplan.server import ServerConfig, create_app
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parents[2]
GREEN = ROOT / "examples" / "green-reid-england.yaml"
REFUSED = ROOT / "examples" / "refused" / "victim-polices.yaml"
YAML = {"content-type": "application/yaml"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TOKEN = "tok-" + "k3y" * 8


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(ServerConfig(pdf=False))) as c:
        yield c


def _green() -> bytes:
    return GREEN.read_bytes()


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["problems"] and body["request_id"] == response.headers["x-request-id"]
    return body


# --- check ------------------------------------------------------------------------------------


def test_check_gives_refusals_with_json_pointers(client: TestClient) -> None:
    response = client.post("/v1/check", content=REFUSED.read_bytes(), headers=YAML)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "refused" and body["may_issue"] is False
    policing = [p for p in body["refusals"] if p["code"] == "SP-POLICING"]
    assert policing and policing[0]["pointer"].startswith("/expectations/")
    assert body == safeplan.assess(REFUSED.read_text(encoding="utf-8"), format="yaml").to_dict()


def test_check_takes_json_and_gives_findings(client: TestClient) -> None:
    data = example_data()
    data["expectations"][0]["what"] = "Paul will engage with services appropriately."
    response = client.post("/v1/check", json=data)
    body = response.json()
    assert response.status_code == 200 and body["may_issue"] is True
    assert "SP-VAGUE-WORDING" in {f["code"] for f in body["findings"]}


def test_check_of_an_unreadable_case_names_the_field(client: TestClient) -> None:
    data = example_data()
    data["peple"] = []
    body = client.post("/v1/check", json=data).json()
    assert body["status"] == "unreadable"
    assert body["refusals"][0]["pointer"] == "/peple"
    broken = client.post(
        "/v1/check", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert broken.json()["status"] == "unreadable"


# --- render -----------------------------------------------------------------------------------


def test_render_gives_the_recipients_docx(client: TestClient) -> None:
    response = client.post(
        "/v1/render?recipient=paul", content=_green(), headers={**YAML, "X-Request-ID": "abc-123"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == DOCX
    assert response.headers["x-request-id"] == "abc-123"
    assert (
        'filename="NX-CP-2026-0142-v2-adult-paul.docx"' in response.headers["content-disposition"]
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Paul" in text
    agreement = safeplan.load(GREEN)
    assert response.content == safeplan.render(agreement, "paul")
    # The copy for the person causing harm holds none of Sally's confidential details.
    for person in agreement.people:
        for detail in person.contact_details:
            if detail.confidential and person.id != "paul":
                assert detail.value not in text


def test_render_without_recipient_is_the_professional_copy(client: TestClient) -> None:
    response = client.post("/v1/render", content=_green(), headers=YAML)
    assert "professional-amira.docx" in response.headers["content-disposition"]


def test_a_reference_outside_ascii_still_names_the_file(client: TestClient) -> None:
    data = example_data()
    data["reference"] = "CŴM-2026-01"
    response = client.post("/v1/render", json=data)
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert 'filename="CWM-2026-01-' in disposition
    assert "filename*=UTF-8''CWM-2026-01-" in disposition  # file names are ASCII-safe


def test_render_all_copies_as_a_zip_with_a_manifest(client: TestClient) -> None:
    first = client.post("/v1/render?format=zip", content=_green(), headers=YAML)
    second = client.post("/v1/render?format=zip", content=_green(), headers=YAML)
    assert first.status_code == 200 and first.headers["content-type"] == "application/zip"
    assert first.content == second.content  # deterministic
    with zipfile.ZipFile(io.BytesIO(first.content)) as z:
        names = z.namelist()
        manifest = json.loads(z.read("manifest.json"))
        files = {n: z.read(n) for n in names[1:]}
    assert names[0] == "manifest.json"
    assert [f["file"] for f in manifest["files"]] == names[1:]
    for entry in manifest["files"]:
        data = files[entry["file"]]
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)
        assert entry["format"] == "docx" and entry["copy"] in ("adult", "child", "professional")
    assert {f["recipient"] for f in manifest["files"]} == {
        "sally",
        "paul",
        "jean",
        "mia",
        "leo",
        "amira",
    }


def test_a_refused_case_renders_nothing_and_says_why(client: TestClient) -> None:
    response = client.post("/v1/render", content=REFUSED.read_bytes(), headers=YAML)
    body = _problem(response, 422, "SP-REFUSED")
    assert body["error"] == "RefusedError"
    assert any(p["code"] == "SP-POLICING" and p["pointer"] for p in body["problems"])


def test_an_unknown_recipient_is_404_and_a_zip_takes_no_recipient(client: TestClient) -> None:
    _problem(
        client.post("/v1/render?recipient=nobody", content=_green(), headers=YAML),
        404,
        "SP-HTTP-NO-SUCH-COPY",
    )
    _problem(
        client.post("/v1/render?format=zip&recipient=sally", content=_green(), headers=YAML),
        400,
        "SP-HTTP-PARAMETER",
    )
    _problem(
        client.post("/v1/render?format=odt", content=_green(), headers=YAML),
        400,
        "SP-HTTP-PARAMETER",
    )


def test_pdf_is_refused_when_the_service_does_not_offer_it(client: TestClient) -> None:
    response = client.post("/v1/render?format=pdf", content=_green(), headers=YAML)
    _problem(response, 501, "SP-HTTP-NO-PDF")


def test_profiles_are_chosen_by_name_only(client: TestClient) -> None:
    listed = client.get("/v1/profiles").json()["profiles"]
    assert {p["name"] for p in listed} >= {"england", "wales", "scotland", "northern-ireland"}
    ok = client.post("/v1/check?profile=england", content=_green(), headers=YAML)
    assert ok.status_code == 200
    # A path would let a client make the service read its files: refused.
    _problem(
        client.post("/v1/check?profile=/etc/passwd", content=_green(), headers=YAML),
        400,
        "SP-HTTP-PROFILE",
    )


# --- limits, errors ---------------------------------------------------------------------------


def test_bodies_over_the_limit_are_refused_declared_or_streamed() -> None:
    with TestClient(create_app(ServerConfig(max_body_bytes=2000, pdf=False))) as small:
        _problem(small.post("/v1/check", content=_green(), headers=YAML), 413, "SP-HTTP-TOO-LARGE")

        def chunks() -> Iterator[bytes]:
            yield _green()[:1500]
            yield _green()[1500:]

        streamed = small.post("/v1/check", content=chunks(), headers=YAML)
        _problem(streamed, 413, "SP-HTTP-TOO-LARGE")


def test_a_request_over_the_time_limit_is_answered_503() -> None:
    # A large case runs in a worker thread under the limit (a small one on the event loop).
    padded = _green() + b"\n" * (70 * 1024)
    with TestClient(create_app(ServerConfig(timeout_seconds=0.0005, pdf=False))) as slow:
        response = slow.post("/v1/render?format=zip", content=padded, headers=YAML)
        _problem(response, 503, "SP-HTTP-TIMEOUT")
        assert response.headers["retry-after"] == "1"
    with TestClient(create_app(ServerConfig(timeout_seconds=30, pdf=False))) as patient:
        assert patient.post("/v1/render", content=padded, headers=YAML).status_code == 200


def test_wrong_media_type_route_and_method_are_json_problems(client: TestClient) -> None:
    _problem(
        client.post("/v1/check", content=b"x", headers={"content-type": "text/plain"}),
        415,
        "SP-HTTP-MEDIA-TYPE",
    )
    _problem(client.get("/v1/nothing-here"), 404, "SP-HTTP-404")
    _problem(client.get("/v1/check"), 405, "SP-HTTP-405")


# --- tokens -----------------------------------------------------------------------------------


@pytest.fixture
def tokens(tmp_path: Path) -> Path:
    path = tmp_path / "tokens"
    path.write_text(f"# the council's case system\n{TOKEN}\n\n", encoding="utf-8")
    return path


def test_a_token_is_needed_except_for_health(tokens: Path) -> None:
    with TestClient(create_app(ServerConfig(tokens=tokens, pdf=False))) as c:
        missing = c.post("/v1/check", content=_green(), headers=YAML)
        _problem(missing, 401, "SP-HTTP-UNAUTHORISED")
        assert missing.headers["www-authenticate"].startswith("Bearer")
        wrong = c.post(
            "/v1/check", content=_green(), headers={**YAML, "Authorization": "Bearer x" * 3}
        )
        _problem(wrong, 401, "SP-HTTP-UNAUTHORISED")
        good = c.post(
            "/v1/check", content=_green(), headers={**YAML, "Authorization": f"Bearer {TOKEN}"}
        )
        assert good.status_code == 200
        assert c.get("/v1/health").json()["authenticated"] is True
        spec = c.get("/v1/openapi.json").json()
        assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_without_tokens_only_loopback_is_allowed(tmp_path: Path) -> None:
    with pytest.raises(safeplan.SafeplanError) as err:
        create_app(ServerConfig(host="0.0.0.0"))
    assert "unauthenticated" in str(err.value)
    create_app(ServerConfig(host="::1", pdf=False))
    empty = tmp_path / "empty"
    empty.write_text("# none yet\n", encoding="utf-8")
    with pytest.raises(safeplan.SafeplanError, match="holds no token"):
        create_app(ServerConfig(host="0.0.0.0", tokens=empty))


# --- logs -------------------------------------------------------------------------------------


def _case_values(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for v in node.values():
            yield from _case_values(v)
    elif isinstance(node, list):
        for v in node:
            yield from _case_values(v)
    elif node is not None and not isinstance(node, bool | int):
        yield str(node)


def test_logs_hold_no_case_content_and_no_token(
    tokens: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from safeplan._serve.logs import JsonFormatter

    caplog.set_level(logging.INFO, logger="safeplan.serve")
    headers = {**YAML, "Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(ServerConfig(tokens=tokens, pdf=False))) as c:
        for url in (
            "/v1/check",
            "/v1/render?recipient=sally",
            "/v1/render?recipient=paul",
            "/v1/render?format=zip",
            "/v1/render?recipient=no-such-person-xyz",
        ):
            c.post(url, content=_green(), headers=headers)
        c.post("/v1/render", content=REFUSED.read_bytes(), headers=headers)
        c.post("/v1/check", content=b"reference: [unclosed", headers=headers)
        c.get("/v1/no-such-route/sally-smith")
        c.post(
            "/v1/check", content=_green(), headers={**YAML, "Authorization": "Bearer " + TOKEN[:-1]}
        )
    formatter = JsonFormatter()
    lines = [formatter.format(r) for r in caplog.records if r.name == "safeplan.serve"]
    requests = [json.loads(line) for line in lines if '"event": "request"' in line]
    assert len(requests) == 9
    assert all(r["request_id"] and r["status"] for r in requests)
    assert {r["path"] for r in requests} == {"/v1/check", "/v1/render", "other"}
    text = "\n".join(lines)
    values = set(_case_values(safeplan._case.io.read_case_data(GREEN)))
    values |= set(_case_values(safeplan._case.io.read_case_data(REFUSED)))
    values |= {"sally", "no-such-person-xyz", "sally-smith", "unclosed", TOKEN, TOKEN[:-1]}
    # The model's fixed choices ("stop", "other") are vocabulary, not case content.
    vocabulary = set(re.findall(r'"enum": \[([^\]]*)\]', json.dumps(safeplan.json_schema())))
    words = {w.strip(' "') for group in vocabulary for w in group.split(",")}
    found = sorted(v for v in values - words if len(v) >= 3 and v in text)
    assert found == [], f"case values in the logs: {found}"
    assert len(values - words) > 100


def test_an_unexpected_error_is_a_500_logged_by_type_only(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_args: Any, **_kwargs: Any) -> Any:
        raise ValueError("Sally Smith lives at 1 Secret Road")

    monkeypatch.setattr(safeplan, "assess", boom)
    caplog.set_level(logging.INFO, logger="safeplan.serve")
    with TestClient(create_app(ServerConfig(pdf=False)), raise_server_exceptions=False) as c:
        response = c.post("/v1/check", content=_green(), headers=YAML)
    body = _problem_500(response)
    assert "Secret" not in response.text and "Secret" not in caplog.text
    assert body["code"] == "SP-INTERNAL"
    errors = [r for r in caplog.records if getattr(r, "fields", {}).get("event") == "error"]
    assert errors and errors[0].fields["exception"] == "ValueError"  # type: ignore[attr-defined]


def _problem_500(response: Any) -> dict[str, Any]:
    assert response.status_code == 500
    body: dict[str, Any] = response.json()
    return body


# --- schema, OpenAPI, the page at / -----------------------------------------------------------


def test_schema_and_openapi_embed_the_case_file_schema(client: TestClient) -> None:
    assert client.get("/v1/schema").json() == safeplan.json_schema()
    spec = client.get("/v1/openapi.json").json()
    assert spec["openapi"] == "3.1.0"
    assert set(spec["paths"]) == {
        "/v1/check",
        "/v1/render",
        "/v1/preview",
        "/v1/copy",
        "/v1/examples",
        "/v1/examples/{name}",
        "/v1/templates",
        "/v1/schema",
        "/v1/profiles",
        "/v1/health",
        "/v1/openapi.json",
    }
    schemas = spec["components"]["schemas"]
    assert schemas["Expectation"]["properties"]["who"]["x-safeplan-ref"] == ["people"]
    assert "#/$defs/" not in json.dumps(spec)
    # Every example case validates against the embedded schema, its references resolved
    # inside the OpenAPI document.
    validator = jsonschema.Draft202012Validator({**spec, "$ref": "#/components/schemas/CaseFile"})
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        data = json.loads(json.dumps(safeplan._case.io.read_case_data(path), default=str))
        assert list(validator.iter_errors(data)) == [], path
    bad = json.loads(json.dumps(safeplan._case.io.read_case_data(GREEN), default=str))
    bad["people"][0]["role"] = "villain"
    assert list(validator.iter_errors(bad))


def test_a_page_mounted_at_the_root_leaves_the_routes_alone() -> None:
    async def home(_request: Any) -> HTMLResponse:
        return HTMLResponse("<h1>Drafting</h1>")

    page = Starlette(routes=[Route("/", home)])
    with TestClient(create_app(ServerConfig(pdf=False), page=page)) as c:
        assert c.get("/").text == "<h1>Drafting</h1>"
        assert c.get("/v1/health").json()["status"] == "ok"
        assert c.get("/elsewhere").status_code == 404
    with TestClient(create_app(ServerConfig(pdf=False))) as bare:
        assert bare.get("/").status_code == 404


def test_serve_without_the_server_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from click.testing import CliRunner

    from safeplan.cli import main

    monkeypatch.setitem(sys.modules, "safeplan.server", None)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert "pip install 'safeplan[server]'" in result.output
