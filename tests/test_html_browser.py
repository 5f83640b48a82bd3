"""The exported HTML pages in a real browser: headless Chromium driven by Selenium.

Checks that nodes render, that a click shows an evidence quote, that filters
hide negated practices, and that the page made no network request. Screenshots
go to ``test-artifacts/``. Skipped when Chromium, chromedriver or Selenium is absent
(``.ci/browser-deps`` installs them).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from policykg.export import export

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
    pytest.skip(f"headless browser test needs {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver)", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="pip install selenium")

from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from test_projection import ACME_V2, build_store  # noqa: E402


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    store, names = build_store(folder / "store")
    try:
        written = {
            "practices": export(store, view="practices", format="html", output=folder / "practices.html", policy=names["acme_v1"]),
            "flows": export(store, view="flows", format="html", output=folder / "flows.html", company="acme"),
            "matrix": export(store, view="matrix", format="html", output=folder / "matrix.html"),
            "versions": export(store, view="versions", format="html", output=folder / "versions.html", company="acme"),
        }
    finally:
        store.close()
    return written


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _open(browser, path: Path) -> None:
    browser.get_log("performance")  # drop entries of earlier pages
    browser.get(path.resolve().as_uri())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if browser.execute_script("return document.body && document.body.getAttribute('data-policykg-ready')") == "1":
            return
        time.sleep(0.1)
    raise AssertionError(f"{path.name}: page script did not finish; console: {browser.get_log('browser')}")


def _requests(browser) -> list[str]:
    """Every URL the page asked for: resource timing entries and Chrome's network log."""
    urls = list(browser.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })"))
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _assert_offline(browser, name: str) -> None:
    remote = [u for u in _requests(browser) if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert remote == [], f"{name} made network requests: {remote}"


def _screenshot(browser, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def _wait_still(browser) -> None:
    """Wait until vis-network has stopped moving nodes."""
    last = None
    for _ in range(100):
        positions = browser.execute_script("return JSON.stringify(network.getPositions())")
        if positions == last:
            return
        last = positions
        time.sleep(0.15)


def test_practices_page_renders_and_click_shows_evidence(browser, pages):
    _open(browser, pages["practices"].path)
    _wait_still(browser)
    count = browser.execute_script("return network.body.data.nodes.length")
    assert count == pages["practices"].nodes
    painted = browser.execute_script(
        "var c = document.querySelector('#mynetwork canvas'); var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "var n = 0; for (var i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++; } return n;"
    )
    assert painted > 500, "the canvas is blank: no node was drawn"
    target = browser.execute_script(
        "var n = nodes.get({filter: function (x) { return x.ptype === 'practice' && x.polarity === 'negated'; }})[0];"
        "var p = network.canvasToDOM(network.getPositions([n.id])[n.id]); return {id: n.id, x: p.x, y: p.y, quote: n.evidence};"
    )
    canvas = browser.find_element(By.CSS_SELECTOR, "#mynetwork canvas")
    ActionChains(browser).move_to_element_with_offset(canvas, target["x"] - canvas.size["width"] / 2, target["y"] - canvas.size["height"] / 2).click().perform()
    quote = browser.find_element(By.CSS_SELECTOR, "#pk-evidence blockquote").text
    assert quote == target["quote"] == "We do not sell your location."
    assert "policy: https://w3id.org/policykg/id/policy/acme/" in browser.find_element(By.CSS_SELECTOR, "#pk-evidence .pk-policy").text
    legend = browser.find_element(By.ID, "pk-legend").text
    assert "does not (negated)" in legend and "collect" in legend
    _screenshot(browser, "export-practices")
    # filtering out negated practices hides the practice and the data type only it names
    browser.find_element(By.CSS_SELECTOR, "input[data-filter='polarity'][value='negated']").click()
    assert browser.execute_script("return nodes.get(arguments[0]).hidden", target["id"]) is True
    assert browser.execute_script("return nodes.get({filter: function (x) { return x.iri === arguments[0]; }})[0].hidden".replace("arguments[0]", "'https://w3id.org/dpv/pd#Location'")) is True
    assert browser.execute_script("return nodes.get({filter: function (x) { return x.iri === 'https://w3id.org/dpv/pd#EmailAddress'; }})[0].hidden") is False
    _assert_offline(browser, "practices page")


def test_sankey_page_draws_flows_offline(browser, pages):
    _open(browser, pages["flows"].path)
    links = browser.execute_script("return document.querySelectorAll('#pk-plot .sankey-link').length")
    assert links >= 1
    nodes = browser.execute_script("return document.querySelectorAll('#pk-plot .sankey-node').length")
    assert nodes >= 3
    time.sleep(1.0)  # let plotly finish its entry transition before the picture
    _screenshot(browser, "export-flows")
    # a real click on a point where a link is the topmost element
    spot = browser.execute_script(
        "var links = document.querySelectorAll('#pk-plot .sankey-link');"
        "for (var i = 0; i < links.length; i++) { var b = links[i].getBoundingClientRect();"
        "  for (var f = 0.2; f < 0.9; f += 0.1) { var x = b.left + b.width * 0.5, y = b.top + b.height * f;"
        "    if (document.elementFromPoint(x, y) === links[i]) return {x: x, y: y}; } }"
        "return null;"
    )
    assert spot is not None, "no link can be clicked"
    plot = browser.find_element(By.ID, "pk-plot")
    box = browser.execute_script("var r = arguments[0].getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2};", plot)
    ActionChains(browser).move_to_element_with_offset(plot, spot["x"] - box["x"], spot["y"] - box["y"]).click().perform()
    quote = browser.find_element(By.CSS_SELECTOR, "#pk-evidence blockquote").text
    assert quote in (ACME_V2.replace(". ", ".\n").splitlines())
    # negated practices are no flow until the reader asks for them
    browser.find_element(By.CSS_SELECTOR, "input[data-filter='polarity'][value='negated']").click()
    time.sleep(1.0)
    assert browser.execute_script("return document.querySelectorAll('#pk-plot .sankey-link').length") > links
    _assert_offline(browser, "flows page")


def test_matrix_page_click_shows_evidence(browser, pages):
    _open(browser, pages["matrix"].path)
    # click the centre of the "does not" cell: its pixel position from plotly's axes
    cell = browser.execute_script(
        "var gd = document.getElementById('pk-plot'); var cfg = policykg.cfg;"
        "var key = Object.keys(cfg.cells).find(function (k) { return cfg.cells[k].kind.indexOf('does not') === 0; });"
        "var parts = key.split('|'); var t = +parts[0] + 1; var L = gd._fullLayout;"
        "var xa = L['xaxis' + (t > 1 ? t : '')], ya = L['yaxis' + (t > 1 ? t : '')];"
        "var x = xa._offset + xa.d2p(parts[2]), y = ya._offset + ya.d2p(parts[1]);"
        "var r = gd.getBoundingClientRect(); return {x: x, y: y, w: r.width, h: r.height};"
    )
    plot = browser.find_element(By.ID, "pk-plot")
    ActionChains(browser).move_to_element_with_offset(plot, cell["x"] - cell["w"] / 2, cell["y"] - cell["h"] / 2).click().perform()
    time.sleep(0.3)
    assert browser.find_element(By.CSS_SELECTOR, "#pk-evidence blockquote").text == "We do not sell your location."
    assert browser.execute_script("return document.querySelectorAll('#pk-plot .heatmaplayer .hm').length") == 4
    _screenshot(browser, "export-matrix")
    _assert_offline(browser, "matrix page")


def test_versions_page_renders_offline(browser, pages):
    _open(browser, pages["versions"].path)
    assert browser.execute_script("return network.body.data.nodes.length") == pages["versions"].nodes
    changes = browser.execute_script("return nodes.get().map(function (n) { return n.change || ''; }).sort().join(',')")
    assert "removed" in changes and "added" in changes
    _screenshot(browser, "export-versions")
    _assert_offline(browser, "versions page")
