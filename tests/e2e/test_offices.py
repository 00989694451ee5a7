"""Issue 16, parts 1 and 2 in the browser: the administration sees the demo's two offices (Kreis and
Stadt Paderborn) and is refused a third one for Paderborn's residence matters; the Stadt's office
keeps its checklists (a new one refused without a requirement, then saved; a new version of the
naturalisation checklist refused when it starts too early); the case manager reads the current
versions with the notice that they are no legal advice, and pre-checks a client in a case (refused
without a checklist chosen), recording what is met and what is missing. Every page, error states
included, passes axe."""
from selenium.webdriver.common.by import By

from conftest import sign_in_as, wait_for, wait_for_path
from test_browser import check_page
from test_case_flow import TODAY, fill, submit


def test_offices_and_their_checklists(server, codes, driver):
    sign_in_as(driver, server, codes, "admin")
    driver.get(server.base + "/offices")
    assert "Stadt Paderborn (Demo)" in driver.page_source and "Kreis Paderborn (Demo)" in driver.page_source
    check_page(driver)
    driver.find_element(By.PARTIAL_LINK_TEXT, "Behörde anlegen").click()
    wait_for(driver, "input#name")
    check_page(driver)
    fill(driver, {"name": "Zweite Ausländerbehörde"})
    for box in driver.find_elements(By.CSS_SELECTOR, "input[name=kinds][value=residence]"):
        box.click()
    paderborn = driver.find_element(By.XPATH, "//label[normalize-space(.)='Paderborn']").get_attribute("for")
    driver.find_element(By.ID, paderborn).click()
    submit(driver)
    assert "schon „Ausländer- und Einbürgerungsbehörde Stadt Paderborn (Demo)“ zuständig" in wait_for(driver, ".error-summary").text
    assert driver.find_element(By.ID, "name").get_attribute("value") == "Zweite Ausländerbehörde", "what was typed is kept"
    check_page(driver)

    sign_in_as(driver, server, codes, "immigrationOffice")
    driver.find_element(By.LINK_TEXT, "Behörden und Voraussetzungen").click()
    wait_for_path(driver, "/offices")
    assert driver.page_source.count("Checkliste anlegen") == 1, "only for the own office"
    driver.find_element(By.PARTIAL_LINK_TEXT, "Checkliste anlegen").click()
    wait_for(driver, "input#title")
    check_page(driver)
    fill(driver, {"procedure-other": True, "title": "Niederlassungserlaubnis (Beispiel aus dem Test)", "item1-legalSource": "§ 9 AufenthG"})
    submit(driver)
    assert "Bitte geben Sie die Voraussetzung in Zeile 1 ein" in wait_for(driver, ".error-summary").text
    check_page(driver)
    fill(driver, {"item1-title": "Fünf Jahre Aufenthaltserlaubnis"})
    submit(driver)
    assert "Niederlassungserlaubnis (Beispiel aus dem Test)" in wait_for(driver, "h1").text
    check_page(driver)

    driver.get(server.base + "/offices")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Einbürgerung (Anspruchseinbürgerung, StAG)").click()
    assert "Fassung 2" in wait_for(driver, ".lead").text and "Beispiel" in driver.page_source
    driver.find_element(By.PARTIAL_LINK_TEXT, "Neue Fassung anlegen").click()
    wait_for(driver, "input#validFrom")
    fill(driver, {"validFrom": "2024-06-27"})
    submit(driver)
    assert "muss nach dem 27.06.2024 beginnen" in wait_for(driver, ".error-summary").text
    check_page(driver)
    fill(driver, {"validFrom": TODAY})
    submit(driver)
    assert "Fassung 3" in wait_for(driver, ".lead").text

    sign_in_as(driver, server, codes, "caseManager")
    driver.find_element(By.LINK_TEXT, "Behörden und Voraussetzungen").click()
    wait_for_path(driver, "/offices")
    assert "Checkliste anlegen" not in driver.page_source
    driver.find_element(By.PARTIAL_LINK_TEXT, "nachhaltiger Integration").click()
    assert "keine Rechtsberatung" in wait_for(driver, "main").text and "Neue Fassung anlegen" not in driver.page_source
    check_page(driver)


def test_a_pre_check_in_the_case(server, codes, driver):
    sign_in_as(driver, server, codes, "caseManager")
    driver.get(server.base + "/cases")
    cases = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main table a[href*='/cases/']")]
    # The first open case with a client that the demo has already pre-checked (it offers a second one).
    for case in cases:
        driver.get(case)
        if "Vorprüfung bearbeiten" in driver.page_source:
            break
    else:
        raise AssertionError("the demo has a pre-checked case in region 1")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Vorprüfung beginnen").click()
    wait_for(driver, "main form")
    check_page(driver)
    submit(driver)
    assert "Bitte wählen Sie eine heute gültige Checkliste" in wait_for(driver, ".error-summary").text
    check_page(driver)
    driver.find_element(By.XPATH, "//label[contains(., 'nachhaltiger Integration')]").click()
    submit(driver)
    wait_for(driver, ".notice")
    driver.find_elements(By.PARTIAL_LINK_TEXT, "Vorprüfung bearbeiten")[0].click()
    wait_for(driver, "main form")
    check_page(driver)
    fill(driver, {"answer1-status-notMet": True, "answer1-note": "Sechs Jahre erst im Frühjahr", "answer1-reviewOn": "2027-03-01"})
    submit(driver)
    wait_for(driver, ".notice")
    assert "Sechs Jahre erst im Frühjahr" in driver.page_source and "01.03.2027" in driver.page_source
    assert driver.current_url.startswith(case)
