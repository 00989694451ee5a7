"""Issue 16, part 8 in the browser: the exchange meetings of the coordination with the offices are a
body like the others. The Stadt office's demo account is a member and reads the body's meetings
under "Meine Sitzungen" (the minutes and the decision of the last one); the coordination adds a
member with an account (refused without a name, German error). Every page passes axe."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import sign_in_as, wait_for, wait_for_path
from test_browser import check_page
from test_case_flow import fill, submit


def test_an_office_user_reads_the_exchange_meetings(server, codes, driver):
    sign_in_as(driver, server, codes, "immigrationOffice")
    driver.find_element(By.LINK_TEXT, "Meine Sitzungen").click()
    wait_for_path(driver, "/my-meetings")
    assert "Austauschtreffen KIM und Ausländer- und Einbürgerungsbehörden" in wait_for(driver, "main").text
    check_page(driver)
    driver.find_elements(By.PARTIAL_LINK_TEXT, "Sitzung am")[-1].click()
    page = wait_for(driver, "main").text
    assert "Übergaben kommen vollständiger an" in page and "am häufigsten fehlen" in page
    check_page(driver)


def test_the_coordination_seats_an_office_account(server, codes, driver):
    sign_in_as(driver, server, codes, "coordinator")
    driver.get(server.base + "/bodies")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Austauschtreffen KIM").click()
    driver.find_element(By.PARTIAL_LINK_TEXT, "Mitglied hinzufügen").click()
    wait_for(driver, "main form")
    options = [o.text for o in Select(driver.find_element(By.ID, "userId")).options]
    assert any("Aylin" in o for o in options), options
    fill(driver, {"organisation": "Ausländerbehörde"})
    Select(driver.find_element(By.ID, "userId")).select_by_index(1)
    submit(driver)
    assert "Bitte geben Sie den Namen" in wait_for(driver, ".error-summary").text
    check_page(driver)
