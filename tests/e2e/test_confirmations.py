"""Issue 18, part 1, in the browser at 1280 px and 390 px: a report draft regenerated only after a
page that names the section it would lose, the old text restored from "Frühere Fassungen",
publishing after a check-your-answers page; each message names what happened to what."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import sign_in_as, wait_for, wait_for_path
from test_browser import check_page
from test_case_flow import submit

# Each width writes its own period's report (the demo has published only 2022/23).
PERIOD = {1280: "2023", 390: "2024"}


def test_regenerate_restore_and_publish_a_report(server, codes, both_widths):
    driver, narrow = both_widths, both_widths.width < 500
    sign_in_as(driver, server, codes, "coordinator")
    driver.get(server.base + "/programme/reports")
    Select(driver.find_element(By.ID, "period")).select_by_value(PERIOD[driver.width])
    submit(driver)
    assert "ist aus den Daten erzeugt" in wait_for(driver, "[role=status]").text
    check_page(driver, narrow)
    report = driver.current_url.split("?")[0]

    driver.find_element(By.LINK_TEXT, "Text bearbeiten").click()
    text = driver.find_element(By.ID, "text")
    text.send_keys("\n\n## Ausblick\n\nVon Hand geschrieben.")
    submit(driver)
    assert "Der Text davor steht unter „Frühere Fassungen“" in wait_for(driver, "[role=status]").text
    assert "Von Hand geschrieben." in driver.find_element(By.CSS_SELECTOR, "article.report").text

    driver.find_element(By.PARTIAL_LINK_TEXT, "Neu aus den Daten erzeugen").click()
    wait_for_path(driver, "/regenerate")
    check_page(driver, narrow)
    row = driver.find_element(By.XPATH, "//main//tr[th[normalize-space(.)='Ausblick']]")
    assert "entfällt" in row.text
    submit(driver)
    assert "neu aus den Daten erzeugt" in wait_for(driver, "[role=status]").text
    assert "Von Hand geschrieben." not in driver.find_element(By.CSS_SELECTOR, "article.report").text

    # The hand-written text is one click away, and comes back whole.
    driver.find_element(By.XPATH, "//section[@aria-labelledby='fassungen']//li[contains(., 'vor dem Neuerzeugen')]/a").click()
    check_page(driver, narrow)
    assert "Von Hand geschrieben." in driver.find_element(By.CSS_SELECTOR, "article.report").text
    submit(driver)
    assert "ist wiederhergestellt" in wait_for(driver, "[role=status]").text
    assert "Von Hand geschrieben." in driver.find_element(By.CSS_SELECTOR, "article.report").text

    driver.find_element(By.PARTIAL_LINK_TEXT, "Veröffentlichen").click()
    wait_for_path(driver, "/publish")
    check_page(driver, narrow)
    assert "Ausblick" in driver.find_element(By.CSS_SELECTOR, ".summary-list").text
    submit(driver)
    assert "ist veröffentlicht und kann nicht mehr geändert werden" in wait_for(driver, "[role=status]").text
    check_page(driver, narrow)
    assert not driver.find_elements(By.LINK_TEXT, "Text bearbeiten")
    assert driver.current_url.split("?")[0] == report
