"""Issue 18, part 8: the core tasks, counted in page loads and forms sent, at 1280 px and 390 px.
The counts are printed at the end of the run (conftest) and listed in the README. Targets: due
items on Start without a click; a contact in ≤ 2 page loads from the case list; a referral with a
newly recorded waiver in ≤ 5; a finding into a new topic in ≤ 3."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import TASK_COUNTS, sign_in_as, wait_for
from test_browser import check_page
from test_case_flow import fill

TODAY = datetime.date.today().isoformat()


class Steps:
    """Counts what a person does: every page the browser loads, and which of them answer a form."""

    def __init__(self, driver, task, target=None):
        self.driver, self.task, self.target = driver, task, target
        self.loads = self.sends = 0

    def _wait(self, action):
        self.driver.execute_script("window.lotseSentFrom = true")
        action()
        WebDriverWait(self.driver, 10).until(lambda d: d.execute_script("return window.lotseSentFrom === undefined"))
        self.loads += 1

    def follow(self, element):
        self._wait(element.click)

    def send(self, button=None):
        button = button or self.driver.find_elements(By.CSS_SELECTOR, "main form[method=post] button[type=submit]")[-1]
        self._wait(button.click)
        self.sends += 1

    def done(self):
        TASK_COUNTS.append((self.task, self.driver.width, self.loads, self.sends, self.target))
        if self.target is not None:
            assert self.loads <= self.target, (self.task, self.loads)


def test_core_tasks_in_page_loads(server, codes, both_widths):
    driver, narrow = both_widths, both_widths.width < 500
    sign_in_as(driver, server, codes, "caseManager")
    steps = Steps(driver, "Fällige Einträge auf der Startseite (ohne Klick)", 0)
    assert driver.find_elements(By.CSS_SELECTOR, "section.today .today-list a"), "due items are on Start"
    steps.done()

    # A contact from the case list.
    driver.get(server.base + "/cases")
    steps = Steps(driver, "Kontakt festhalten, von der Fallliste aus", 2)
    steps.follow(driver.find_element(By.XPATH, "//main//a[starts-with(normalize-space(.), 'Kontakt festhalten')]"))
    fill(driver, {"minutes": "15", "note": "Telefonat zur Terminabsprache"})
    driver.find_element(By.ID, "kind-phone").click()
    steps.send()
    assert "sind gespeichert" in wait_for(driver, "[role=status]").text
    steps.done()

    # A case from a brief contact, through consent and client.
    driver.get(server.base + "/brief-contacts")
    steps = Steps(driver, "Fall aus einem Kurzkontakt, mit Einverständnis und Person")
    steps.follow(driver.find_element(By.XPATH, "//main//a[normalize-space(.)='Kurzkontakt erfassen']"))
    fill(driver, {"contactOn": TODAY, "accessChannel": ("select", "walkIn"), "lifeDomains-work": True, "outcome-appointmentMade": True})
    Select(driver.find_element(By.ID, "municipalityId")).select_by_index(1)
    steps.send()
    steps.follow(driver.find_elements(By.XPATH, "//main//a[starts-with(normalize-space(.), 'Fall eröffnen')]")[0])
    steps.send()
    steps.follow(driver.find_element(By.CSS_SELECTOR, ".next-step a"))
    fill(driver, {"status-given": True, "method-signedForm": True})
    steps.send()
    steps.follow(driver.find_element(By.CSS_SELECTOR, ".next-step a"))
    family = f"Zählprobe{driver.width}"
    fill(driver, {"givenNames": "Mira", "familyName": family, "gender-female": True})
    steps.send()
    if driver.find_elements(By.ID, "confirmNew"):
        driver.find_element(By.ID, "confirmNew").click()
        steps.send()
    assert family in driver.find_element(By.TAG_NAME, "main").text
    case = driver.current_url.split("?")[0].split("#")[0]
    steps.done()

    # A referral with a newly recorded waiver, from the case list.
    driver.get(server.base + "/cases")
    steps = Steps(driver, "Verweisung mit neu erfasster Schweigepflichtentbindung, von der Fallliste aus", 5)
    steps.follow(driver.find_element(By.CSS_SELECTOR, f"main table a[href='{case.replace(server.base, '')}']"))
    steps.follow(driver.find_element(By.LINK_TEXT, "Verweisung anlegen"))
    Select(driver.find_element(By.ID, "providerId")).select_by_index(1)
    fill(driver, {"lifeDomain": ("select", "work"), "reason": "Beratung zur Anerkennung", "handoverItems-contactData": True, "status-handedOver": True})
    steps.send(driver.find_element(By.XPATH, "//button[normalize-space(.)='Erst die Schweigepflichtentbindung erfassen']"))
    fill(driver, {"purpose": "Beratung zur Anerkennung", "status-given": True, "method-signedForm": True})
    steps.send(driver.find_element(By.XPATH, "//button[normalize-space(.)='Speichern und zurück']"))
    assert driver.find_element(By.ID, "reason").get_attribute("value") == "Beratung zur Anerkennung"
    steps.send(driver.find_element(By.XPATH, "//button[normalize-space(.)='Verweisung speichern']"))
    assert "Die Verweisung ist in Fall" in wait_for(driver, "[role=status]").text
    check_page(driver, narrow)
    steps.done()


def test_coordination_tasks_in_page_loads(server, codes, both_widths):
    driver, narrow = both_widths, both_widths.width < 500
    sign_in_as(driver, server, codes, "coordinator")
    driver.get(server.base + "/findings")  # any finding: one already in a topic moves to the new one
    steps = Steps(driver, "Erkenntnis in ein neues Thema, vom Posteingang aus", 3)
    driver.find_elements(By.CSS_SELECTOR, "input[name=findingId]")[0].click()
    steps.send(driver.find_element(By.XPATH, "//button[normalize-space(.)='Neues Thema aus den gewählten']"))
    driver.find_element(By.ID, "title").clear()
    fill(driver, {"title": f"Gezähltes Thema {driver.width}"})
    if driver.find_elements(By.ID, "confirmedNoPersonalData"):
        driver.find_element(By.ID, "confirmedNoPersonalData").click()
    steps.send()
    if driver.find_elements(By.CSS_SELECTOR, ".error-summary"):
        driver.find_element(By.ID, "confirmedNoPersonalData").click()
        steps.send()
    wait_for(driver, "[role=status]")
    topic_id = driver.current_url.split("?")[0].rsplit("/", 1)[1]
    steps.done()

    # The topic on an agenda and a decision on it (today's meeting of the first body).
    driver.get(server.base + "/bodies")
    driver.find_element(By.CSS_SELECTOR, "main table a[href^='/bodies/']").click()
    driver.find_element(By.PARTIAL_LINK_TEXT, "Sitzung anlegen").click()
    fill(driver, {"place": "Kreishaus"})
    driver.find_elements(By.CSS_SELECTOR, "main form[method=post] button[type=submit]")[-1].click()
    wait_for(driver, "h2#tagesordnung")
    steps = Steps(driver, "Thema auf die Tagesordnung und Beschluss dazu, von der Sitzung aus")
    steps.follow(driver.find_element(By.LINK_TEXT, "Tagesordnungspunkt ergänzen"))
    Select(driver.find_element(By.ID, "topicId")).select_by_value(topic_id)
    steps.send()
    steps.follow(driver.find_element(By.LINK_TEXT, "Beschluss erfassen"))
    fill(driver, {"text": "Die Koordination lädt zum Austausch ein.", "kind-exchangeMeeting": True, "owner": "Koordination", "dueOn": TODAY,
                  "topicId": ("select", topic_id)})
    steps.send()
    assert "Der Beschluss ist gespeichert" in wait_for(driver, "[role=status]").text
    check_page(driver, narrow)
    steps.done()
