"""Issue 16, part 6 in the browser: the coordination opens the demo's naturalisation campaign (its
events, reach per municipality and flyers), is refused an event with counts before its day (German
error, what was typed kept), records one, and sees the reach on the coverage map; the public page of
a municipality shows the flyers; case management reads the campaign without the forms. Every page,
error states included, passes axe."""
from selenium.webdriver.common.by import By

from conftest import sign_in_as, wait_for, wait_for_path
from test_browser import check_page
from test_case_flow import TODAY, fill, submit


def test_the_coordination_runs_the_campaign(server, codes, driver):
    sign_in_as(driver, server, codes, "coordinator")
    driver.find_element(By.LINK_TEXT, "Einbürgerungskampagne").click()
    wait_for_path(driver, "/campaigns")
    check_page(driver)
    driver.find_element(By.PARTIAL_LINK_TEXT, "Ich bin Paderborner").click()
    page = wait_for(driver, "main").text
    assert "Historisches Rathaus" in page and "Reichweite je Kommune" in page and "Flyer" in page
    check_page(driver)

    driver.find_element(By.LINK_TEXT, "Veranstaltung anlegen").click()
    wait_for(driver, "main form")
    check_page(driver)
    lichtenau = driver.find_element(By.XPATH, "//select[@id='municipalityId']/option[normalize-space(.)='Lichtenau']").get_attribute("value")
    fill(driver, {"kind-consultationDay": True, "heldOn": "2099-01-01", "place": "Rathaus Lichtenau", "municipalityId": ("select", lichtenau),
                  "languages": "Deutsch, Arabisch", "participants": "12"})
    submit(driver)
    assert "erst nach der Veranstaltung" in wait_for(driver, ".error-summary").text
    assert driver.find_element(By.ID, "place").get_attribute("value") == "Rathaus Lichtenau", "what was typed is kept"
    check_page(driver)
    fill(driver, {"heldOn": TODAY})
    submit(driver)
    assert "gespeichert" in wait_for(driver, ".notice").text and "Rathaus Lichtenau" in driver.page_source

    driver.get(server.base + "/coverage")
    row = driver.find_element(By.XPATH, "//tr[th/a[normalize-space(.)='Lichtenau']]")
    assert row.find_elements(By.TAG_NAME, "td")[-1].text == "1 / 12"
    check_page(driver)

    driver.get(server.base + "/campaigns")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Ich bin Paderborner").click()
    driver.find_element(By.LINK_TEXT, "Material hinzufügen").click()
    wait_for(driver, "main form")
    fill(driver, {"title": "Flyer Englisch", "language": "Englisch", "link": "example.org/flyer-en.pdf"})
    submit(driver)
    assert "beginnend mit https://" in wait_for(driver, ".error-summary").text
    check_page(driver)


def test_the_public_page_shows_the_flyers_and_case_management_reads(server, codes, driver):
    sign_in_as(driver, server, codes, "caseManager")
    driver.find_element(By.LINK_TEXT, "Einbürgerungskampagne").click()
    driver.find_element(By.PARTIAL_LINK_TEXT, "Ich bin Paderborner").click()
    wait_for(driver, "main")
    assert "Veranstaltung anlegen" not in driver.page_source and "Kampagne bearbeiten" not in driver.page_source
    check_page(driver)
    driver.get(server.base + "/coverage")
    driver.find_element(By.LINK_TEXT, "Salzkotten").click()
    assert "Bürgerhaus" in wait_for(driver, "main").text
    driver.find_element(By.PARTIAL_LINK_TEXT, "Öffentliche Seite").click()
    text = wait_for(driver, "main").text
    assert "Einbürgerung: Informationen und Flyer" in text and "Flyer: Einbürgerung" in text
    check_page(driver)
