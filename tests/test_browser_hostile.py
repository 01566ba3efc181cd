"""Issue 12, item 8 in headless Chromium: a company named like Markdown or HTML
(`![x](http://127.0.0.1:PORT/x.png)`, `**bold**`, `[link](…)`, `<img src=…>`) is shown as the
text it is on the search, leads and console pages, and the browser never asks the URL in it
(a local HTTP server logs every request). AppTest (tests/test_edges_app.py) checks the Markdown
the app sends; this checks what the browser does with it."""
from __future__ import annotations

import csv

import pytest

from conftest import http_trap
from test_browser import ARGS, CHROMIUM, SHOTS, _need_browser, _open, _settle, serve_app
from ui.text import JOINER

pytestmark = [pytest.mark.browser, pytest.mark.slow]

INDUSTRY = "专用设备制造业"  # GB/T C35: the leads page finds the names as candidates for 徐州市


@pytest.fixture(scope="module")
def trap():
    """A local HTTP server that answers and logs every request."""
    with http_trap() as served:
        yield served


def hostile_names(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}"
    return [f"![x]({url}/x.png)", "**粗体**工程机械有限公司", f"[链接]({url}/l)工程机械有限公司",
            f'<img src="{url}/h.png">工程机械有限公司']


@pytest.fixture(scope="module")
def app(trap, tmp_path_factory):
    _need_browser()
    from graph.stores import open_store
    from loaders.demo import load_demo
    from loaders.load import load_path
    base = tmp_path_factory.mktemp("hostile_browser")
    names = hostile_names(trap[0])
    table = base / "hostile.csv"
    with open(table, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["企业名称", "所属行业", "省份", "城市"])
        w.writerows([n, "C35", "广东省", "深圳市"] for n in names)
    target = f"embedded:{base / 'kg'}"
    with open_store(target) as st:
        st.setup_schema()
        load_demo(st, companies=False)  # regions, industries, Xuzhou's priorities
        rep, = load_path(st, table)
        assert rep.loaded == len(names), rep.summary()
    with serve_app({"KG_STORE": target}, base / "app.log") as url:
        yield url, names


@pytest.fixture
def page(app, trap):
    from playwright.sync_api import sync_playwright
    port = trap[0]
    asked: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 1400}, locale="zh-CN")
        context.on("request", lambda req: asked.append(req.url)
                   if f":{port}" in req.url else None)
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        try:
            yield pg
        except Exception:
            SHOTS.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(SHOTS / "failure-hostile.png"))
            raise
        finally:
            context.close()
            browser.close()
    assert asked == [], f"the browser asked for URLs in names: {asked}"


def _no_markup_rendered(page, port: int) -> None:
    """Nothing in the page (or its frames) is an element made from a name's markup."""
    for frame in page.frames:
        made = frame.locator(f'img[src*=":{port}"], a[href*=":{port}"]')
        assert made.count() == 0, (frame.url, [made.nth(i).evaluate("e => e.outerHTML")
                                               for i in range(made.count())])
        assert frame.locator("strong", has_text="粗体").count() == 0, frame.url


def test_names_are_text_in_the_browser_and_nothing_is_fetched(app, trap, page):
    url, names = app
    port, hits = trap

    _open(page, url + "/search", "搜索与探索")
    box = page.get_by_label("搜索企业、机构、地区或行业（名称、别名、拼音、首字母）")
    for name in names:
        box.fill(name)
        box.press("Enter")
        _heading(page, name)  # the card, titled with the name as typed
        _settle(page)
        _no_markup_rendered(page, port)

    _open(page, url + "/leads", "招商线索")
    page.get_by_label("重点产业（可选，默认取地区重点产业）").fill(INDUSTRY)
    page.get_by_role("button", name="生成线索").click()
    page.get_by_text("查看线索依据").first.wait_for()
    _settle(page)
    options = [_text(o) for o in _lead_options(page)]
    for name in names:  # the lead picker lists each as "rank. name", as typed
        assert any(o.endswith(f". {name}") for o in options), (name, options)
    _no_markup_rendered(page, port)

    _open(page, url + "/console", "Cypher 控制台")
    page.get_by_role("tab", name="自由 Cypher").click()
    area = page.get_by_label("Cypher", exact=True)
    area.fill(f"MATCH (c:Company)-[:IN_INDUSTRY]->(i:Industry {{name: '{INDUSTRY}'}}) "
              "RETURN c.name AS name, i.name AS industry")
    area.press("Control+Enter")
    page.get_by_role("button", name="运行").last.click()
    page.get_by_text(f"{len(names)} 行").first.wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    _settle(page)
    _no_markup_rendered(page, port)
    assert not page.locator('[data-testid="stException"]').count()

    page.wait_for_timeout(1000)  # a late image request would arrive by now
    assert hits == [], f"the page fetched URLs named in company names: {hits}"


def _text(shown: str) -> str:
    """What the reader sees: ui.text.md puts an invisible WORD JOINER before URLs."""
    return shown.replace(JOINER, "")


def _heading(page, name: str) -> None:
    page.wait_for_function(
        "n => [...document.querySelectorAll('h1,h2,h3,h4')].some("
        "h => h.textContent.replaceAll('\u2060', '') === n)", arg=name)


def _lead_options(page) -> list[str]:
    """The lead picker's options as the browser lists them (opened, read, closed)."""
    box = page.locator('[data-testid="stSelectbox"]', has_text="查看线索依据").first
    box.click()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return options
