"""Issue 16, part 5 in the browser: the Stadt's office opens its backlog page from the offices' list
(the demo's year of figures per procedure), is refused a month that is no month (German error, what
was typed kept), saves one, uploads a CSV file with a wrong line (nothing taken, every wrong line
named) and then a clean one. Every page, error states included, passes axe."""
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import sign_in_as, wait_for, wait_for_path
from test_browser import check_page
from test_case_flow import fill

HEADER = "Monat;Verfahren;Eingänge;Erteilt;Abgelehnt;Zurückgenommen;Anhängig am Monatsende;davon älter als 3 Monate;davon älter als 6 Monate"


def press(driver, label):
    """Sends the form of the button named `label` (the page has two) and waits for the answer."""
    driver.execute_script("window.lotseSentFrom = true")
    driver.find_element(By.XPATH, f"//button[normalize-space(.)='{label}']").click()
    WebDriverWait(driver, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState === 'complete' && !window.lotseSentFrom"))


def upload(driver, path):
    driver.find_element(By.ID, "file").send_keys(str(path))
    press(driver, "Prüfen und übernehmen")


def test_an_office_reports_its_backlog(server, codes, driver, tmp_path):
    sign_in_as(driver, server, codes, "immigrationOffice")
    driver.find_element(By.LINK_TEXT, "Behörden und Voraussetzungen").click()
    wait_for_path(driver, "/offices")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Antragsstau melden").click()
    page = wait_for(driver, "main").text
    assert "Einbürgerung nach dem Staatsangehörigkeitsgesetz" in page and "älter als 6 Monate" in page and "weniger" in page
    check_page(driver)

    fill(driver, {"month": "Frühjahr", "procedure": ("select", "sustainableIntegration"), "received": "7", "pending": "3", "pendingOverThreeMonths": "5"})
    press(driver, "Zahlen speichern")
    errors = wait_for(driver, ".error-summary").text
    assert "Bitte geben Sie den Monat als MM.JJJJ an" in errors and "nicht mehr Anträge älter als 3 Monate" in errors
    assert driver.find_element(By.ID, "received").get_attribute("value") == "7", "what was typed is kept"
    check_page(driver)
    fill(driver, {"month": "01.2025", "pendingOverThreeMonths": "2"})
    press(driver, "Zahlen speichern")
    assert "gespeichert" in wait_for(driver, ".notice").text and "01.2025" in driver.page_source

    wrong = tmp_path / "falsch.csv"
    wrong.write_text(HEADER + "\n02.2025;§ 25b;1;0;0;0;4;5;1\n03.2025;Bleiberecht;1;0;0;0;4;2;1\n", encoding="utf-8")
    upload(driver, wrong)
    summary = wait_for(driver, ".error-summary").text
    assert "2 Zeilen sind fehlerhaft" in summary and "Bleiberecht" in driver.page_source
    assert "02.2025" not in driver.find_element(By.TAG_NAME, "main").text.split("Zahlen eines Monats erfassen")[0], "nothing was taken"
    check_page(driver)
    right = tmp_path / "richtig.csv"
    right.write_text(HEADER + "\n02.2025;§ 25b;1;0;0;0;4;2;1\n03.2025;§ 25b;2;1;0;0;5;2;1\n", encoding="utf-8")
    upload(driver, right)
    assert "Übernommen: 2 Monate neu, 0 ersetzt." in wait_for(driver, "main").text
    check_page(driver)
