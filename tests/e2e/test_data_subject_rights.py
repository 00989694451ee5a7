"""Issue 15, parts 2, 3 and 5 in the browser: the demo's Leyla Karimi (Altenbeken) has had her phone
number corrected, asked for access twelve days ago and had the processing restricted. The case
manager sees the correction history and the restriction, creates the access export (a printable
page and a JSON file), records that the access was given, lifts the restriction (refused without
the confirmation that the person was told) and restricts again (refused without a reason). The
data-protection officer sees the request with its deadline and the record of processing
activities; the second person for erasures sees the erasure requests and nothing else of data
protection. Every page on the way, error states included, passes axe."""
import json
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By

from conftest import sign_in_as, wait_for, wait_for_path
from test_browser import check_page
from test_case_flow import TODAY, fill, submit


def open_karimi(driver, server):
    driver.get(server.base + "/cases")
    driver.find_element(By.XPATH, "//main//tr[td[contains(., 'Karimi')]]//a").click()
    wait_for(driver, "h1")
    return driver.current_url


def test_the_case_manager_serves_access_rectification_and_restriction(server, codes, driver):
    sign_in_as(driver, server, codes, "caseManager")
    case = open_karimi(driver, server)
    page = driver.page_source
    assert "Verarbeitung eingeschränkt (Art. 18 DSGVO)" in page and "bestreitet die Angabe zum Aufenthaltsstatus" in page
    assert "Berichtigungen (Art. 16 DSGVO)" in page and "0151 00000999" in page and "0151 00000998" in page
    assert "Verweisung anlegen" not in page, "a restricted case offers no step that passes anything on"
    check_page(driver)

    # The access export: every field, printable, and the same as a file.
    driver.find_element(By.PARTIAL_LINK_TEXT, "Auskunft erstellen").click()
    wait_for_path(driver, urllib.parse.urlparse(case).path + "/access-export")
    assert "Auskunft nach Art. 15 DSGVO" in driver.page_source and "Karimi" in driver.page_source and "Speicherdauer" in driver.page_source
    check_page(driver)
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(case + "/access-export.json", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert "attachment" in response.headers["Content-Disposition"]
        exported = json.load(response)
    assert exported["person"]["identity"]["familyName"] == "Karimi" and exported["person"]["identity"]["phone"] == "0151 00000998"

    # The access was given: the day and the way are both needed.
    driver.get(case)
    driver.find_element(By.PARTIAL_LINK_TEXT, "Als erteilt festhalten").click()
    wait_for(driver, "input#fulfilledOn")
    check_page(driver)
    submit(driver)
    assert "Bitte wählen Sie den Weg der Auskunft" in wait_for(driver, ".error-summary").text
    check_page(driver)
    fill(driver, {"fulfilledOn": TODAY, "delivery-inPerson": True})
    submit(driver)
    wait_for(driver, ".notice")
    assert "persönlich übergeben" in driver.page_source

    # Lifting needs the confirmation that the person was told; restricting needs a reason.
    driver.find_element(By.PARTIAL_LINK_TEXT, "Einschränkung der Verarbeitung aufheben").click()
    wait_for(driver, "textarea#reason")
    check_page(driver)
    fill(driver, {"reason": "Bescheid liegt vor, Status geklärt (Demo)"})
    submit(driver)
    assert "unterrichtet wurde" in wait_for(driver, ".error-summary").text
    assert "Bescheid liegt vor" in driver.page_source, "what was typed is kept"
    check_page(driver)
    fill(driver, {"personInformed": True})
    submit(driver)
    assert "Die Einschränkung ist aufgehoben" in wait_for(driver, "[role=status]").text
    assert "Verweisung anlegen" in driver.page_source
    driver.find_element(By.PARTIAL_LINK_TEXT, "Verarbeitung einschränken").click()
    wait_for(driver, "textarea#reason")
    check_page(driver)
    submit(driver)
    assert "Bitte geben Sie den Anlass der Einschränkung ein" in wait_for(driver, ".error-summary").text
    check_page(driver)
    fill(driver, {"reason": "Die Person braucht die Angaben für ein Widerspruchsverfahren (Demo)."})
    submit(driver)
    assert "Die Verarbeitung ist eingeschränkt" in wait_for(driver, "[role=status]").text
    check_page(driver)


def test_the_officer_sees_requests_and_the_record_and_the_second_person_only_erasures(server, codes, driver):
    sign_in_as(driver, server, codes, "dataProtection")
    driver.find_element(By.LINK_TEXT, "Anfragen Betroffener").click()
    wait_for_path(driver, "/data-protection/requests")
    assert "Auskunftsersuchen" in driver.page_source and "Karimi" not in driver.page_source
    check_page(driver)
    driver.find_element(By.PARTIAL_LINK_TEXT, "Verzeichnis der Verarbeitungstätigkeiten").click()
    wait_for_path(driver, "/data-protection/record")
    assert "Technische und organisatorische Maßnahmen" in driver.page_source and "Kreis Paderborn" in driver.page_source
    check_page(driver)

    sign_in_as(driver, server, codes, "erasureApprover")
    links = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "nav a")]
    assert "Löschanträge" in links and "Löschfristen" not in links and "Anfragen Betroffener" not in links, links
    driver.find_element(By.LINK_TEXT, "Löschanträge").click()
    wait_for_path(driver, "/data-protection/erasure")
    check_page(driver)
