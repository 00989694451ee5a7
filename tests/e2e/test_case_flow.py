"""A whole case in the browser, from a brief contact to the closure, as a case manager does it:
consent, client, intake, assessment, goal, a referral blocked without and allowed with the
Schweigepflichtentbindung, a case conference, a review, a finding, closure. Every page on the
way, error states included, passes axe. Then the coordinator sees the case without the name."""
import datetime

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import sign_in_as, wait_for, wait_for_path
from test_browser import check_page

TODAY = datetime.date.today().isoformat()


def fill(driver, values):
    """Text and dates by id; ("select", value) picks an option; True clicks a radio or checkbox."""
    for key, value in values.items():
        element = driver.find_element(By.ID, key)
        if value is True:
            element.click()
        elif isinstance(value, tuple):
            Select(element).select_by_value(value[1])
        else:
            element.clear()
            if element.get_attribute("type") == "date":
                # Chromium's date field takes the day as typed digits in the locale's order.
                driver.execute_script("arguments[0].value = arguments[1];", element, value)
            else:
                element.send_keys(value)


def submit(driver):
    """Sends the form and waits until the browser shows the page that answered it: a page that
    already shows an error summary must not be mistaken for the answer. The old page is marked in
    its window, which a new page does not have (watching the old element go stale failed in
    Chromium with an inspector error while the page was being replaced)."""
    driver.execute_script("window.lotseSentFrom = true")
    driver.find_elements(By.CSS_SELECTOR, "main form[method=post] button[type=submit]")[-1].click()
    WebDriverWait(driver, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState === 'complete' && !window.lotseSentFrom"))


def step(driver, base, path, values, expect_error=None):
    """Opens a form page, checks it, fills and sends it; checks the page that follows."""
    driver.get(base + path)
    check_page(driver)
    fill(driver, values)
    submit(driver)
    if expect_error:
        summary = wait_for(driver, ".error-summary")
        assert expect_error in summary.text, summary.text
    else:
        wait_for(driver, ".notice")
    check_page(driver)


def test_a_whole_case_in_the_browser(server, codes, driver):
    base = server.base
    sign_in_as(driver, server, codes, "caseManager")
    driver.get(base + "/brief-contacts/new")
    check_page(driver)
    municipality = Select(driver.find_element(By.ID, "municipalityId")).options[1].get_attribute("value")
    step(driver, base, "/brief-contacts/new", {"municipalityId": ("select", municipality), "lifeDomains-work": True}, expect_error="Zugangsweg")
    assert driver.find_element(By.ID, "lifeDomains-work").is_selected(), "what was entered is kept"
    fill(driver, {"contactOn": TODAY, "accessChannel": ("select", "officeHours"), "outcome-appointmentMade": True})
    submit(driver)
    assert "Der Kurzkontakt ist erfasst" in wait_for(driver, ".notice").text
    check_page(driver)
    # Opening a case cannot be taken back: a page says what follows, then one button opens it.
    driver.find_elements(By.CSS_SELECTOR, "main a[href$='/case']")[0].click()
    wait_for_path(driver, "/case")
    assert "Erstgespräch" in driver.find_element(By.CSS_SELECTOR, "main .notice").text
    check_page(driver)
    submit(driver)
    wait_for(driver, "#einverstaendnis")
    assert "aus dem Kurzkontakt eröffnet" in driver.find_element(By.CSS_SELECTOR, "[role=status]").text
    check_page(driver)
    case = driver.current_url.split("?")[0].replace(base, "")
    number = driver.find_element(By.TAG_NAME, "h1").text.replace("Fall ", "")

    driver.get(base + case + "/consent-form/de")
    check_page(driver)
    assert "Einverständniserklärung zum Case Management" in driver.page_source
    step(driver, base, case + "/consent", {"status-given": True, "method-signedForm": True, "givenOn": TODAY})
    step(driver, base, case + "/client", {"givenNames": "Nadia", "familyName": "Sayegh-Demo", "birthDate": "1985-02-11", "gender-female": True,
                                          "languages": "Arabisch, Französisch", "interpreterNeeded": True, "address": "Birkenweg 2"})
    assert "Nadia Sayegh-Demo" in driver.page_source
    step(driver, base, case + "/intake", {"intakeOutcome-caseManagement": True})
    step(driver, base, case + "/assessment", {"lifeDomain": ("select", "work"), "priority-high": True, "situation": "Ausbildung als Pflegekraft im Herkunftsland",
                                              "needs": "Anerkennung", "resources": "Gute Französischkenntnisse"})
    step(driver, base, case + "/phase", {"phase-goalAgreement": True})
    step(driver, base, case + "/goal", {"lifeDomain": ("select", "work"), "description": "Anerkennung als Pflegefachkraft", "agreedOn": TODAY})
    step(driver, base, case + "/action", {"what": "Unterlagen beglaubigen lassen", "who": "Klientin", "dueOn": TODAY}, )
    step(driver, base, case + "/phase", {"phase-serviceLinking": True})

    # A referral with handover is blocked without the consent for the organisation, kept, then allowed.
    driver.get(base + case + "/referral")
    check_page(driver)
    provider = Select(driver.find_element(By.ID, "providerId")).options[1]
    provider_id, provider_name = provider.get_attribute("value"), provider.text
    referral = {"providerId": ("select", provider_id), "lifeDomain": ("select", "work"), "reason": "Anerkennungsberatung",
                "handoverItems-contactData": True, "status-handedOver": True}
    fill(driver, referral)
    submit(driver)
    summary = wait_for(driver, ".error-summary")
    assert "keine Schweigepflichtentbindung" in summary.text and provider_name in summary.text
    assert driver.find_element(By.ID, "reason").get_attribute("value") == "Anerkennungsberatung"
    check_page(driver)
    # No dead end: the waiver is recorded from here, and the referral comes back as it was typed.
    driver.execute_script("window.lotseSentFrom = true")
    driver.find_element(By.CSS_SELECTOR, "#entbindung button[value=entbindung]").click()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.lotseSentFrom === undefined"))
    check_page(driver)
    blank_waiver = driver.find_element(By.PARTIAL_LINK_TEXT, "zum Ausdrucken").get_attribute("href")
    fill(driver, {"purpose": "Anerkennungsverfahren", "status-given": True, "method-signedForm": True})
    driver.execute_script("window.lotseSentFrom = true")
    driver.find_element(By.XPATH, "//main//button[normalize-space(.)='Speichern und zurück']").click()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.lotseSentFrom === undefined"))
    assert "ist festgehalten" in wait_for(driver, "[role=status]").text
    assert driver.find_element(By.ID, "reason").get_attribute("value") == "Anerkennungsberatung"
    assert driver.find_element(By.ID, "handoverItems-contactData").is_selected()
    check_page(driver)
    submit(driver)
    wait_for(driver, ".notice")
    assert "Die Verweisung ist in Fall" in driver.find_element(By.CSS_SELECTOR, "[role=status]").text
    consent_form = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href*='/form/en']")][0]
    driver.get(consent_form)
    check_page(driver)
    assert "Release from confidentiality" in driver.page_source and provider_name in driver.page_source
    # The form to sign could be printed before anything was recorded, naming the organisation.
    driver.get(blank_waiver)
    check_page(driver)
    assert "Schweigepflichtentbindung" in driver.page_source and provider_name in driver.page_source
    step(driver, base, case + "/conference", {"heldOn": TODAY, f"participants-{provider_id}": True, "minutes": "Absprache zur Anerkennung",
                                              "action1-what": "Termin vereinbaren", "action1-who": "Beratungsstelle", "action1-dueOn": TODAY})
    step(driver, base, case + "/phase", {"phase-monitoring": True})
    step(driver, base, case + "/review", {"dueOn": TODAY})
    driver.get(base + "/cases/due")
    check_page(driver)
    assert number in driver.page_source
    driver.get(base + case)
    review = driver.find_element(By.CSS_SELECTOR, "a[href*='/reviews/']").get_attribute("href").replace(base, "")
    step(driver, base, review, {"heldOn": TODAY})
    step(driver, base, case + "/contact", {"contactOn": TODAY, "kind-phone": True, "minutes": "20", "note": "Rückfrage"})
    # The client's own name is refused outright; another name only warns until the text is checked.
    step(driver, base, case + "/finding", {"category-accessBarrier": True, "lifeDomain": ("select", "work"), "level-state": True,
                                           "description": "Nadia Sajeg wartet"}, expect_error="ohne Personenbezug")
    fill(driver, {"description": "Frau Beispielfrau wartet"})
    submit(driver)
    assert "Personennamen" in wait_for(driver, ".error-summary").text
    check_page(driver)
    fill(driver, {"description": "Anerkennungsverfahren für Pflegeberufe dauern über ein Jahr.", "confirmedNoPersonalData": True})
    submit(driver)
    wait_for(driver, ".notice")
    step(driver, base, case + "/close", {"reason-goalsReached": True, "goalAttainment-mostly": True, "evaluation": "Anerkennung beantragt"})
    assert "Abgeschlossen" in driver.page_source and "Fall wieder öffnen" in driver.page_source

    # Search by name is a POST; the address never holds the name.
    driver.get(base + "/cases")
    fill(driver, {"name": "Sajeg"})
    driver.find_element(By.CSS_SELECTOR, "form[action='/cases/search'] button").click()
    wait_for_path(driver, "/cases/search")
    assert number in driver.page_source and "Sajeg" not in driver.current_url
    check_page(driver)

    # The coordinator sees the case by number, without the person.
    sign_in_as(driver, server, codes, "coordinator")
    driver.get(base + case)
    check_page(driver)
    assert number in driver.page_source and "Sayegh" not in driver.page_source and "Pflegekraft" not in driver.page_source
    driver.get(base + "/cases?closed=1")
    check_page(driver)
    assert number in driver.page_source and "Sayegh" not in driver.page_source


def test_the_coordination_bundles_findings_into_a_topic(server, codes, driver):
    base = server.base
    sign_in_as(driver, server, codes, "coordinator")
    driver.get(base + "/findings?unassigned=1")
    check_page(driver)
    driver.find_elements(By.CSS_SELECTOR, "a[href^='/topics/new?erkenntnis=']")[0].click()
    wait_for(driver, "#title")
    check_page(driver)
    fill(driver, {"title": "Wohnungsmarkt", "statement": "Herr Beispielmann findet keine Wohnung"})
    submit(driver)
    summary = wait_for(driver, ".error-summary")
    assert "Personennamen" in summary.text
    assert driver.find_element(By.ID, "title").get_attribute("value") == "Wohnungsmarkt"
    check_page(driver)
    fill(driver, {"statement": "Kleine bezahlbare Wohnungen fehlen in mehreren Kommunen.", "priority-medium": True})
    submit(driver)
    wait_for(driver, ".notice")
    check_page(driver)
    evidence = driver.find_element(By.CSS_SELECTOR, "dl.summary-list").text
    assert "Erkenntnisse\n1" in evidence, (driver.current_url, evidence)
    topic = driver.current_url.split("?")[0].replace(base, "")
    driver.get(base + topic + "/status")
    assert not driver.find_elements(By.ID, "status-solved"), "only the rungs the ladder allows are offered"
    step(driver, base, topic + "/status", {"status-analysing": True}, expect_error="Begründung")
    fill(driver, {"reason": "Daten aus allen Kommunen anfragen"})
    submit(driver)
    wait_for(driver, ".notice")
    assert "in Analyse" in driver.page_source and "Daten aus allen Kommunen anfragen" in driver.page_source
    check_page(driver)


def test_a_decision_in_the_browser_sets_up_a_working_group(server, codes, driver):
    base = server.base
    sign_in_as(driver, server, codes, "coordinator")
    driver.get(base + "/steering")
    check_page(driver)
    meeting = driver.find_elements(By.CSS_SELECTOR, "a[href^='/meetings/']")[0].get_attribute("href").replace(base, "").split("?")[0]
    step(driver, base, meeting + "/decisions", {"text": "Eine AG Gesundheit klärt Dolmetschkosten.", "kind-setUpWorkingGroup": True},
         expect_error="wer verantwortlich ist")
    assert driver.find_element(By.ID, "text").get_attribute("value") == "Eine AG Gesundheit klärt Dolmetschkosten."
    fill(driver, {"owner": "Koordinierende Stelle", "dueOn": TODAY, "workingGroupName": "AG Dolmetschkosten"})
    # The steering page's first meeting is still to come: only a decision by circulation is possible.
    if driver.find_elements(By.ID, "byCirculation"):
        driver.find_element(By.ID, "byCirculation").click()
    submit(driver)
    wait_for(driver, ".notice")
    check_page(driver)
    driver.get(base + "/bodies")
    assert "AG Dolmetschkosten" in driver.page_source
    check_page(driver)
