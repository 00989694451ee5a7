"""Shared fixtures of the browser and API tests: a real `lotse demo` on a free loopback port with
its own data folder, a headless Chromium, and sign-in helpers that respect TOTP replay protection."""
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyotp
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

ROOT = Path(__file__).resolve().parents[2]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ALSO_CHECKED = {"scrollable-region-focusable"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BINARY = os.environ.get("LOTSE_BIN", str(ROOT / ".build/debug/lotse"))


def wait_until_ready(base, process, log_path, timeout=90):
    """Until `/readyz` answers 200; fails with the end of the server's log if it ends or never does."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            break
        try:
            if urllib.request.urlopen(base + "/readyz", timeout=2).status == 200:
                return
        except Exception:
            time.sleep(0.05)
    raise RuntimeError("Lotse wurde nicht bereit: " + Path(log_path).read_text()[-3000:])


def psql(url, sql):
    """Runs SQL with psql against a Lotse database URL; the lines of the answer."""
    parts = urllib.parse.urlsplit(url)
    env = dict(os.environ, PGPASSWORD=urllib.parse.unquote(parts.password or ""))
    result = subprocess.run(["psql", "-At", "-h", parts.hostname, "-p", str(parts.port or 5432), "-U", parts.username,
                             "-d", parts.path.lstrip("/"), "-c", sql], env=env, capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


class Server:
    """`lotse demo` (by default the build under test, started in the repository; the installation
    test starts an installed program from elsewhere)."""

    def __init__(self, binary=BINARY, cwd=ROOT, extra_env=None):
        self.data_dir = Path(tempfile.mkdtemp(prefix="lotse-e2e-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.data_dir / "server.log"
        # Without the limit for anonymous requests: schemathesis and the public pages send hundreds a
        # minute from one address. The limit itself is tested at HTTP level (AnonymousFloodTests).
        env = dict(os.environ, LOTSE_DATA_DIR=str(self.data_dir / "data"), LOTSE_ANONYMOUS_REQUESTS_PER_MINUTE="0")
        env.pop("DATABASE_URL", None)
        env.update(extra_env or {})
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([str(binary), "demo", "--port", str(self.port)], cwd=cwd, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        wait_until_ready(self.base, self.process, self.log_path)
        self.accounts = json.loads((self.data_dir / "data/demo-accounts.json").read_text())

    def account(self, role):
        return next(a for a in self.accounts if a["role"] == role)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


# Every (method, path, status) that a test of the API saw answered, for the check that every status
# the contract documents is reached by some test (tests/e2e/test_contract.py).
REACHED_STATUSES = set()


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()


class Codes:
    """Hands out TOTP codes and never the same step twice for one account (Lotse refuses replays).
    Lotse accepts the step after its own too (clock drift), so an account signs in twice within 30
    seconds without waiting: the current step, then the next one. Never the step before: at a step's
    end the server may already be two steps past it. `waited` sums the seconds spent waiting."""

    def __init__(self):
        self.used = {}
        self.waited = 0.0

    def code(self, username, secret):
        totp = pyotp.TOTP(secret)
        # By secret too: the drills' installations have demo accounts of the same names with secrets
        # of their own, and a step used at one server is no replay at another.
        account = (username, secret)
        while True:
            step = int(time.time()) // 30
            candidate = max(self.used.get(account, -1) + 1, step)
            if candidate <= step + 1:
                self.used[account] = candidate
                return totp.at(candidate * 30)
            pause = 30.5 - time.time() % 30
            self.waited += pause
            time.sleep(pause)


ISSUED_CODES = []


@pytest.fixture(scope="session")
def codes():
    issued = Codes()
    ISSUED_CODES.append(issued)
    return issued


# The core tasks as measured by test_task_counts.py: (task, width, page loads, forms sent, target).
TASK_COUNTS = []


def pytest_terminal_summary(terminalreporter):
    """How long the run waited for new TOTP steps (a figure for the test command's duration), and
    the page loads the core tasks took (issue 18, part 8)."""
    for issued in ISSUED_CODES:
        terminalreporter.write_line(f"Wartezeit auf neue TOTP-Schritte: {issued.waited:.0f} s")
    if TASK_COUNTS:
        terminalreporter.write_line("Kernaufgaben: Seitenaufrufe (davon Formulare gesendet), Ziel")
        for task, width, loads, sends, target in TASK_COUNTS:
            goal = f"≤ {target}" if target is not None else "–"
            terminalreporter.write_line(f"  {task:<80} {width:>4} px  {loads:>2} ({sends})  {goal}")


def make_driver(width=1280, height=900):
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={min(width, 1280)},{height}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    if width < 500:
        # Chromium will not make a window narrower than about 500 px; emulate a phone's viewport instead.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    return driver


# The two widths every page is tried at: a desktop and a phone (390 CSS px).
WIDTHS = (1280, 390)


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def both_widths(request):
    """A browser at each width in turn: tests of a task run on the desktop and on a phone."""
    d = make_driver(request.param, 844 if request.param < 500 else 900)
    d.width = request.param
    yield d
    d.quit()


def overflow(driver):
    """How many CSS px the page is wider than the window (sideways scrolling of the whole page)."""
    return driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.fixture
def driver():
    d = make_driver()
    yield d
    d.quit()


def wait_for_path(driver, path, timeout=10):
    """After a click the browser navigates asynchronously; wait until it has arrived."""
    from selenium.webdriver.support.ui import WebDriverWait
    try:
        WebDriverWait(driver, timeout).until(lambda d: d.current_url.split("?")[0].endswith(path))
    except Exception:
        raise AssertionError((driver.current_url, path, driver.find_element(By.TAG_NAME, "main").text[:300]))


def wait_for(driver, css, timeout=10):
    """The element, once the page that shows it has loaded."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def sign_in(driver, server, codes, username, password, secret):
    driver.delete_all_cookies()
    driver.get(server.base + "/sign-in")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]").click()
    wait_for_path(driver, "/sign-in/code")
    driver.find_element(By.ID, "code").send_keys(codes.code(username, secret))
    driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in/code'] button[type=submit]").click()
    wait_for_path(driver, "/start")


# A signed-in session per demo role, reused by the next browser that signs in as that role: each
# real sign-in needs a fresh TOTP step, and waiting for steps made up a third of the run. A session
# that has ended (signed out, expired) is noticed on the first page, and the role signs in again.
SESSIONS = {}


def sign_in_as(driver, server, codes, role):
    account = server.account(role)
    cookie = SESSIONS.get((server.base, role))
    if cookie:
        driver.delete_all_cookies()
        driver.get(server.base + "/kommunen")
        driver.add_cookie(cookie)
        driver.get(server.base + "/start")
        if urllib.parse.urlsplit(driver.current_url).path == "/start":
            return
    sign_in(driver, server, codes, account["username"], account["password"], account["totpSecret"])
    session = driver.get_cookie("lotse_session")
    if session:
        SESSIONS[(server.base, role)] = {key: session[key] for key in ("name", "value", "path") if key in session}


def current_axe_core():
    """axe-selenium-python bundles an axe-core too old to know the WCAG 2.1 tags; the package
    axe-playwright-python ships axe-core 4.x as a plain file, installed without Playwright."""
    import axe_playwright_python
    return str(Path(axe_playwright_python.__file__).with_name("axe.min.js"))


AXE_SOURCE = []


def axe_violations(driver):
    if not AXE_SOURCE:
        AXE_SOURCE.append(Path(current_axe_core()).read_text(encoding="utf-8"))
    # axe-core (half a megabyte) is handed to the browser once per driver, which then evaluates it in
    # every new page itself; sending it with every check cost a crawl a tenth of its time. A page
    # loaded before that (the driver's first check) gets it directly.
    if not getattr(driver, "axe_on_every_page", False):
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": AXE_SOURCE[0]})
        driver.axe_on_every_page = True
    # Called directly: the library's run() formats options as the first argument, which axe
    # takes for a context, and then never answers.
    script = ("var done = arguments[arguments.length - 1];"
              "if (typeof axe === 'undefined') { done({missing: true}); return; }"
              "axe.run(document, arguments[0]).then(function (r) { done(r); }, function (e) { done({error: String(e)}); });")
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "rules": {rule: {"enabled": True} for rule in ALSO_CHECKED},
               "resultTypes": ["violations"]}
    result = driver.execute_async_script(script, options)
    if result.get("missing"):
        driver.execute_script(AXE_SOURCE[0])
        result = driver.execute_async_script(script, options)
    assert "error" not in result, result
    # WCAG 2.1 A/AA, and one rule axe files under best practice (enabled by name, which axe honours
    # over the tags): a region that scrolls sideways, such as a wide table on a phone, must take the
    # keyboard focus, or keyboard users cannot read its end.
    return result["violations"]


def describe(violations):
    return "; ".join(f"{v['id']}: {v['help']} ({len(v['nodes'])}× z. B. {v['nodes'][0]['target']})" for v in violations)
