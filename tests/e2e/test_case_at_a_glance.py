"""Issue 18, part 3, in the browser at 1280 px and 390 px: Start shows what is due without a click,
a due entry opens the case at that very item, the case page says where the case stands and what
comes next, and saving a step returns to the part that was saved."""
from selenium.webdriver.common.by import By

from conftest import sign_in_as, wait_for
from test_browser import check_page
from test_case_flow import fill, submit, TODAY


def in_view(driver, element):
    """Whether the element's top is on the screen the browser shows."""
    return driver.execute_script("var r = arguments[0].getBoundingClientRect(); return r.top > -2 && r.top < window.innerHeight", element)


def test_start_shows_what_is_due_and_leads_to_the_item(server, codes, both_widths):
    driver, narrow = both_widths, both_widths.width < 500
    sign_in_as(driver, server, codes, "caseManager")
    check_page(driver, narrow)
    today = driver.find_element(By.CSS_SELECTOR, "section.today")
    assert "Heute fällig in Ihren Fällen" in today.text
    entry = today.find_element(By.CSS_SELECTOR, ".today-list a[href*='#']")
    target = entry.get_attribute("href").split("#")[1]
    entry.click()
    item = wait_for(driver, f"[id='{target}']")
    assert in_view(driver, item), f"#{target} ist nicht im sichtbaren Bereich"
    check_page(driver, narrow)  # after: axe scrolls while it checks
    summary = driver.find_element(By.CSS_SELECTOR, "section.case-summary")
    assert "Nächster Schritt" in summary.text or "Phase" in summary.text


def test_the_next_step_and_saving_return_to_the_part(server, codes, both_widths):
    driver, narrow = both_widths, both_widths.width < 500
    sign_in_as(driver, server, codes, "caseManager")
    driver.get(server.base + "/cases")
    # An open case with a client that other tests have not restricted: its row offers a contact.
    driver.find_element(By.XPATH, "//main//tr[.//a[starts-with(normalize-space(.), 'Kontakt festhalten')]]//a[starts-with(@href, '/cases/')]").click()
    summary = wait_for(driver, "section.case-summary")
    assert "Stand des Falls" in summary.text and "Schweigepflichtentbindungen" in summary.text
    # The parts are one click away, and the part's heading is then on the screen.
    summary.find_element(By.LINK_TEXT, "Kontakte").click()
    assert in_view(driver, driver.find_element(By.ID, "kontakte"))
    # The case is open and has a client: a contact can be recorded.
    driver.find_element(By.XPATH, "//main//a[normalize-space(.)='Kontakt festhalten']").click()
    fill(driver, {"minutes": "20", "note": "Kurzes Telefonat"})
    driver.find_element(By.ID, "kind-phone").click()
    submit(driver)
    status = wait_for(driver, "[role=status]")
    assert "sind gespeichert" in status.text
    assert driver.current_url.endswith("#kontakte")
    assert in_view(driver, driver.find_element(By.ID, "kontakte")), "after saving, the saved part is on the screen"
    assert in_view(driver, status), "and so is the message about it"
    check_page(driver, narrow)


def test_a_conference_with_an_organisation_without_waiver_is_no_dead_end(server, codes, both_widths):
    """Issue 18, part 2: the refused conference offers the missing waiver, and comes back filled in."""
    driver, narrow = both_widths, both_widths.width < 500
    sign_in_as(driver, server, codes, "caseManager")
    driver.get(server.base + "/cases")
    case = driver.find_element(By.XPATH, "//main//tr[.//a[starts-with(normalize-space(.), 'Kontakt festhalten')]]//a[starts-with(@href, '/cases/')]").get_attribute("href")
    driver.get(case.split("#")[0].split("?")[0] + "/conference")
    for box in driver.find_elements(By.CSS_SELECTOR, "input[name=participants]"):
        box.click()  # every organisation of the directory: the demo case has waivers for a few only
    fill(driver, {"minutes": f"Abstimmung ({driver.width} px)"})
    driver.find_element(By.XPATH, "//button[normalize-space(.)='Fallkonferenz speichern']").click()
    summary = wait_for(driver, ".error-summary")
    assert "Schweigepflichtentbindung" in summary.text and driver.find_elements(By.CSS_SELECTOR, "button[name=entbindung-fuer]")
    check_page(driver, narrow)
    driver.find_element(By.CSS_SELECTOR, "button[name=entbindung-fuer]").click()
    wait_for(driver, "input[name=herkunft][value=fallkonferenz]")
    check_page(driver, narrow)
    driver.find_element(By.XPATH, "//button[normalize-space(.)='Ohne Erklärung zurück']").click()
    assert wait_for(driver, "#minutes").get_attribute("value") == f"Abstimmung ({driver.width} px)"
    assert driver.find_elements(By.CSS_SELECTOR, "input[name=participants]:checked")
