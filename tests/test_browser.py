"""End to end in headless Chromium (Debian's chromium, Playwright for Python): the app on the
demo graph, as a user would use it, with no request leaving the machine.

Screenshots go to test-output/screenshots/ and small copies to docs/screenshots/; the time to
first render of each page goes to test-output/render-times.json.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from test_app_pages import load_graph

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "test-output" / "screenshots"
DOCS = ROOT / "docs" / "screenshots"
PAGES = [("home", "徐州市 招商概览"), ("search", "搜索与探索"), ("leads", "招商线索"), ("chain", "产业链"),
         ("console", "Cypher 控制台"), ("data", "数据导入"), ("overview", "总览")]


def _need_browser():
    msg = None
    if not Path(CHROMIUM).exists():
        msg = f"no Chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            msg = "playwright (Python) is not installed"
    if msg:
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc, timeout: float = 90) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the app did not become healthy in time")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    _need_browser()
    from graph.stores import open_store
    target = f"embedded:{tmp_path_factory.mktemp('browser') / 'kg'}"
    with open_store(target) as st:
        st.setup_schema()
        load_graph(st, full=True)
    with serve_app({"KG_STORE": target}, tmp_path_factory.mktemp("log") / "app.log") as url:
        yield url


@contextmanager
def serve_app(env: dict, log_path: Path):
    """`kg serve`'s command on a free port with `env` added; yields the URL, stops it after."""
    from cli.serve_cmd import serve_command
    port = _free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(serve_command("127.0.0.1", port), cwd=ROOT,
                                env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="module")
def browser_page(app_url):
    from playwright.sync_api import sync_playwright
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      accept_downloads=True, locale="zh-CN")
        context.on("request", lambda req: requests.append(req.url))
        page = context.new_page()
        page.set_default_timeout(60_000)
        yield page, requests
        context.close()
        browser.close()


def _open(page, url: str, title: str) -> float:
    """Go to a page; seconds until its title is drawn and Streamlit has finished running."""
    t0 = time.perf_counter()
    page.goto(url)
    page.get_by_role("heading", name=title).first.wait_for()
    took = time.perf_counter() - t0
    _settle(page)
    return took


def _settle(page) -> None:
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    DOCS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    try:  # the committed copy: a 256-colour PNG, a fraction of the size
        from PIL import Image
        Image.open(path).convert("RGB").quantize(256).save(DOCS / f"{name}.png", optimize=True)
    except ImportError:
        shutil.copy(path, DOCS / f"{name}.png")


def _show_iframe(page) -> None:
    """Scroll the picture into view so that the screenshot shows it."""
    page.locator("iframe").first.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(600)


def _graph_drawn(page) -> None:
    frame = page.frame_locator("iframe").first
    frame.locator("canvas").first.wait_for(timeout=60_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].some("
        "f => f.contentWindow && f.contentWindow.kgLaidOut === true)", timeout=30_000)


def _plotly_map(page, legend: str):
    """The map is drawn: province (or city) outlines as filled paths, the legend titled."""
    chart = page.locator(".js-plotly-plot").first
    chart.locator(".scatterlayer path.js-fill").nth(10).wait_for(state="attached")
    chart.locator(".legendtitletext", has_text=legend).wait_for()
    chart.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(600)
    return chart


def _home(page) -> None:
    """Landing page: the map of China with province outlines and a legend, drill-down to the
    province, the briefing deck from the button (read back)."""
    chart = _plotly_map(page, "线索数（条）")
    assert chart.locator(".scatterlayer path.js-fill").count() >= 34
    _shot(page, "home-map")
    page.get_by_text("省内（按市）").click()
    _settle(page)
    chart = _plotly_map(page, "线索数（条）")
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
                           ".some(t => t.textContent.includes('江苏省'))")
    _shot(page, "home-province")
    page.get_by_role("button", name="生成招商简报（PPT）").click()
    dl_button = page.get_by_role("button", name="下载 徐州市_招商简报")
    dl_button.wait_for(timeout=120_000)
    _settle(page)
    with page.expect_download() as dl:
        dl_button.click()
    pptx = SHOTS.parent / "brief.pptx"
    dl.value.save_as(pptx)
    from pptx import Presentation
    deck = Presentation(str(pptx))
    assert len(deck.slides) >= 6
    assert "徐州市招商简报" in deck.slides[0].shapes[0].text_frame.text


def test_user_journey_offline(app_url, browser_page):
    page, requests = browser_page
    try:
        _journey(app_url, page, requests)
    except Exception:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "failure.png"))
        raise


def _journey(app_url, page, requests):
    times = {}

    times["home"] = _open(page, app_url + "/", "徐州市 招商概览")  # the default page
    _home(page)
    times["search"] = _open(page, app_url + "/search", "搜索与探索")
    box = page.get_by_label("搜索企业、机构、地区或行业（名称、别名、拼音、首字母）")
    box.fill("招商局集团")
    box.press("Enter")
    page.get_by_role("heading", name="招商局集团").first.wait_for()
    _graph_drawn(page)
    _settle(page)
    _show_iframe(page)
    _shot(page, "search")

    times["leads"] = _open(page, app_url + "/leads", "招商线索")
    page.get_by_role("button", name="生成线索").click()
    page.get_by_role("button", name="下载 Excel").wait_for()
    _settle(page)
    with page.expect_download() as dl:
        page.get_by_role("button", name="下载 Excel").click()
    xlsx = SHOTS.parent / "leads.xlsx"
    dl.value.save_as(xlsx)
    from openpyxl import load_workbook
    wb = load_workbook(xlsx)
    assert wb.sheetnames[0] == "推荐线索"
    assert wb.active["A1"].value == "排名" and wb.active.max_row >= 2
    _show_iframe(page)
    _shot(page, "leads")

    times["chain"] = _open(page, app_url + "/chain", "产业链")
    page.get_by_text("已覆盖").first.wait_for(timeout=90_000)  # the segments, not the empty page
    _settle(page)
    _shot(page, "chain")

    times["console"] = _open(page, app_url + "/console", "Cypher 控制台")
    page.get_by_role("button", name="运行").first.click()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    _settle(page)
    assert not page.locator('[data-testid="stException"]').count()
    _shot(page, "console")

    times["data"] = _open(page, app_url + "/data", "数据导入")
    _shot(page, "data")

    times["overview"] = _open(page, app_url + "/overview", "总览")
    _plotly_map(page, "企业数（家）")  # China by province, companies per province
    _shot(page, "overview")

    assert not page.locator('[data-testid="stException"]').count()
    own = urlparse(app_url).netloc
    foreign = sorted({u for u in requests
                      if urlparse(u).scheme in ("http", "https", "ws", "wss")
                      and urlparse(u).netloc != own})
    assert not foreign, f"requests left the machine: {foreign}"
    (SHOTS.parent / "render-times.json").write_text(json.dumps(
        {k: round(v, 2) for k, v in times.items()}, indent=2), encoding="utf-8")
    print("\ntime to first render (s):", {k: round(v, 2) for k, v in times.items()})
