"""Sign-in, roles, follow-up and audit in headless Chromium (Debian's chromium, Playwright):
the app with a users file, as a bureau's colleagues would use it on the LAN."""
from __future__ import annotations

import re

import pytest

from test_browser import ARGS, CHROMIUM, SHOTS, _need_browser, _settle, serve_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORDS = {"li": "viewer-pass-1", "wang": "editor-pass-1", "boss": "admin-pass-12"}
SIDEBAR = '[data-testid="stSidebar"]'


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    _need_browser()
    from graph.stores import open_store
    from graph.users import add_user
    base = tmp_path_factory.mktemp("auth")
    target = f"embedded:{base / 'kg'}"
    with open_store(target) as st:
        st.setup_schema()
        st.upsert_nodes("Region", [{"code": "320300", "name": "徐州市"}])
        st.upsert_nodes("Company", [{"id": "C1", "name": "甲科技有限公司"}])
    users = base / "users.yaml"
    for name, role in (("li", "viewer"), ("wang", "editor"), ("boss", "admin")):
        add_user(users, name, role, PASSWORDS[name], {"wang": "王科长"}.get(name, ""))
    env = {"KG_STORE": target, "KG_USERS_FILE": str(users), "KG_BIND_ADDRESS": "127.0.0.1",
           "KG_COOKIE_KEY": "test-only-" + "k" * 40,
           "KG_SIGNIN_LOCK_S": "60"}  # the first lock (default 5 s): longer than a slow retry
    with serve_app(env, base / "app.log") as url:
        yield url, base / "app.log"


@pytest.fixture(scope="module")
def browser(app):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class _Context:
    """A browser context (its own cookies: one user) that leaves a screenshot on failure."""

    def __init__(self, browser, name):
        self.ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        self.page = self.ctx.new_page()
        self.page.set_default_timeout(30_000)
        self.name = name

    def __enter__(self):
        return self.page

    def __exit__(self, kind, *_):
        if kind is not None:
            _shot(self.page, f"failure-{self.name}")
        self.ctx.close()


def _login_form(page):
    page.get_by_label("用户名").wait_for()
    _settle(page)


def _sign_in(page, url, name, password=None):
    page.goto(url)
    _login_form(page)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码", exact=True).fill(password or PASSWORDS[name])
    page.get_by_role("button", name="登录").click()
    _settle(page)


def _signed_in(page, text):
    """The sidebar names who is signed in ("当前用户：NAME（ROLE）"); `text` is part of it."""
    page.locator(SIDEBAR).get_by_text(re.compile("当前用户")).filter(
        has_text=text).first.wait_for(timeout=60_000)


def _wait_cookie(page, timeout_s: float = 20) -> None:
    """The sign-in cookie is written by a component after the sign-in: wait for it before
    opening a URL (a new session, which signs in from the cookie)."""
    for _ in range(int(timeout_s * 4)):
        if any(c["name"] == "kg_session" for c in page.context.cookies()):
            return
        page.wait_for_timeout(250)
    raise AssertionError("no sign-in cookie")


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_anonymous_visitor_sees_only_the_sign_in(app, browser):
    url, _ = app
    with _Context(browser, "anonymous") as page:
        for path in ("/", "/data", "/pipeline", "/admin", "/console"):
            page.goto(url + path)
            _login_form(page)
            assert not page.locator('[data-testid="stSidebarNav"]').count()
            assert not page.locator('[data-testid="stFileUploader"]').count()
            assert not page.get_by_role("heading", name="数据导入").count()
            assert not page.get_by_role("heading", name="搜索与探索").count()
        _shot(page, "sign-in")


def test_viewer_cannot_upload_even_by_going_to_the_page(app, browser):
    url, _ = app
    with _Context(browser, "viewer") as page:
        _sign_in(page, url, "li")
        _signed_in(page, "访客")
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_text("搜索与探索").wait_for()
        assert not nav.get_by_text("数据导入").count() and not nav.get_by_text("用户与审计").count()
        # the hidden page asked for directly: the server does not route it for this role
        # (Streamlit answers "Page not found" and runs the main page, the landing page, instead)
        _wait_cookie(page)
        page.goto(url + "/data")
        page.get_by_role("heading", name=re.compile("招商概览")).wait_for(timeout=60_000)
        _signed_in(page, "访客")
        _settle(page)
        assert not page.locator('[data-testid="stFileUploader"]').count()
        assert not page.get_by_role("heading", name="数据导入").count()
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)
        nav.get_by_text("线索跟进").click()
        page.get_by_role("heading", name="线索跟进").wait_for()
        _settle(page)
        assert not page.get_by_role("button", name="加入跟进").count()  # read-only


def _choose(page, label: str, option: str, tries: int = 3) -> None:
    """Pick `option` in a Streamlit selectbox; the list can close again while the page is
    still re-running (a busy machine), so open it again up to `tries` times."""
    for attempt in range(tries):
        page.get_by_label(label).click()
        try:
            page.get_by_role("option", name=option).click(timeout=10_000)
            return
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: the list closed; retry
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")
            _settle(page)


def test_editor_moves_a_lead_and_history_and_audit_show_who_and_when(app, browser):
    url, _ = app
    with _Context(browser, "editor") as page:
        _sign_in(page, url, "wang")
        _signed_in(page, "王科长")
        page.locator('[data-testid="stSidebarNav"]').get_by_text("线索跟进").click()
        page.get_by_role("heading", name="线索跟进").wait_for()
        _settle(page)
        page.get_by_label("企业（名称或标识）").fill("甲科技有限公司")
        page.get_by_label("备注").first.fill("展会名片")
        page.get_by_role("button", name="加入跟进").click()
        _settle(page)
        page.locator('[data-testid="stDataFrame"]').first.wait_for()
        for stage, note in (("已接触", "电话联系"), ("有意向", "来访考察")):
            _choose(page, "新阶段", stage)
            page.get_by_label("备注").last.fill(note)
            page.get_by_role("button", name="变更阶段").click()
            _settle(page)
            page.get_by_text(f"阶段：{stage}").wait_for()
        _shot(page, "pipeline")
        wants = ("wang", "已接触", "有意向", "电话联系", "来访考察", "待接触")
        text = _grid_text(page, 1, until=wants)
        for want in wants:
            assert want in text, (want, text)
    with _Context(browser, "admin") as admin:
        _sign_in(admin, url, "boss")
        _signed_in(admin, "管理员")
        admin.locator('[data-testid="stSidebarNav"]').get_by_text("用户与审计").click()
        admin.get_by_role("heading", name="用户与审计").wait_for(timeout=60_000)  # first visit: page import
        _settle(admin)
        log = _grid_text(admin, 0, until=("有意向",))
        assert log.count("pipeline.move") == 2 and "pipeline.add" in log and "wang" in log, log
        assert "已接触" in log and "有意向" in log
        _shot(admin, "audit")


def test_two_users_at_once_keep_their_own_sessions(app, browser):
    url, _ = app
    with _Context(browser, "user-a") as a, _Context(browser, "user-b") as b:
        _sign_in(a, url, "wang")
        _sign_in(b, url, "li")
        _signed_in(a, "王科长")
        _signed_in(b, "li")
        a.locator('[data-testid="stSidebarNav"]').get_by_text("线索跟进").click()
        b.locator('[data-testid="stSidebarNav"]').get_by_text("产业链").click()
        _settle(a)
        _settle(b)
        _signed_in(a, "编辑")
        _signed_in(b, "访客")
        assert not a.locator(SIDEBAR).get_by_text("访客").count()
        assert not b.locator(SIDEBAR).get_by_text("王科长").count()
        _wait_cookie(b)
        b.reload()                  # the sign-in cookie brings li back, not wang
        _signed_in(b, "访客")
        assert not b.locator(SIDEBAR).get_by_text("王科长").count()


def test_wrong_passwords_are_throttled_and_never_logged(app, browser):
    url, log_path = app
    with _Context(browser, "throttle") as page:
        for _ in range(3):  # three mistakes are free
            _sign_in(page, url, "li", "wrong-password")
            page.get_by_text("用户名或密码错误").wait_for()
        _sign_in(page, url, "li", "wrong-password")  # the fourth locks the name
        page.get_by_text("登录失败次数过多").wait_for()
        _sign_in(page, url, "li")  # the right password, too soon
        page.get_by_text("登录失败次数过多").wait_for()
        assert not page.locator(SIDEBAR).get_by_text("访客").count()
        _shot(page, "throttled")
    logged = log_path.read_text(encoding="utf-8", errors="replace")
    assert not any(p in logged for p in PASSWORDS.values()) and "wrong-password" not in logged
    assert "k" * 40 not in logged


def _grid_text(page, index: int, timeout_s: float = 45, until: tuple[str, ...] = ()) -> str:
    """A dataframe's cells (Glide draws them on a canvas; its hidden table holds the text),
    once it has drawn some and holds every string in `until` (a re-run can still show the
    previous table for a moment; scrolled into view again while waiting: a re-run can move it).
    Returns what it last read, so the caller's assertion names what was missing."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(index)
    text = ""
    for _ in range(int(timeout_s * 2)):
        grid.scroll_into_view_if_needed()
        text = grid.evaluate("g => [...g.querySelectorAll('td, [role=gridcell]')]"
                             ".map(c => c.textContent).join('|')")
        if text.strip("|") and all(want in text for want in until):
            break
        page.wait_for_timeout(500)
    return text
