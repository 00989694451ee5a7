"""Issue 18, part 4, in the browser at 1280 px and 390 px: findings into a new topic from the
inbox, a meeting with its time, an agenda worked on (proposal, order), a decision before the
meeting only by circulation, and the topic's next step proposed by the decision."""
import datetime

from selenium.webdriver.common.by import By

from conftest import sign_in_as, wait_for, wait_for_path
from test_browser import check_page
from test_case_flow import fill, submit

IN_A_WEEK = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()


def click_and_wait(driver, element):
    """Sends a form by one of its buttons and waits for the page that answers."""
    driver.execute_script("window.lotseSentFrom = true")
    element.click()
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.lotseSentFrom === undefined"))


def test_from_finding_to_decision(server, codes, both_widths):
    driver, narrow = both_widths, both_widths.width < 500
    sign_in_as(driver, server, codes, "coordinator")
    driver.get(server.base + "/findings")  # any finding: one already in a topic moves to the new one
    check_page(driver, narrow)
    box = driver.find_elements(By.CSS_SELECTOR, "input[name=findingId]")[0]
    description = box.find_element(By.XPATH, "ancestor::tr/td[6]").text
    box.click()
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space(.)='Neues Thema aus den gewählten']"))
    check_page(driver, narrow)
    assert driver.find_element(By.ID, "statement").get_attribute("value") == description, "the new topic starts from the finding's words"
    title = f"Thema aus der Erkenntnis ({driver.width} px)"
    driver.find_element(By.ID, "title").clear()
    fill(driver, {"title": title})
    if driver.find_elements(By.ID, "confirmedNoPersonalData"):
        driver.find_element(By.ID, "confirmedNoPersonalData").click()
    submit(driver)
    if driver.find_elements(By.CSS_SELECTOR, ".error-summary"):
        driver.find_element(By.ID, "confirmedNoPersonalData").click()
        submit(driver)
    wait_for(driver, "[role=status]")
    topic = driver.current_url.split("?")[0]
    driver.get(topic + "/status")
    fill(driver, {"status-analysing": True, "reason": "Erste Analyse"})
    submit(driver)

    # Gremien are in the navigation; a meeting gets a time.
    driver.find_element(By.CSS_SELECTOR, "nav a[href='/bodies']").click()
    wait_for_path(driver, "/bodies")
    driver.find_element(By.CSS_SELECTOR, "main table a[href^='/bodies/']").click()
    driver.find_element(By.PARTIAL_LINK_TEXT, "Sitzung anlegen").click()
    driver.execute_script("arguments[0].value = arguments[1];", driver.find_element(By.ID, "heldOn"), IN_A_WEEK)
    fill(driver, {"startsAt": "14:30", "place": "Kreishaus, Raum 2"})
    submit(driver)
    assert "14:30 Uhr" in wait_for(driver, "p.lead").text
    meeting = driver.current_url.split("?")[0].split("#")[0]
    check_page(driver, narrow)

    for item in ({"title": "Bericht der Koordination"}, {"title": "Vorschlag zum Thema", "proposedResolution": "Die Koordination bildet eine Arbeitsgruppe."}):
        driver.get(meeting + "/agenda")
        fill(driver, item)
        submit(driver)
    wait_for(driver, "ol.agenda")
    click_and_wait(driver, driver.find_elements(By.XPATH, "//ol[@class='agenda']/li[2]//button[starts-with(normalize-space(.), 'Nach oben')]")[0])
    items = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "ol.agenda > li")]
    assert items[0].startswith("Vorschlag zum Thema") and "Beschlussvorschlag: Die Koordination bildet" in items[0], items
    check_page(driver, narrow)
    driver.get(meeting + "/invitation")
    assert "14:30 Uhr" in driver.page_source
    check_page(driver, narrow)

    # Before the meeting a decision needs "im Umlaufverfahren"; then it proposes the topic's step.
    driver.get(meeting + "/decisions")
    topic_option = driver.find_element(By.XPATH, f"//select[@id='topicId']/option[normalize-space(.)='{title}']").get_attribute("value")
    decision = {"text": "Eine Arbeitsgruppe klärt den Bedarf.", "kind-task": True, "owner": "Koordination", "dueOn": IN_A_WEEK, "topicId": ("select", topic_option)}
    fill(driver, decision)
    submit(driver)
    assert "Umlaufverfahren" in wait_for(driver, ".error-summary").text
    assert driver.find_element(By.ID, "text").get_attribute("value") == decision["text"]
    check_page(driver, narrow)
    driver.find_element(By.ID, "byCirculation").click()
    submit(driver)
    assert "Der Beschluss ist gespeichert" in wait_for(driver, "[role=status]").text
    assert "/status" in driver.current_url and driver.find_element(By.ID, "status-body").is_selected()
    assert "Eine Arbeitsgruppe klärt den Bedarf." in driver.find_element(By.ID, "reason").get_attribute("value")
    check_page(driver, narrow)
    submit(driver)
    wait_for(driver, "[role=status]")
    assert driver.current_url.split("?")[0] == topic
