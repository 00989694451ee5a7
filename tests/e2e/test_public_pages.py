"""The public page of every demo municipality in every language: zero WCAG 2.1 A/AA violations
(right-to-left included), no personal data, and a print that fits on one page."""
import base64
import json
import re
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from conftest import axe_violations, describe, make_driver, overflow
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
