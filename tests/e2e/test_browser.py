"""Every page reachable from the navigation, as every demo role, with zero WCAG 2.1 A/AA
violations; the first sign-in with the real QR code; forms in their error state; small screens."""
import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pyotp
import pytest
import zxingcpp
from PIL import Image
from io import BytesIO
from selenium.webdriver.common.by import By

from conftest import axe_violations, describe, make_driver, overflow, sign_in, sign_in_as, wait_for, wait_for_path

ROLES = ["caseManager", "coordinator", "immigrationOffice", "steeringMember", "admin", "dataProtection", "erasureApprover"]


def check_page(driver, narrow=False):
    """What every page must have, besides passing axe; on a phone also no sideways scrolling."""
    # One question to the browser for all of it: each costs a round trip through the driver.
    page = driver.execute_script(
        "return {url: location.href, lang: document.documentElement.getAttribute('lang'), title: document.title,"
        " h1: document.getElementsByTagName('h1').length, skip: !!document.querySelector(\"a.skip-link[href='#inhalt']\"),"
        " main: !!document.querySelector('main#inhalt')}")
    # Public pages and printable consent forms come in several languages; everything else is German.
    several = any(part in page["url"] for part in ("/public/", "/kommunen/", "/consent-form/", "/form/", "/disclosure-form/"))
    assert page["lang"] == "de" or (several and page["lang"]), (page["url"], page["lang"])
    assert page["h1"] == 1, page["url"]
    assert page["title"].endswith("– Lotse"), page["title"]
    assert page["skip"] and page["main"], page
    violations = axe_violations(driver)
    assert not violations, f"{page['url']}: {describe(violations)}"
    if narrow:
        wider = overflow(driver)
        assert wider <= 1, f"{page['url']} ist bei 390 px um {wider} px zu breit"


def check_page_on_a_phone(driver):
    """The page as it is, once more at 390 CSS px (a phone): axe, with scrollable regions that take
    the focus, and no sideways scrolling. Chromium will not make a window that narrow; the viewport
    is emulated, and the page lays itself out again without being loaded again."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": False})
    try:
        check_page(driver, narrow=True)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Half-years in an address ("?from=2022-1&to=2023-2"): the milestone grid links to one more half-year
# either way, so every range would otherwise be a new shape and the crawl would never end there.
HALF_YEAR = re.compile(r"=\d{4}-[12]\b")


def shape_of(path):
    """The address with its ids and half-years replaced: pages of one shape share their template."""
    return HALF_YEAR.sub("=:halbjahr", UUID.sub(":id", path))


def crawl(driver, base, start="/start", limit=300, per_shape=2, on_a_phone_per_shape=1):
    """Follows every same-site link from the start page (breadth first) and checks each page.
    Pages of the same shape (the same address with other ids or half-years, such as the same form in
    another case) are checked `per_shape` times on the desktop and `on_a_phone_per_shape` times at
    390 px: the template is the same, the crawl stays short. Case and topic pages are the exception:
    each case is in another phase and each topic on another step of the ladder, and they show other
    steps (a forwarded topic, for instance, its letter to the state); every one is checked at both widths."""
    seen, queue, visited, shapes, on_a_phone = set(), deque([start]), [], {}, []
    while queue and len(visited) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        shape = shape_of(path)
        every_one = shape in ("/cases/:id", "/topics/:id")
        if shapes.get(shape, 0) >= per_shape and not every_one:
            continue
        driver.get(base + path)
        assert "/sign-in" not in urlparse(driver.current_url).path, f"{path} führte zur Anmeldung"
        check_page(driver)
        if shapes.get(shape, 0) < on_a_phone_per_shape or every_one:
            check_page_on_a_phone(driver)
            on_a_phone.append(path)
        shapes[shape] = shapes.get(shape, 0) + 1
        visited.append(path)
        # One call for all links: asking the browser link by link costs a round trip each.
        for address in driver.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))"):
            href = urlparse(urljoin(driver.current_url, address))
            target = href.path + (("?" + href.query) if href.query else "")
            if href.netloc == urlparse(base).netloc and not href.path.startswith(("/api/", "/css/", "/js/")) \
                    and href.path not in ("/", "/sign-in") and target not in seen:
                queue.append(target)
    return visited, on_a_phone


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_every_role_passes_axe_on_the_desktop_and_a_phone(server, codes, driver, role):
    sign_in_as(driver, server, codes, role)
    visited, on_a_phone = crawl(driver, server.base)
    assert "/start" in visited and "/account" in visited
    # Every shape of page at 390 px too: the phone check is not a sample of the desktop crawl.
    phone_shapes, desktop_shapes = {shape_of(p) for p in on_a_phone}, {shape_of(p) for p in visited}
    assert phone_shapes == desktop_shapes, sorted(desktop_shapes - phone_shapes)
    if role == "admin":
        for expected in ("/admin/organisation", "/admin/users", "/admin/users/new", "/admin/regions/new", "/admin/municipalities/new", "/admin/settings", "/admin/words"):
            assert expected in visited, (expected, visited)
        assert any(p.startswith("/admin/users/") and p.endswith("/deactivate") for p in visited)
        assert any(p.startswith("/admin/municipalities/") and len(p) > 30 for p in visited)
    else:
        # The data-protection officer is the second pair of eyes for roles, and sees nothing else of the administration.
        assert not any(p.startswith("/admin") and p != "/admin/grant-requests" for p in visited), visited
    assert ("/admin/grant-requests" in visited) == (role in ("admin", "dataProtection")), visited
    assert ("/audit" in visited) == (role == "dataProtection"), visited
    if role in ("coordinator", "steeringMember"):
        for shape in ("/steering", "/bodies", "/bodies/:id", "/meetings/:id", "/meetings/:id/invitation", "/decisions"):
            assert any(UUID.sub(":id", p) == shape for p in visited), " ".join([shape] + sorted({UUID.sub(":id", p) for p in visited}))
    cases = [p for p in visited if p.startswith("/cases/") and len(p) == len("/cases/") + 36]
    assert bool(cases) == (role in ("caseManager", "coordinator")), visited
    if role == "caseManager":
        for shape in ("/cases/:id/assessment", "/cases/:id/goal", "/cases/:id/referral", "/cases/:id/conference", "/cases/:id/close",
                      "/cases/:id/consent-form/de", "/cases/:id/consents/:id/form/en", "/cases/:id/reviews/:id", "/brief-contacts/new", "/cases/due",
                      "/requests", "/requests/:id", "/cases/:id/access-export", "/cases/:id/access-request", "/cases/:id/restriction",
                      "/cases/:id/restriction/lift", "/cases/:id/access-requests/:id"):
            assert any(UUID.sub(":id", p) == shape for p in visited), " ".join([shape] + sorted({UUID.sub(":id", p) for p in visited}))
    shapes = {UUID.sub(":id", p) for p in visited}
    expected_office_pages = {
        "admin": ("/offices", "/offices/new", "/offices/:id/edit"),
        "immigrationOffice": ("/offices", "/checklists/:id", "/offices/:id/checklists/new", "/checklists/:id/version",
                              "/office/handovers", "/office/handovers/:id", "/offices/:id/backlog", "/my-meetings", "/my-meetings/:id",
                              "/campaigns", "/campaigns/:id"),
        "caseManager": ("/offices", "/checklists/:id", "/cases/:id/pre-check", "/cases/:id/pre-checks/:id", "/cases/:id/pre-checks/:id/handover"),
        "coordinator": ("/offices", "/checklists/:id", "/campaigns", "/campaigns/:id", "/campaigns/new", "/campaigns/:id/edit",
                        "/campaigns/:id/events/new", "/campaign-events/:id", "/campaigns/:id/materials/new"),
        "steeringMember": ("/campaigns", "/campaigns/:id"),
    }
    for shape in expected_office_pages.get(role, ()):
        assert shape in shapes, (shape, sorted(shapes))
    # Issue 19: the report's standing texts and bringing spreadsheets in.
    expected_history_pages = {"coordinator": ("/import", "/programme/report-texts"), "caseManager": ("/import",)}
    for shape in expected_history_pages.get(role, ()):
        assert shape in shapes, (shape, sorted(shapes))
    if role == "dataProtection":
        for page in ("/data-protection/requests", "/data-protection/record", "/data-protection/retention", "/data-protection/erasure"):
            assert page in visited, (page, visited)
    if role == "erasureApprover":
        # The second person for erasures sees the requests and nothing else of data protection.
        assert "/data-protection/erasure" in visited and not any(p.startswith(("/data-protection/retention", "/data-protection/requests")) for p in visited), visited
    if role == "coordinator":
        assert any(p.endswith("/district-conference") for p in visited), visited
        for shape in ("/findings", "/topics", "/topics/new", "/topics/:id", "/topics/:id/status", "/topics/:id/merge", "/topics/:id/edit",
                      "/bodies/new", "/bodies/:id/members", "/bodies/:id/meetings", "/meetings/:id/agenda", "/meetings/:id/minutes",
                      "/meetings/:id/decisions", "/decisions/:id", "/topics/:id/request", "/topics/:id/letter", "/topics/:id/forwarding"):
            assert any(UUID.sub(":id", p) == shape for p in visited), " ".join([shape] + sorted({UUID.sub(":id", p) for p in visited}))


def test_anonymous_pages_pass_axe(server, driver):
    driver.get(server.base + "/sign-in")
    check_page(driver)
    assert "Demo-Zugänge" in driver.page_source
    assert driver.find_elements(By.CSS_SELECTOR, ".demo-banner")
    driver.get(server.base + "/diese-seite-gibt-es-nicht")
    check_page(driver)
    assert "Vorgangsnummer" in driver.page_source


def test_forms_in_their_error_state_pass_axe_and_keep_input(server, codes, driver):
    driver.get(server.base + "/sign-in")
    driver.find_element(By.ID, "username").send_keys("jemand")
    driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button").click()
    assert wait_for(driver, ".error-summary a[href='#password']")
    assert driver.find_element(By.ID, "username").get_attribute("value") == "jemand"
    # The summary takes the focus, so screen readers announce it (progressive enhancement).
    assert driver.switch_to.active_element.get_attribute("class") == "error-summary"
    check_page(driver)

    sign_in_as(driver, server, codes, "admin")
    driver.get(server.base + "/admin/users/new")
    driver.find_element(By.ID, "displayName").send_keys("Halb Ausgefüllt")
    driver.find_element(By.ID, "username").send_keys("Ungültig!")
    driver.find_element(By.ID, "role-caseManager").click()
    driver.find_element(By.ID, "scope-caseManager-municipalities").click()
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    summary = wait_for(driver, ".error-summary")
    assert "Kleinbuchstaben" in summary.text and "mindestens eine Kommune" in summary.text
    assert driver.find_element(By.ID, "displayName").get_attribute("value") == "Halb Ausgefüllt"
    assert driver.find_element(By.ID, "role-caseManager").is_selected()
    check_page(driver)

    driver.get(server.base + "/admin/regions/new")
    driver.find_element(By.ID, "kind-socialDistrict").click()
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    assert wait_for(driver, ".error-summary a[href='#name']")
    check_page(driver)


def test_first_sign_in_scans_the_real_qr_code(server, codes, driver):
    sign_in_as(driver, server, codes, "admin")
    driver.get(server.base + "/admin/users/new")
    driver.find_element(By.ID, "displayName").send_keys("Neue Koordination")
    driver.find_element(By.ID, "username").send_keys("neue.koordination")
    driver.find_element(By.ID, "role-coordinator").click()
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    one_time = wait_for(driver, ".one-time-password code").text
    assert "zweite Person" in driver.page_source
    check_page(driver)

    # Four eyes: the coordination waits until the data-protection officer confirms it.
    driver.delete_all_cookies()
    sign_in_as(driver, server, codes, "dataProtection")
    driver.get(server.base + "/admin/grant-requests")
    assert "Neue Koordination" in driver.page_source
    check_page(driver)
    driver.find_element(By.XPATH, "//tr[th[contains(., 'Neue Koordination')]]//button[contains(., 'Bestätigen')]").click()
    assert "Die Rolle ist bestätigt" in wait_for(driver, "[role=status]").text
    check_page(driver)

    driver.delete_all_cookies()
    driver.get(server.base + "/sign-in")
    driver.find_element(By.ID, "username").send_keys("neue.koordination")
    driver.find_element(By.ID, "password").send_keys(one_time)
    driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button").click()
    wait_for_path(driver, "/sign-in/new-password")
    check_page(driver)
    for field in ("password", "passwordRepeat"):
        driver.find_element(By.ID, field).send_keys("Leuchtturm-Nebel-Hafen-42")
    driver.find_element(By.CSS_SELECTOR, "main form button").click()
    wait_for_path(driver, "/sign-in/authenticator")
    check_page(driver)

    shown = driver.find_element(By.ID, "totp-secret").text.replace(" ", "")
    png = driver.find_element(By.CSS_SELECTOR, "svg.qr-code").screenshot_as_png
    decoded = zxingcpp.read_barcodes(Image.open(BytesIO(png)))
    assert decoded, "der QR-Code ließ sich nicht lesen"
    uri = decoded[0].text
    assert uri.startswith("otpauth://totp/")
    parsed = pyotp.parse_uri(uri)
    assert parsed.secret == shown
    assert parsed.name == "neue.koordination"
    driver.find_element(By.ID, "code").send_keys(codes.code("neue.koordination", shown))
    driver.find_element(By.CSS_SELECTOR, "main form button").click()
    wait_for_path(driver, "/start")

    sign_in(driver, server, codes, "neue.koordination", "Leuchtturm-Nebel-Hafen-42", shown)
    driver.get(server.base + "/account")
    assert "Koordinierende Stelle" in driver.page_source


def test_code_page_passes_axe(server, codes, driver):
    account = server.account("steeringMember")
    driver.delete_all_cookies()
    driver.get(server.base + "/sign-in")
    driver.find_element(By.ID, "username").send_keys(account["username"])
    driver.find_element(By.ID, "password").send_keys(account["password"])
    driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button").click()
    wait_for_path(driver, "/sign-in/code")
    check_page(driver)
    driver.find_element(By.ID, "code").send_keys("000000")
    driver.find_element(By.CSS_SELECTOR, "main form button").click()
    assert wait_for(driver, ".error-summary")
    check_page(driver)


@pytest.mark.parametrize("width", [320, 640])
def test_small_screens_and_200_percent_zoom_need_no_sideways_scrolling(server, codes, width):
    """320 CSS px is a phone, and 1280 px at 400 % (WCAG 1.4.10); 640 px is 1280 px at 200 %."""
    driver = make_driver()
    # Chromium will not make a window narrower than about 500 px; emulate the viewport instead.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    try:
        sign_in_as(driver, server, codes, "admin")
        for path in ("/start", "/account", "/admin/organisation", "/admin/users", "/admin/users/new"):
            driver.get(server.base + path)
            overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} ist bei {width}px um {overflow}px zu breit"
    finally:
        driver.quit()
