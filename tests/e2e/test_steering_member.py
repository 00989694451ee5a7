"""Issue 18, part 5, in the browser at 1280 px and 390 px: a steering-group member's view. Start
names the next meeting and its papers; the overview names topics, draws hidden counts as bands,
folds the tables away; no link a member sees answers 403."""
from selenium.webdriver.common.by import By

from conftest import sign_in_as, wait_for
from test_browser import check_page


def test_a_member_reads_what_matters(server, codes, both_widths):
    driver, narrow = both_widths, both_widths.width < 500
    sign_in_as(driver, server, codes, "steeringMember")
    today = driver.find_element(By.CSS_SELECTOR, "section.today")
    assert "Nächste Sitzung" in today.text
    papers = today.find_elements(By.PARTIAL_LINK_TEXT, "Einladung mit den Beschlussvorlagen")
    if papers:
        papers[0].click()
        wait_for(driver, "h1")
        assert "Einladung" in driver.find_element(By.TAG_NAME, "h1").text
        check_page(driver, narrow)
    driver.get(server.base + "/steering")
    check_page(driver, narrow)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    glance = driver.find_element(By.CSS_SELECTOR, "section.at-a-glance")
    bottom = driver.execute_script("return arguments[0].getBoundingClientRect().bottom", glance)
    print(f"\nSteuerung im Überblick bei {driver.width} px: {height} px hoch, „Auf einen Blick“ endet bei {bottom:.0f} px")
    assert "Nächste Sitzung" in glance.text and "Offene Beschlüsse" in glance.text and "Themen in Arbeit" in glance.text
    if not narrow:
        assert bottom <= driver.execute_script("return window.innerHeight"), "the summary reads in the first screen"
    tables = driver.find_elements(By.CSS_SELECTOR, "details.figure-table")
    assert tables and not any(t.get_attribute("open") for t in tables), "the figure tables are folded under the charts"
    topics = driver.find_element(By.XPATH, "//table[caption[contains(., 'Themen nach Stand')]]").text
    assert "Offene Themen" in topics
    # Every link on the overview opens for the member.
    for href in {a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main a[href^='/'], main a[href^='http']")}:
        if href.startswith(server.base):
            driver.get(href)
            assert "Kein Zugriff" not in driver.find_element(By.TAG_NAME, "h1").text, href
