"""Issue 16, part 4 in the browser: the case manager sees the demo's handover of a pre-check to the
Kreis's office in a case of region 1, and is refused a handover in a case without a waiver for that
office (German error, page passes axe); the Stadt's office opens the list (no names), one handover
(the person and the pre-check), is refused feedback without a status, then records the outcome,
which stays in the history. Every page, error states included, passes axe."""
from selenium.webdriver.common.by import By

from conftest import sign_in_as, wait_for, wait_for_path
from test_browser import check_page
from test_case_flow import TODAY, fill, submit


def case_pages(driver, server):
    driver.get(server.base + "/cases")
    return [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main table a[href*='/cases/']")]


def test_the_case_manager_hands_over_only_with_a_waiver(server, codes, driver):
    sign_in_as(driver, server, codes, "caseManager")
    cases = case_pages(driver, server)
    handed, without = None, None
    for case in cases:
        driver.get(case)
        source = driver.page_source
        if "Übergabe an Ausländer- und Einbürgerungsbehörde Kreis Paderborn (Demo)" in source:
            handed = handed or case
        elif "Vorprüfung beginnen" in source and "Verarbeitung eingeschränkt" not in source:
            without = without or case
    assert handed, "the demo handed a pre-check of region 1 over to the Kreis's office"
    assert without, "the demo has a case of region 1 with a client and no handover"

    driver.get(handed)
    assert "übergeben" in driver.page_source
    driver.find_elements(By.PARTIAL_LINK_TEXT, "An die Behörde übergeben")[0].click()
    assert "Eine gültige Schweigepflichtentbindung für diese Behörde liegt vor" in wait_for(driver, "main").text
    assert "Was die Behörde erhält" in driver.page_source
    check_page(driver)
    submit(driver)
    assert "an die Behörde übergeben" in wait_for(driver, ".notice").text
    check_page(driver)

    driver.get(without)
    driver.find_element(By.PARTIAL_LINK_TEXT, "Vorprüfung beginnen").click()
    wait_for(driver, "main form")
    driver.find_element(By.XPATH, "//label[contains(., 'nachhaltiger Integration')]").click()
    submit(driver)
    wait_for(driver, ".notice")
    driver.find_elements(By.PARTIAL_LINK_TEXT, "An die Behörde übergeben")[0].click()
    assert "Achtung" in wait_for(driver, "main").text
    check_page(driver)
    submit(driver)
    assert "liegt keine Schweigepflichtentbindung vor" in wait_for(driver, ".error-summary").text
    check_page(driver)


def test_the_office_reads_a_handover_and_reports_back(server, codes, driver):
    sign_in_as(driver, server, codes, "immigrationOffice")
    driver.find_element(By.LINK_TEXT, "Übergaben").click()
    wait_for_path(driver, "/office/handovers")
    listing = wait_for(driver, "main").text
    assert "Antrag gestellt" in listing and "Okafor" not in listing, "the list names nobody"
    check_page(driver)
    driver.find_elements(By.PARTIAL_LINK_TEXT, "Übergabe öffnen")[0].click()
    page = wait_for(driver, "main").text
    assert "Grace Okafor" in page and "Unterlagen angefordert" in page and "Kita-Betreuung" in page
    check_page(driver)
    submit(driver)
    assert "Bitte wählen Sie die Rückmeldung" in wait_for(driver, ".error-summary").text
    check_page(driver)
    fill(driver, {"status-granted": True, "happenedOn": TODAY, "note": "Aufenthaltserlaubnis nach § 25b erteilt"})
    submit(driver)
    assert "gespeichert" in wait_for(driver, ".notice").text
    assert "Aufenthaltserlaubnis nach § 25b erteilt" in driver.page_source and "Rückmeldung an das Case Management" not in driver.page_source
    check_page(driver)
