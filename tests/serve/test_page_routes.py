"""The routes the drafting page stands on, spoken to in-process: the examples, the preview of
every copy (what it prints and what it leaves out), one copy with everything in the body, the
template folders' problems, and the page itself (its files, its headers, no case in its logs)."""

from __future__ import annotations

import io
import json
import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from starlette.testclient import TestClient

import safeplan
from safeplan._case.io import read_case_data
from safeplan._serve.examples import bundled_examples, find_examples
from safeplan._serve.preview import docx_blocks
from safeplan._serve.run import build_app
from safeplan.server import ServerConfig, create_app

ROOT = Path(__file__).resolve().parents[2]
GREEN = ROOT / "examples" / "green-reid-england.yaml"
WALES = ROOT / "examples" / "jones-unborn-wales.yaml"
REFUSED = ROOT / "examples" / "refused" / "victim-polices.yaml"
YAML = {"Content-Type": "application/yaml"}
STATIC = ROOT / "src" / "safeplan" / "_serve" / "page" / "static"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(build_app(ServerConfig(pdf=False))) as c:
        yield c


def _preview(client: TestClient, path: Path = GREEN) -> dict[str, Any]:
    response = client.post("/v1/preview", content=path.read_bytes(), headers=YAML)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, Any] = response.json()
    return body


def _copy(preview: dict[str, Any], recipient: str) -> dict[str, Any]:
    return next(c for c in preview["copies"] if c["recipient"] == recipient)


def _text(copy: dict[str, Any]) -> str:
    out = []
    for b in copy["blocks"]:
        out.append(b.get("text", ""))
        out += ["\t".join(row) for row in b.get("rows", [])]
    return "\n".join(out)


# --- examples ----------------------------------------------------------------------------------


def test_the_bundled_examples_are_offered_by_name_with_their_first_sentence(
    client: TestClient,
) -> None:
    listed = client.get("/v1/examples").json()["examples"]
    names = [e["name"] for e in listed]
    assert names == [
        "ahmed-pre-proceedings-england",
        "green-reid-england",
        "green-reid-england-v1",
        "jones-unborn-wales",
        "refused/no-time-limit",
        "refused/unnamed-third-party",
        "refused/victim-polices",
    ]
    green = listed[1]
    assert green == {
        "name": "green-reid-england",
        "title": "An invented case: domestic abuse, separated parents, England, child "
        "protection plan.",
        "format": "yaml",
    }
    assert str(ROOT) not in json.dumps(listed)  # where they are on disk stays on the server
    got = client.get("/v1/examples/refused/victim-polices")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/yaml")
    assert got.content == REFUSED.read_bytes()


@pytest.mark.parametrize(
    "name", ["no-such-case", "../pyproject", "..%2Fpyproject", "refused/../../pyproject", "%2e%2e"]
)
def test_only_a_listed_example_is_ever_read(client: TestClient, name: str) -> None:
    response = client.get(f"/v1/examples/{name}")
    assert response.status_code == 404
    assert "[build-system]" not in response.text


def test_examples_come_from_the_folders_named_and_leave_out_links_and_hidden_files(
    tmp_path: Path,
) -> None:
    own = tmp_path / "own"
    (own / "deep").mkdir(parents=True)
    (own / "mine.yaml").write_text("# Mine. Not shared.\nreference: X\n", encoding="utf-8")
    (own / "deep" / "two.json").write_text("{}", encoding="utf-8")
    (own / ".hidden.yaml").write_text("reference: H\n", encoding="utf-8")
    (own / "notes.txt").write_text("not a case", encoding="utf-8")
    (own / "linked.yaml").symlink_to(GREEN)
    (own / "away").symlink_to(ROOT / "examples", target_is_directory=True)
    found = find_examples([own])
    assert [(e.name, e.title, e.format) for e in found] == [
        ("mine", "Mine.", "yaml"),
        ("deep/two", "deep/two", "json"),
    ]
    assert ServerConfig(examples=[own]).example_folders == (own,)
    assert ServerConfig().example_folders == (bundled_examples(),)
    with TestClient(create_app(ServerConfig(pdf=False, examples=[own]))) as c:
        assert [e["name"] for e in c.get("/v1/examples").json()["examples"]] == [
            "mine",
            "deep/two",
        ]
        assert c.get("/v1/examples/green-reid-england").status_code == 404


# --- the preview -------------------------------------------------------------------------------


def test_the_preview_shows_each_copy_as_its_docx_prints_it(client: TestClient) -> None:
    preview = _preview(client)
    copies = preview["copies"]
    assert [(c["tab"], c["recipient"], c["kind"]) for c in copies] == [
        ("copy-1", "sally", "adult"),
        ("copy-2", "paul", "adult"),
        ("copy-3", "jean", "adult"),
        ("copy-4", "mia", "child"),
        ("copy-5", "leo", "child"),
        ("copy-6", "amira", "professional"),
    ]
    agreement = safeplan.load(GREEN)
    renderer = safeplan.Renderer()
    for c in copies:
        made = renderer.render(agreement, c["recipient"])
        assert c["blocks"] == docx_blocks(made)
        document = docx.Document(io.BytesIO(made))
        printed = [p.text for p in document.paragraphs if p.text.strip()]
        shown = iter(b["text"] for b in c["blocks"] if b["kind"] != "table")
        # every paragraph the DOCX prints is shown, in its order (a child's copy also shows
        # the headings it lays out in a table beside their pictures)
        assert all(text in shown for text in printed), c["recipient"]
        assert all(b.get("lang") == "en-GB" for b in c["blocks"] if b.get("text"))
        assert c["problems"] == []
    paul = _copy(preview, "paul")
    assert paul["role"] == "person-causing-harm"
    assert paul["blocks"][0] == {"kind": "title", "text": "Written agreement", "lang": "en-GB"}
    assert any(b["kind"] == "heading" and b["level"] == 1 for b in paul["blocks"])
    assert any(b["kind"] == "list" for b in paul["blocks"])
    assert any(b["kind"] == "table" and b["rows"] for b in paul["blocks"])
    mia = _copy(preview, "mia")["blocks"]
    assert mia[0]["kind"] == "title"
    assert {"kind": "heading", "level": 1, "text": "It is not your fault", "lang": "en-GB"} in mia
    assert any(b.get("pictures") for b in mia)  # the pictures' alt text, beside the headings


def test_the_person_causing_harms_copy_lists_what_it_leaves_out_and_holds_none_of_it(
    client: TestClient,
) -> None:
    preview = _preview(client)
    paul = _copy(preview, "paul")
    printed = _text(paul)
    withheld = {w["path"]: w for w in paul["withheld"]}
    assert withheld["$.strengths[0]"]["reason"] == "protective"
    assert withheld["$.strengths[0]"]["text"].startswith("Sally called the police")
    assert withheld["$.strengths[0]"]["why"] == (
        "What the adult at risk has done to keep the children safe"
    )
    assert withheld["$.concerns[2]"]["reason"] == "asked"
    assert withheld["$.commitments[3]"]["reason"] == "domestic-abuse-service"
    assert withheld["$.views[0]"]["reason"] == "view"
    for w in paul["withheld"]:
        if w["reason"] != "for-roles":
            assert w["text"] and w["text"] not in printed, w["path"]
    # Sally's own copy holds what his leaves out
    assert withheld["$.strengths[0]"]["text"] in _text(_copy(preview, "sally"))
    hidden = paul["details_hidden"]
    assert {(h["path"], h["kind"]) for h in hidden} >= {
        ("$.people[0].contact_details[0]", "address"),
        ("$.people[0].contact_details[1]", "phone"),
    }
    assert "14 Alder Close" not in json.dumps(hidden)  # whose and which kind, never the value
    assert "14 Alder Close" not in printed
    assert paul["says_parts_withheld"] is True
    assert _copy(preview, "amira")["withheld"] == []
    assert _copy(preview, "amira")["details_hidden"] == []


def test_the_preview_of_a_welsh_case_tags_each_block_with_its_language(
    client: TestClient,
) -> None:
    preview = _preview(client, WALES)
    langs = {b.get("lang") for c in preview["copies"] for b in c["blocks"]}
    assert "cy-GB" in langs or "cy" in langs
    assert not preview["not_made"]
    # a child's copy asked for the unborn baby is not made, and the preview says why
    data = json.loads(json.dumps(read_case_data(WALES), default=str))
    baby = next(c["id"] for c in data["children"] if c.get("expected_date"))
    data["recipients"].append({"person": baby, "copy": "child"})
    response = client.post("/v1/preview", content=json.dumps(data))
    [not_made] = response.json()["not_made"]
    assert not_made["recipient"] == baby and not_made["kind"] == "child"
    assert not_made["problem"]["code"].startswith("SP-")


def test_a_refused_case_has_no_preview_but_says_why(client: TestClient) -> None:
    response = client.post("/v1/preview", content=REFUSED.read_bytes(), headers=YAML)
    assert response.status_code == 422
    assert "SP-POLICING" in {p["code"] for p in response.json()["problems"]}
    broken = client.post("/v1/preview", content=b"reference: [", headers=YAML)
    assert broken.status_code == 422


# --- one copy, everything in the body --------------------------------------------------------


def test_a_copy_is_asked_for_in_the_body_and_comes_back_as_render_makes_it(
    client: TestClient,
) -> None:
    text = GREEN.read_text(encoding="utf-8")
    body = {"case": text, "format": "yaml", "recipient": "paul", "as": "docx"}
    response = client.post("/v1/copy", content=json.dumps(body))
    assert response.status_code == 200, response.text
    assert "NX-CP-2026-0142-v2-adult-paul.docx" in response.headers["content-disposition"]
    assert response.content == safeplan.Renderer().render(safeplan.load(GREEN), "paul")
    as_object = {**body, "case": json.loads(json.dumps(read_case_data(GREEN), default=str))}
    as_object.pop("format")
    again = client.post("/v1/copy", content=json.dumps(as_object))
    assert again.status_code == 200 and again.content == response.content
    professional = client.post("/v1/copy", content=json.dumps({**body, "recipient": None}))
    assert "professional" in professional.headers["content-disposition"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"not json", 400, "SP-HTTP-BODY"),
        (b"[1, 2]", 400, "SP-HTTP-BODY"),
        (json.dumps({"case": 3}).encode(), 400, "SP-HTTP-BODY"),
        (json.dumps({"case": "x", "format": "toml"}).encode(), 400, "SP-HTTP-BODY"),
        (json.dumps({"case": "x", "as": "odt"}).encode(), 400, "SP-HTTP-BODY"),
        (json.dumps({"case": "x", "recipient": 5}).encode(), 400, "SP-HTTP-BODY"),
        (json.dumps({"case": "x", "as": "pdf"}).encode(), 501, "SP-HTTP-NO-PDF"),
    ],
)
def test_a_copy_request_that_is_not_right_says_what_to_send(
    client: TestClient, body: bytes, status: int, code: str
) -> None:
    response = client.post("/v1/copy", content=body)
    assert response.status_code == status
    assert response.json()["code"] == code


@pytest.mark.skipif(not shutil.which("soffice"), reason="PDF needs LibreOffice (soffice)")
def test_a_copy_as_pdf_comes_from_libreoffice() -> None:
    text = GREEN.read_text(encoding="utf-8")
    with TestClient(build_app(ServerConfig())) as c:
        body = {"case": text, "format": "yaml", "recipient": "paul", "as": "pdf"}
        response = c.post("/v1/copy", content=json.dumps(body))
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"%PDF-")
    assert "NX-CP-2026-0142-v2-adult-paul.pdf" in response.headers["content-disposition"]


def test_a_copy_for_no_one_in_the_case_or_of_a_refused_case_is_refused(
    client: TestClient,
) -> None:
    text = GREEN.read_text(encoding="utf-8")
    nobody = {"case": text, "format": "yaml", "recipient": "no-such-person"}
    assert client.post("/v1/copy", content=json.dumps(nobody)).status_code == 404
    refused = {"case": REFUSED.read_text(encoding="utf-8"), "format": "yaml"}
    assert client.post("/v1/copy", content=json.dumps(refused)).status_code == 422


# --- template folders ------------------------------------------------------------------------


def test_a_template_folders_problems_name_the_folder_never_where_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    (folder / "agreement.xml.j2").write_text(
        '{% extends "safeplan/agreement.xml.j2" %}\n'
        "{% block title %}{{ agreement.no_such_field }}{% endblock %}\n",
        encoding="utf-8",
    )
    with TestClient(create_app(ServerConfig(pdf=False, templates=[folder]))) as c:
        found = c.get("/v1/templates").json()
        # the preview still works, and says which copy its layout broke
        preview = c.post("/v1/preview", content=GREEN.read_bytes(), headers=YAML).json()
    assert found["folders"] == ["council"]
    [problem] = found["problems"]
    assert problem["code"] == "SP-TEMPLATE-UNKNOWN-FIELD"
    assert problem["path"] == "council/agreement.xml.j2:2"
    assert str(tmp_path) not in json.dumps(found)
    adults = [c for c in preview["copies"] if c["kind"] != "child"]
    assert all(c["problems"] and c["problems"][0]["code"] == "SP-TEMPLATE-ERROR" for c in adults)
    with TestClient(create_app(ServerConfig(pdf=False))) as c:
        assert c.get("/v1/templates").json() == {"folders": [], "problems": []}


# --- the page ----------------------------------------------------------------------------------


def test_the_page_is_at_the_root_with_strict_headers_and_its_files_beside_it(
    client: TestClient,
) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe" not in csp
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["x-frame-options"] == "DENY"
    assert '<html lang="en-GB"' in page.text
    # every file the page names is served, from this service only
    named = re.findall(r'(?:src|href)="([^"#:]+)"', page.text)
    assert named
    for path in named:
        got = client.get(f"/{path.removeprefix('./')}")
        assert got.status_code == 200, path
        assert got.headers["content-security-policy"] == csp
    for script in STATIC.glob("*.js"):
        served = client.get(f"/static/{script.name}")
        assert served.headers["content-type"].startswith("text/javascript")
        for imported in re.findall(r'from "(\./[^"]+)"', served.text):
            assert client.get(f"/static/{imported[2:]}").status_code == 200, imported
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]*)"', page.text))
    # The API keeps its own errors; the page does not answer for it.
    assert client.get("/v1/nope").headers["content-type"] == "application/problem+json"
    with TestClient(build_app(ServerConfig(pdf=False, page=False))) as bare:
        assert bare.get("/").status_code == 404


def test_the_page_works_under_a_prefix_when_mounted_in_another_app() -> None:
    from starlette.applications import Starlette
    from starlette.routing import Mount

    from safeplan.server import page_app

    outer = Starlette(
        routes=[Mount("/safeplan", app=create_app(ServerConfig(pdf=False), page=page_app()))]
    )
    with TestClient(outer) as c:
        page = c.get("/safeplan/")
        assert page.status_code == 200
        for path in re.findall(r'(?:src|href)="([^"#:]+)"', page.text):
            assert not path.startswith("/"), path
            assert c.get(f"/safeplan/{path}").status_code == 200, path
        app_js = c.get("/safeplan/static/app.js").text
        assert '"/v1/' not in app_js and "`/v1/" not in app_js
        for route in set(re.findall(r'["`](v1/[a-z]+)', app_js)):
            if route in ("v1/health", "v1/schema", "v1/examples", "v1/templates"):
                assert c.get(f"/safeplan/{route}").status_code == 200, route


def test_the_page_names_no_outside_address_and_no_gov_uk_asset(client: TestClient) -> None:
    own = [p for p in STATIC.rglob("*") if p.is_file() and p.suffix in (".js", ".css", ".html")]
    for path in own:
        text = path.read_text(encoding="utf-8")
        if "vendor" not in path.parts:
            assert not re.search(r"https?://", text), path
            assert "localStorage" not in text and "sessionStorage" not in text, path
            assert "document.cookie" not in text, path
    licences = {p.name for p in (STATIC / "vendor").rglob("LICENSE*")}
    assert licences == {"LICENSE.txt", "LICENSE"}
    readme = (STATIC / "vendor" / "README.md").read_text(encoding="utf-8")
    assert "6.6.0" in readme and "4.3.2" in readme
    assert not list(STATIC.rglob("*.woff*"))  # the GOV.UK typeface is not ours to ship
    # ... nor asked for: with its @font-face rules a browser could ask the service for it
    css = client.get("/static/vendor/govuk-frontend/govuk-frontend.min.css")
    assert css.status_code == 200 and ".govuk-button" in css.text
    assert "@font-face" not in css.text and "/assets/fonts/" not in css.text


def test_the_pages_routes_log_no_case_content(caplog: pytest.LogCaptureFixture) -> None:
    from safeplan._serve.logs import JsonFormatter

    caplog.set_level(logging.INFO, logger="safeplan.serve")
    text = GREEN.read_text(encoding="utf-8")
    with TestClient(build_app(ServerConfig(pdf=False))) as c:
        c.get("/")
        c.get("/v1/examples/green-reid-england")
        c.post("/v1/preview", content=text.encode(), headers=YAML)
        c.post(
            "/v1/copy", content=json.dumps({"case": text, "format": "yaml", "recipient": "sally"})
        )
        c.post(
            "/v1/copy",
            content=json.dumps({"case": text, "format": "yaml", "recipient": "sally-smith-xyz"}),
        )
    formatter = JsonFormatter()
    lines = [formatter.format(r) for r in caplog.records if r.name == "safeplan.serve"]
    requests = [json.loads(x) for x in lines if '"event": "request"' in x]
    assert {r["path"] for r in requests} == {
        "other",
        "/v1/examples/{name}",
        "/v1/preview",
        "/v1/copy",
    }
    logged = "\n".join(lines)
    for value in ("Sally", "sally", "sally-smith-xyz", "Alder", "NX-CP-2026-0142", "Paul"):
        assert value not in logged
