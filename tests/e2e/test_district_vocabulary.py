"""Issue 19 in the browser, at 1280 px and 390 px: the district's own words, the staffing tables,
the report's standing texts, bringing spreadsheets in, and a help plan of a district-level
conference with its review. Every page passes axe and has no sideways scrolling on a phone."""
import os
import tempfile

from selenium.webdriver.common.by import By

from conftest import sign_in_as, wait_for
from test_api import call, token_for
from test_browser import check_page
from test_case_flow import submit


def fill(driver, field, text):
    element = driver.find_element(By.ID, field)
    element.clear()
    element.send_keys(text)


def test_the_district_names_its_steering_body_and_blocks(server, codes, both_widths):
    driver, narrow = both_widths, both_widths.width < 500
    sign_in_as(driver, server, codes, "admin")
    driver.get(server.base + "/admin/organisation")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Begriffe des Kreises").click()
    check_page(driver, narrow)
    fill(driver, "steeringBody", "Steuerungsgruppe")
    fill(driver, "blockWord", "M")
    submit(driver)
    assert "2 bis 80 Zeichen" in wait_for(driver, ".error-summary").text
    assert driver.find_element(By.ID, "steeringBody").get_attribute("value") == "Steuerungsgruppe", "what was entered stays"
    check_page(driver, narrow)
    try:
        fill(driver, "blockWord", "Modul")
        driver.find_element(By.CSS_SELECTOR, "input[name=blockNumbering][value=roman]").click()
        submit(driver)
        wait_for(driver, "[role=status]")
        intro = driver.find_element(By.TAG_NAME, "main").text
        assert "Die Steuerungsgruppe hat zweimal getagt." in intro and "Modul II: Case Management" in intro
        driver.get(server.base + "/admin/users")
        assert "Mitglied der Steuerungsgruppe" in driver.find_element(By.TAG_NAME, "main").text
    finally:
        # Back to Paderborn's words for the other tests: empty fields restore the defaults.
        driver.get(server.base + "/admin/words")
        for field in ("steeringBody", "blockWord"):
            driver.find_element(By.ID, field).clear()
        driver.find_element(By.CSS_SELECTOR, "input[name=blockNumbering][value=arabic]").click()
        submit(driver)
        assert "Die Lenkungsgruppe hat zweimal getagt." in wait_for(driver, "main").text


def test_staffing_tables_report_texts_and_import(server, codes, both_widths):
    driver, narrow = both_widths, both_widths.width < 500
    sign_in_as(driver, server, codes, "coordinator")
    driver.get(server.base + "/programme?period=2022")
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Soll und Ist nach Region" in main and "Soll und Ist nach Kommune" in main
    check_page(driver, narrow)

    driver.get(server.base + "/programme/reports")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Texte für den Erfahrungsbericht").click()
    check_page(driver, narrow)
    assert "Sachgebiet" in driver.find_element(By.ID, "organisationalUnit").get_attribute("value"), "the demo keeps seed 000's texts"
    place = driver.find_element(By.ID, "signaturePlace").get_attribute("value")
    fill(driver, "signaturePlace", "Paderborn " * 13)
    submit(driver)
    assert "höchstens 120 Zeichen" in wait_for(driver, ".error-summary").text
    check_page(driver, narrow)
    fill(driver, "signaturePlace", place)
    submit(driver)
    wait_for(driver, "[role=status]")

    driver.get(server.base + "/programme")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Bestand aus Tabellen übernehmen").click()
    check_page(driver, narrow)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as file:
        file.write("Stelle;Baustein;Anstellungsträger;Kommunen;Region;Förderung ab;Förderung bis;Stand ab;Stand;VZÄ;Bemerkung\n")
        file.write("CM Beispiel;9;Kreis;Nirgendwo;;01.01.2021;;01.01.2021;besetzt;1;\n")
        path = file.name
    try:
        driver.find_element(By.ID, "file-positions").send_keys(path)
        driver.find_element(By.CSS_SELECTOR, "form[action='/import/positions'] button[type=submit]").click()
        assert "nicht übernommen" in wait_for(driver, ".error-summary").text
        rejected = driver.find_element(By.CSS_SELECTOR, "main table").text
        assert "„9“ ist unbekannt" in rejected and "Nirgendwo" in rejected
        check_page(driver, narrow)
    finally:
        os.unlink(path)


def test_a_district_conference_agrees_a_help_plan_that_is_reviewed(server, codes, both_widths):
    driver, narrow = both_widths, both_widths.width < 500
    manager = token_for(server, codes, "caseManager")
    status, _, cases = call(server, "GET", "/api/v1/cases", manager)
    assert status == 200
    chosen = None
    for row in cases:
        status, _, detail = call(server, "GET", f"/api/v1/cases/{row['id']}", manager)
        if status != 200 or detail.get("isRestricted") or detail.get("phase", {}).get("code") == "closed":
            continue
        waivers = [c for c in detail.get("consents", []) if c.get("kind", {}).get("code") == "disclosure" and c.get("isValidToday") and c.get("recipientId")]
        if waivers:
            chosen = (row["id"], waivers[0]["recipientId"])
            break
    assert chosen, "the demo has a case with a valid waiver"
    case_id, provider = chosen
    coordinator = token_for(server, codes, "coordinator")
    status, _, body = call(server, "POST", f"/api/v1/cases/{case_id}/district-conference", coordinator,
                           {"heldOn": "2026-11-20", "participants": [provider]})
    assert status == 201, body

    sign_in_as(driver, server, codes, "caseManager")
    driver.get(server.base + f"/cases/{case_id}?teil=fallkonferenzen")
    driver.find_elements(By.PARTIAL_LINK_TEXT, "Hilfeplan festhalten")[-1].click()
    check_page(driver, narrow)
    submit(driver)
    errors = wait_for(driver, ".error-summary").text
    assert "Ziele des Hilfeplans" in errors or "Ziele" in errors
    check_page(driver, narrow)
    fill(driver, "goals", "Ausbildungsplatz sichern")
    fill(driver, "item1-text", "Bewerbungstraining")
    driver.find_element(By.CSS_SELECTOR, f"#item1-providerId option[value='{provider}']").click()
    fill(driver, "dueOn", "2026-12-01")
    submit(driver)
    assert "Der Hilfeplan ist" in wait_for(driver, "[role=status]").text
    plan = driver.find_elements(By.XPATH, "//h4[starts-with(., 'Hilfeplan vom')]")[-1]
    assert plan.is_displayed()
    check_page(driver, narrow)
    driver.find_elements(By.PARTIAL_LINK_TEXT, "Hilfeplan überprüfen")[-1].click()
    check_page(driver, narrow)
    fill(driver, "note", "Bewerbungstraining begonnen")
    submit(driver)
    wait_for(driver, "[role=status]")
    assert "Bewerbungstraining begonnen" in driver.find_element(By.TAG_NAME, "main").text
