"""The drafting page in a real browser: Debian's Chromium, driven by Selenium through
chromedriver, against ``safeplan serve`` started by the tests on a free loopback port.

What a social worker does: open an example, break a review date and see the refusal appear
and lead to the field, fix it, read the person causing harm's copy with what it leaves out
marked, and download that copy (opened here with python-docx). Every bundled example goes
from YAML to the form and back without losing anything. axe-core runs in the page and any
serious or critical violation fails. The keyboard alone does it all. The case never reaches
the page's address, the browser's storage or the server's log.

Skipped, saying why, when Chromium, chromedriver or Selenium is missing, except in CI
(``CI=true``), where ``.ci/run`` installs them and a skip would hide a broken page.
Set ``SAFEPLAN_PAGE_SHOTS=docs/images`` to keep the screenshots (the README's picture).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import httpx
import pytest

from safeplan._case.io import read_case_data

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
AXE = ROOT / "tests" / "data" / "axe" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
)
# Personal data of the green-reid example that must never reach an address, storage or log.
PERSONAL = ("Sally", "Paul Reid", "Alder Close", "07700 900 481", "NX4 7QP", "NX-CP-2026-0142")

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement
    from selenium.webdriver.support.ui import Select, WebDriverWait

    HAVE_SELENIUM = True
except ImportError:  # pragma: no cover - the test extra installs it
    HAVE_SELENIUM = False

_MISSING = [
    what
    for what, ok in (
        ("chromium (apt-get install chromium)", CHROMIUM),
        ("chromedriver (apt-get install chromium-driver)", CHROMEDRIVER),
        ("selenium (pip install -e '.[test]')", HAVE_SELENIUM),
    )
    if not ok
]
if _MISSING and os.environ.get("CI"):
    raise RuntimeError(f"CI must run the browser tests, but these are missing: {_MISSING}")
pytestmark = pytest.mark.skipif(
    bool(_MISSING), reason=f"the browser tests need {', '.join(_MISSING)}"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """``safeplan serve`` in its own process, its log captured to a file."""

    def __init__(self, tmp: Path, *args: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp / f"serve-{self.port}.log"
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "safeplan", "serve", "--port", str(self.port), *args],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(self.log_path.read_text(errors="replace"))
            time.sleep(0.1)

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("serve"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


def _browser(downloads: Path) -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='safeplan-chromium-')}")
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.set_script_timeout(60)
    return driver


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[WebDriver]:
    driver = _browser(downloads)
    user_data = next(
        (
            a.split("=", 1)[1]
            for a in driver.capabilities.get("goog:chromeOptions", {}).get("args", [])
            if a.startswith("--user-data-dir=")
        ),
        None,
    )
    yield driver
    driver.quit()
    if user_data:
        shutil.rmtree(user_data, ignore_errors=True)


# --- helpers ------------------------------------------------------------------------------------


def wait(driver: WebDriver, until: Callable[[WebDriver], Any], seconds: float = 20) -> Any:
    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(until)


def by_id(driver: WebDriver, id_: str) -> WebElement:
    return driver.find_element(By.ID, id_)


def status(driver: WebDriver) -> str:
    return str(by_id(driver, "status").get_attribute("textContent"))


def open_page(driver: WebDriver, server: Server) -> None:
    driver.get(f"{server.url}/")
    wait(driver, lambda d: by_id(d, "page-ready").get_attribute("textContent") == "ready")


def _number(driver: WebDriver, name: str) -> int:
    return int(by_id(driver, "status").get_attribute(f"data-{name}") or 0)


def open_example(driver: WebDriver, name: str) -> None:
    """Open an example and wait for its first check to be shown (the page numbers its checks
    and drops one that was on its way when the case changed)."""
    before = _number(driver, "opened")
    Select(by_id(driver, "example")).select_by_value(name)
    by_id(driver, "open-example").click()
    wait(driver, lambda d: _number(d, "opened") > before)
    opened = _number(driver, "opened")
    checked_again(driver, opened)


def checked_again(driver: WebDriver, before: int) -> None:
    """Wait until the page shows a check made after ``before`` (see :func:`checks`)."""
    wait(driver, lambda d: checks(d) > before and status(d).startswith("Checked"))


def checks(driver: WebDriver) -> int:
    """The number of the check the page shows: every edit and every check raises it."""
    return _number(driver, "checked")


def press(driver: WebDriver, key: str) -> None:
    """A key pressed on whatever has focus, as a person would (no element is aimed at)."""
    ActionChains(driver).send_keys(key).perform()


def show_part(driver: WebDriver, key: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f'a.sp-part-link[data-part="{key}"]').click()


def type_into(element: WebElement, text: str) -> None:
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    element.send_keys(text)


def tab_named(driver: WebDriver, text: str) -> WebElement:
    for tab in driver.find_elements(By.CSS_SELECTOR, ".govuk-tabs__tab"):
        if tab.text.strip() == text:
            return tab
    raise AssertionError(f"no tab {text!r}")


def shot(driver: WebDriver, tmp: Path, name: str, top: float = 0, height: float = 1000) -> Path:
    """A screenshot of the page from ``top`` (CSS pixels), kept in tmp (and in
    ``SAFEPLAN_PAGE_SHOTS`` when set)."""
    import base64

    data = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": top, "width": 1280, "height": height, "scale": 1},
        },
    )["data"]
    path = tmp / name
    path.write_bytes(base64.b64decode(data))
    keep = os.environ.get("SAFEPLAN_PAGE_SHOTS")
    if keep:
        folder = ROOT / keep  # a relative folder is the project's (tests run elsewhere)
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / name)
    return path


def top_of(driver: WebDriver, id_: str) -> float:
    return float(
        driver.execute_script(
            "return document.getElementById(arguments[0]).getBoundingClientRect().top"
            " + window.scrollY",
            id_,
        )
    )


def axe(driver: WebDriver) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations of WCAG 2.0, 2.1 and 2.2 A and AA (and its
    best practices) in the page as it is now."""
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {
          runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                          'wcag22aa', 'best-practice']},
          resultTypes: ['violations'],
        }).then(r => done(r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))
          .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
        """
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def data_of(text: str, tmp: Path, name: str = "case.yaml") -> Any:
    """What safeplan's own strict reader makes of a case file's text."""
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return json.loads(json.dumps(read_case_data(path), default=str))


def example_data(path: Path) -> Any:
    return json.loads(json.dumps(read_case_data(path), default=str))


def no_personal_data(driver: WebDriver, server: Server) -> None:
    url = driver.current_url
    for value in PERSONAL:
        assert value.lower() not in url.lower(), "case data in the page's address"
    storage = driver.execute_script(
        "return JSON.stringify([Object.keys(localStorage), Object.keys(sessionStorage),"
        " document.cookie])"
    )
    assert json.loads(storage) == [[], [], ""]
    log = server.log()
    for value in PERSONAL:
        assert value not in log, "case data in the server's log"


def wait_for_download(folder: Path, suffix: str, before: set[Path]) -> Path:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        new = [p for p in folder.glob(f"*{suffix}") if p not in before]
        if new and not list(folder.glob("*.crdownload")):
            return new[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} downloaded")


# --- the tests -------------------------------------------------------------------------------


def test_break_a_review_date_fix_it_and_read_the_person_causing_harms_copy(
    browser: WebDriver, server: Server, downloads: Path, tmp_path: Path
) -> None:
    d = browser
    open_page(d, server)
    open_example(d, "green-reid-england")
    assert "no refusals" in status(d)
    assert d.find_elements(By.ID, "all-clear")

    # The review conference of 28 January 2027 moved a year later: too late after the
    # initial conference, so the agreement is refused, and the summary says where.
    show_part(d, "reviews")
    year = by_id(d, "f-reviews-2-date-year")
    assert year.get_attribute("value") == "2027"
    before = checks(d)
    type_into(year, "2028")
    checked_again(d, before)
    summary = wait(d, lambda d: d.find_element(By.ID, "refusals"))
    assert "cannot be issued" in summary.text
    links = summary.find_elements(By.CSS_SELECTOR, "a[data-target]")
    late = [a for a in links if a.get_attribute("data-target") == "f-reviews-2-date"]
    assert late, [a.get_attribute("data-target") for a in links]
    assert "review" in late[0].text.lower()
    assert "cannot be issued" in status(d)
    # the message is beside the field too, and the field's group is marked as an error
    group = d.find_element(By.CSS_SELECTOR, '[data-field="f-reviews-2-date"]')
    assert "govuk-form-group--error" in str(group.get_attribute("class"))
    assert late[0].text in group.text
    assert "No copies can be made while the agreement is refused" in by_id(d, "preview-slot").text
    shot(d, tmp_path, "drafting-page.png", top_of(d, "main-content") - 10, 1100)

    # The link leads to the field, from another part of the form.
    show_part(d, "people")
    assert not by_id(d, "f-reviews-2-date").is_displayed()
    d.find_element(By.CSS_SELECTOR, '#refusals a[data-target="f-reviews-2-date"]').click()
    assert d.switch_to.active_element.get_attribute("id") == "f-reviews-2-date"
    assert by_id(d, "f-reviews-2-date").is_displayed()
    shot(d, tmp_path, "drafting-page-field.png", top_of(d, "f-reviews-2") - 280, 900)

    # Fixed: the refusal goes, the copies come back.
    year = by_id(d, "f-reviews-2-date-year")
    before = checks(d)
    type_into(year, "2027")
    checked_again(d, before)
    assert not d.find_elements(By.ID, "refusals")
    wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, ".govuk-tabs__tab"))

    # Paul's copy: what it leaves out is listed and marked; the copy itself holds none of it.
    tab_named(d, "Paul Reid (person causing harm)").click()
    panel = wait(
        d,
        lambda d: next(
            p for p in d.find_elements(By.CSS_SELECTOR, ".govuk-tabs__panel") if p.is_displayed()
        ),
    )
    left_out = panel.find_element(By.CSS_SELECTOR, ".sp-left-out")
    assert "What Paul Reid's copy leaves out" in left_out.text
    withheld = [li.text for li in left_out.find_elements(By.CSS_SELECTOR, ".sp-withheld")]
    assert any("Sally called the police" in w and w.startswith("Withheld") for w in withheld)
    assert any("Mia has told her teacher" in w for w in withheld)
    assert any(w.startswith("Hidden") and "Sally Green's address" in w for w in withheld)
    document = panel.find_element(By.CSS_SELECTOR, ".sp-document").text
    assert "This copy is for Paul Reid." in document
    for secret in ("Sally called the police", "Mia has told her teacher", "Alder Close"):
        assert secret not in document
    # while Sally's own copy holds her strengths
    tab_named(d, "Sally Green (adult at risk)").click()
    sally = next(
        p for p in d.find_elements(By.CSS_SELECTOR, ".govuk-tabs__panel") if p.is_displayed()
    )
    assert "Sally called the police" in sally.find_element(By.CSS_SELECTOR, ".sp-document").text
    tab_named(d, "Paul Reid (person causing harm)").click()
    panel = next(
        p for p in d.find_elements(By.CSS_SELECTOR, ".govuk-tabs__panel") if p.is_displayed()
    )
    shot(d, tmp_path, "drafting-page-copies.png", top_of(d, "preview-slot") - 60, 1200)

    # His copy as DOCX, opened as Word would be.
    before_files = set(downloads.iterdir())
    button = ".//button[starts-with(normalize-space(.), 'Download DOCX')]"
    panel.find_element(By.XPATH, button).click()
    saved = wait_for_download(downloads, ".docx", before_files)
    assert saved.name == "NX-CP-2026-0142-v2-adult-paul.docx"
    text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
    assert "This copy is for Paul Reid." in text
    for secret in ("Sally called the police", "Alder Close", "07700 900 481"):
        assert secret not in text
    no_personal_data(d, server)


def test_every_bundled_example_goes_to_the_form_and_back_without_losing_anything(
    browser: WebDriver, server: Server, tmp_path: Path
) -> None:
    d = browser
    open_page(d, server)
    names = [
        o.get_attribute("value")
        for o in Select(by_id(d, "example")).options
        if o.get_attribute("value")
    ]
    files = sorted(p for p in EXAMPLES.rglob("*.yaml"))
    assert sorted(names) == sorted(str(p.relative_to(EXAMPLES).with_suffix("")) for p in files)
    for path in files:
        name = str(path.relative_to(EXAMPLES).with_suffix(""))
        expected = example_data(path)
        open_example(d, name)
        # untouched, the text is the file itself, comments and all
        by_id(d, "show-yaml").click()
        assert by_id(d, "yaml").get_attribute("value") == path.read_text(encoding="utf-8")
        by_id(d, "show-form").click()
        # an edit in the form, undone: the text is then written from the form's data
        ref = by_id(d, "f-reference")
        assert ref.get_attribute("value") == expected["reference"], name
        ref.send_keys("X")
        ref.send_keys(Keys.BACKSPACE)
        by_id(d, "show-yaml").click()
        written = str(by_id(d, "yaml").get_attribute("value"))
        assert written != path.read_text(encoding="utf-8")
        assert data_of(written, tmp_path) == expected, name
        # and that text read back into the form and written again is still the same case
        d.execute_script(
            "const t = document.getElementById('yaml'); t.value = arguments[0];"
            " t.dispatchEvent(new Event('input'));",
            written + "\n",
        )
        by_id(d, "show-form").click()
        assert by_id(d, "f-reference").get_attribute("value") == expected["reference"]
        ref = by_id(d, "f-reference")
        ref.send_keys("X")
        ref.send_keys(Keys.BACKSPACE)
        by_id(d, "show-yaml").click()
        assert data_of(str(by_id(d, "yaml").get_attribute("value")), tmp_path) == expected, name
        by_id(d, "show-form").click()


def test_a_yaml_edit_reaches_the_form_and_a_broken_file_says_where(
    browser: WebDriver, server: Server, tmp_path: Path
) -> None:
    d = browser
    open_page(d, server)
    open_example(d, "green-reid-england")
    by_id(d, "show-yaml").click()
    text = str(by_id(d, "yaml").get_attribute("value"))
    changed = text.replace("reference: NX-CP-2026-0142", "reference: NX-CP-2026-0143")
    assert changed != text
    set_yaml = (
        "const t = document.getElementById('yaml'); t.value = arguments[0];"
        " t.dispatchEvent(new Event('input'));"
    )
    d.execute_script(set_yaml, changed)
    by_id(d, "show-form").click()
    assert by_id(d, "f-reference").get_attribute("value") == "NX-CP-2026-0143"
    # A file that is not YAML stays as text, and the page says which line.
    by_id(d, "show-yaml").click()
    d.execute_script(set_yaml, changed.replace("plan:\n", "plan:\n  - [\n", 1))
    by_id(d, "show-form").click()
    error = wait(d, lambda d: d.find_element(By.ID, "read-error"))
    assert "line" in error.text
    assert d.switch_to.active_element.get_attribute("id") == "read-error"
    assert by_id(d, "yaml").is_displayed()
    # the service refuses it the same way, at the top of the page
    before = checks(d)
    d.execute_script(set_yaml, changed.replace("plan:\n", "plan:\n  - [\n", 1) + " ")
    checked_again(d, before)
    assert "cannot be issued" in by_id(d, "problems-slot").text


def test_the_keyboard_alone_opens_a_case_follows_a_refusal_and_checks(
    browser: WebDriver, server: Server
) -> None:
    d = browser
    open_page(d, server)
    press(d, Keys.TAB)
    assert d.switch_to.active_element.get_attribute("class") == "govuk-skip-link"

    def tab_to(id_: str, limit: int = 40) -> None:
        for _ in range(limit):
            if d.switch_to.active_element.get_attribute("id") == id_:
                return
            press(d, Keys.TAB)
        raise AssertionError(f"Tab never reached #{id_}")

    tab_to("example")
    options = [o.get_attribute("value") for o in Select(by_id(d, "example")).options]
    for _ in range(options.index("refused/victim-polices")):
        press(d, Keys.ARROW_DOWN)
    assert (
        Select(by_id(d, "example")).first_selected_option.get_attribute("value")
        == "refused/victim-polices"
    )
    tab_to("open-example")
    opened = _number(d, "opened")
    press(d, Keys.ENTER)
    wait(d, lambda d: _number(d, "opened") > opened)
    checked_again(d, _number(d, "opened"))
    assert "cannot be issued" in status(d)
    # "Check the agreement" moves focus to the summary, which a screen reader then reads
    tab_to("check-now", limit=400)
    before = checks(d)
    press(d, Keys.ENTER)
    checked_again(d, before)
    wait(d, lambda d: d.switch_to.active_element.get_attribute("id") == "refusals")
    # Tab from the summary reaches its first link; Enter on it lands in the field
    press(d, Keys.TAB)
    link = d.switch_to.active_element
    target = link.get_attribute("data-target")
    assert target and target.startswith("f-")
    press(d, Keys.ENTER)
    assert d.switch_to.active_element.get_attribute("id") == target
    assert d.switch_to.active_element.is_displayed()


def test_axe_finds_no_serious_or_critical_violation(browser: WebDriver, server: Server) -> None:
    d = browser
    open_page(d, server)
    found: dict[str, list[dict[str, Any]]] = {"start": axe(d)}
    open_example(d, "refused/victim-polices")
    found["refused, form"] = axe(d)
    show_part(d, "expectations")
    for details in d.find_elements(By.CSS_SELECTOR, "details"):
        d.execute_script("arguments[0].open = true", details)
    found["expectations, every field"] = axe(d)
    by_id(d, "show-yaml").click()
    found["yaml"] = axe(d)
    by_id(d, "show-form").click()
    open_example(d, "green-reid-england")
    wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, ".govuk-tabs__tab"))
    tab_named(d, "Paul Reid (person causing harm)").click()
    show_part(d, "people")
    found["copies, people"] = axe(d)
    open_example(d, "jones-unborn-wales")  # a Welsh copy: lang on its blocks
    wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, ".govuk-tabs__tab"))
    tab_named(d, "Professional copy").click()
    shown = next(
        p for p in d.find_elements(By.CSS_SELECTOR, ".govuk-tabs__panel") if p.is_displayed()
    )
    assert "In Welsh and English, block by block." in shown.text
    assert shown.find_elements(By.CSS_SELECTOR, '.sp-document [lang="cy-GB"]')
    found["welsh copies"] = axe(d)
    assert {k: v for k, v in found.items() if v} == {}


def test_a_template_maintainer_sees_their_folders_problems_and_previews(
    tmp_path: Path, downloads: Path
) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    (folder / "agreement.xml.j2").write_text(
        '{% extends "safeplan/agreement.xml.j2" %}\n'
        "{% block title %}{{ agreement.no_such_field }}{% endblock %}\n",
        encoding="utf-8",
    )
    running = Server(tmp_path, "--templates", str(folder), "--no-pdf")
    driver = _browser(downloads)
    try:
        open_page(driver, running)
        panel = wait(driver, lambda d: d.find_element(By.ID, "templates-problems"))
        assert "council" in panel.text
        assert "agreement.xml.j2:2" in panel.text
        assert str(tmp_path) not in panel.text  # the server's folders stay on the server
        assert "SP-TEMPLATE-UNKNOWN-FIELD" in panel.text
    finally:
        driver.quit()
        running.stop()


def test_the_page_itself_loads_nothing_from_outside_and_keeps_no_case(
    browser: WebDriver, server: Server
) -> None:
    d = browser
    open_page(d, server)
    open_example(d, "green-reid-england")
    wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, ".govuk-tabs__tab"))
    resources = d.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources
    assert all(r.startswith(server.url + "/") for r in resources), resources
    assert not [r for r in resources if "/assets/" in r], resources  # no GOV.UK font or crest
    headers = httpx.get(f"{server.url}/").headers
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"
    no_personal_data(d, server)


def test_a_new_expectation_for_a_person_chosen_by_name_reaches_his_copy_and_undo_puts_back(
    browser: WebDriver, server: Server
) -> None:
    d = browser
    open_page(d, server)
    open_example(d, "green-reid-england")
    show_part(d, "expectations")
    count = len(d.find_elements(By.CSS_SELECTOR, '[data-part="expectations"] .sp-item'))
    by_id(d, "f-expectations-add").click()
    new = count  # its index
    who = Select(by_id(d, f"f-expectations-{new}-who"))
    labels = [o.text for o in who.options]
    assert "Paul Reid (paul)" in labels and "Sally Green (sally)" in labels
    # the new entry's first field has focus
    assert d.switch_to.active_element.get_attribute("id") == f"f-expectations-{new}-who"
    who.select_by_visible_text("Paul Reid (paul)")
    before = checks(d)
    by_id(d, f"f-expectations-{new}-what").send_keys(
        "Paul will phone Amira every Friday to say how the course is going."
    )
    checked_again(d, before)
    wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, ".govuk-tabs__tab"))
    tab_named(d, "Paul Reid (person causing harm)").click()
    panel = next(
        p for p in d.find_elements(By.CSS_SELECTOR, ".govuk-tabs__panel") if p.is_displayed()
    )
    assert (
        "Paul will phone Amira every Friday"
        in panel.find_element(By.CSS_SELECTOR, ".sp-document").text
    )
    # Removed by a slip, put back with one button, focus on it all along
    item = by_id(d, f"f-expectations-{new}")
    item.find_element(By.CSS_SELECTOR, "button.sp-remove").click()
    assert not d.find_elements(By.ID, f"f-expectations-{new}")
    undo = d.switch_to.active_element
    assert undo.get_attribute("id") == "f-expectations-undo"
    undo.click()
    assert (
        by_id(d, f"f-expectations-{new}-what")
        .get_attribute("value")
        .startswith("Paul will phone Amira")
    )
    assert Select(by_id(d, f"f-expectations-{new}-who")).first_selected_option.text == (
        "Paul Reid (paul)"
    )


def test_a_service_with_tokens_asks_for_one_and_keeps_it_in_the_page(
    tmp_path: Path, downloads: Path
) -> None:
    token = "page-test-" + "0123456789abcdef" * 2
    tokens = tmp_path / "tokens"
    tokens.write_text(token + "\n", encoding="utf-8")
    running = Server(tmp_path, "--tokens", str(tokens), "--no-pdf")
    driver = _browser(downloads)
    try:
        driver.get(f"{running.url}/")
        field = wait(
            driver, lambda d: next((e for e in [by_id(d, "token")] if e.is_displayed()), None)
        )
        field.send_keys(token)
        field.send_keys(Keys.TAB)
        wait(driver, lambda d: by_id(d, "page-ready").get_attribute("textContent") == "ready")
        open_example(driver, "green-reid-england")
        assert "no refusals" in status(driver)
        storage = driver.execute_script(
            "return JSON.stringify([localStorage.length, sessionStorage.length, document.cookie])"
        )
        assert json.loads(storage) == [0, 0, ""]
        assert token not in driver.current_url
        assert token not in running.log()
    finally:
        driver.quit()
        running.stop()


def test_a_case_file_from_the_computer_opens_and_is_saved_back_as_yaml_and_json(
    browser: WebDriver, server: Server, downloads: Path, tmp_path: Path
) -> None:
    d = browser
    open_page(d, server)
    expected = example_data(EXAMPLES / "ahmed-pre-proceedings-england.yaml")
    mine = tmp_path / "my-case.json"
    mine.write_text(json.dumps(expected, indent=2), encoding="utf-8")
    before_open = _number(d, "opened")
    by_id(d, "upload").send_keys(str(mine))  # what choosing the file does
    wait(d, lambda d: _number(d, "opened") > before_open)
    checked_again(d, _number(d, "opened"))
    assert by_id(d, "f-reference").get_attribute("value") == expected["reference"]
    # an edit, then both saves: each file is the case as edited, nothing else
    ref = by_id(d, "f-reference")
    ref.send_keys("-B")
    edited = {**expected, "reference": expected["reference"] + "-B"}
    for button, suffix in (("save-json", ".json"), ("save-yaml", ".yaml")):
        before_files = set(downloads.iterdir())
        by_id(d, button).click()
        saved = wait_for_download(downloads, suffix, before_files)
        assert saved.name == f"{edited['reference']}{suffix}"
        assert example_data(saved) == edited, suffix
    assert "Saved the case file" in status(d)
    no_personal_data(d, server)
