"""The public page of every demo municipality in every language: zero WCAG 2.1 A/AA violations
(right-to-left included), no personal data, and a print that fits on one page."""
import base64
import datetime
import json
import re
import urllib.request
from io import BytesIO

import zxingcpp
from PIL import Image

import pytest
from selenium.webdriver.common.by import By

from conftest import axe_violations, describe, make_driver, overflow, WIDTHS
from test_api import call

LANGUAGES = {"de": "ltr", "en": "ltr", "ar": "rtl", "uk": "ltr", "tr": "ltr"}


@pytest.fixture(scope="module")
def municipalities(server, codes):
    admin = server.account("admin")
    status, _, token = call(server, "POST", "/api/v1/auth/token", None, {
        "username": admin["username"], "password": admin["password"], "totpCode": codes.code(admin["username"], admin["totpSecret"])})
    assert status == 201
    status, _, towns = call(server, "GET", "/api/v1/municipalities", token["token"])
    assert status == 200 and len(towns) >= 10
    return [town for town in towns if town["isActive"]]


def pdf_pages(driver):
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False, "paperWidth": 8.27, "paperHeight": 11.69})["data"])
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_every_public_page_in_every_language(server, driver, municipalities):
    secrets = [value for account in server.accounts for value in (account["password"], account["totpSecret"], account["username"])]
    for town in municipalities:
        for code, direction in LANGUAGES.items():
            driver.get(f"{server.base}/public/{town['id']}/{code}")
            html = driver.find_element(By.TAG_NAME, "html")
            assert html.get_attribute("lang") == code and html.get_attribute("dir") == direction
            assert town["name"] in driver.find_element(By.TAG_NAME, "h1").text
            violations = axe_violations(driver)
            assert not violations, f"{town['name']} {code}: {describe(violations)}"
            source = driver.page_source
            assert not any(secret in source for secret in secrets)
            assert pdf_pages(driver) == 1, f"{town['name']} {code} druckt nicht auf eine Seite"


def test_public_pages_on_a_phone_in_every_language(server, municipalities):
    """At 390 px: no sideways scrolling (right to left included) and axe with scrollable regions."""
    driver = make_driver(390, 844)
    try:
        for town in municipalities[:2]:
            for code in LANGUAGES:
                driver.get(f"{server.base}/public/{town['id']}/{code}")
                wider = overflow(driver)
                assert wider <= 1, f"{town['name']} {code} ist bei 390 px um {wider} px zu breit"
                violations = axe_violations(driver)
                assert not violations, f"{town['name']} {code}: {describe(violations)}"
    finally:
        driver.quit()


def test_the_language_links_lead_to_every_other_language(server, driver, municipalities):
    driver.get(f"{server.base}/public/{municipalities[0]['id']}/de")
    links = driver.find_elements(By.CSS_SELECTOR, ".language-nav a")
    assert {link.get_attribute("lang") for link in links} == set(LANGUAGES) - {"de"}


@pytest.mark.parametrize("width", WIDTHS)
def test_an_index_and_readable_addresses_fit_for_a_flyer(server, municipalities, width):
    """/kommunen lists every municipality; its pages have addresses a flyer can print, and the
    page carries that address, as a QR code too, and the day (issue 18, part 6)."""
    driver = make_driver(width, 844 if width < 500 else 900)
    try:
        driver.get(server.base + "/sign-in")
        driver.find_element(By.PARTIAL_LINK_TEXT, "Sprechstunden und Angebote der Kommunen").click()
        assert driver.current_url.endswith("/kommunen")
        assert not axe_violations(driver) and overflow(driver) <= 1
        names = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".place-list > li > a")]
        assert set(town["name"] for town in municipalities) <= set(names), names
        link = driver.find_element(By.XPATH, "//ul[@class='place-list']/li[1]//a[@lang='ar']")
        link.click()
        assert re.search(r"/kommunen/[a-z0-9-]+/ar$", driver.current_url), driver.current_url
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
        violations = axe_violations(driver)
        assert not violations, describe(violations)
        assert overflow(driver) <= 1
        foot = driver.find_element(By.CSS_SELECTOR, ".leaflet-foot")
        assert driver.current_url.split("//")[1].split("/", 1)[1] in foot.text and datetime.date.today().strftime("%d.%m.%Y") in foot.text
        png = foot.find_element(By.CSS_SELECTOR, "svg.qr-code").screenshot_as_png
        decoded = zxingcpp.read_barcodes(Image.open(BytesIO(png)))
        assert decoded and decoded[0].text == driver.current_url, (decoded[0].text if decoded else None, driver.current_url)
        # German data stays marked German, left to right, inside the Arabic page.
        for value in driver.find_elements(By.CSS_SELECTOR, ".hours-list dd"):
            assert value.get_attribute("lang") == "de" and value.get_attribute("dir") == "ltr"
        if width < 500:
            # The services table reflows: no sideways scrolling inside it either.
            for wrapper in driver.find_elements(By.CSS_SELECTOR, ".table-wrapper"):
                assert driver.execute_script("return arguments[0].scrollWidth - arguments[0].clientWidth", wrapper) <= 1
        assert pdf_pages(driver) == 1, "the leaflet with its address still prints on one page"
    finally:
        driver.quit()
