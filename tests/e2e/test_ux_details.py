"""Issue 18, details: the focus is readable everywhere, error pages speak in words, texts use one
gender form and no stale promises, at 1280 px and at 390 px."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import sign_in_as


def luminance(css_colour):
    r, g, b = [int(v) / 255 for v in re.findall(r"\d+", css_colour)[:3]]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_a_focused_navigation_link_is_readable(server, codes, both_widths):
    driver = both_widths
    sign_in_as(driver, server, codes, "coordinator")
    body = driver.find_element(By.TAG_NAME, "body")
    checked = 0
    for _ in range(40):
        body.send_keys(Keys.TAB) if checked == 0 and _ == 0 else driver.switch_to.active_element.send_keys(Keys.TAB)
        element = driver.switch_to.active_element
        if driver.execute_script("return !!arguments[0].closest('.main-nav, .site-header')", element) and element.tag_name == "a":
            colour = driver.execute_script("return getComputedStyle(arguments[0]).color", element)
            background = driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor", element)
            assert contrast(colour, background) >= 4.5, (element.text, colour, background)
            checked += 1
    assert checked >= 5


def test_error_pages_have_a_heading_in_words(server, codes, both_widths):
    driver = both_widths
    sign_in_as(driver, server, codes, "steeringMember")
    driver.get(server.base + "/admin/users")
    heading = driver.find_element(By.TAG_NAME, "h1").text
    assert heading == "Kein Zugriff auf diese Seite" and "403" not in heading
    assert "Vorgangsnummer" in driver.page_source


def test_start_makes_no_stale_promise_and_texts_use_the_star_form(server, codes, both_widths):
    driver = both_widths
    sign_in_as(driver, server, codes, "caseManager")
    assert "Ausbaustufen" not in driver.page_source
    driver.get(server.base + "/cases")
    case = driver.find_element(By.CSS_SELECTOR, "main table a[href^='/cases/']").get_attribute("href")
    driver.get(case)
    text = driver.find_element(By.TAG_NAME, "main").text
    assert "Klientin /" not in text and "des Klienten" not in text


def test_radio_buttons_keep_their_size_beside_long_labels(server, codes, both_widths):
    """At 390 px radios beside long labels shrank to 13 px; they keep 1.5 rem (24 px)."""
    driver = both_widths
    sign_in_as(driver, server, codes, "caseManager")
    driver.get(server.base + "/cases")
    case = driver.find_element(By.CSS_SELECTOR, "main table a[href^='/cases/']").get_attribute("href")
    driver.get(case.split("#")[0] + "/close")
    radios = driver.find_elements(By.CSS_SELECTOR, ".radio input[type=radio]")
    assert radios
    for radio in radios:
        assert radio.size["width"] >= 23 and radio.size["height"] >= 23, radio.size
