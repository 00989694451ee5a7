"""Issue 15, parts 1 and 4: retention and erasure as the data-protection officer, the case manager
and the operator meet them. The officer holds a case back and lifts the hold; the case manager asks
for an erasure and the officer, a second person, approves or rejects it (an empty reason is refused,
every state passes axe). Crypto-shredding, drilled with the program: a backup of the case database
taken before `lotse retention run` anonymised a person, put back beside the current key store,
leaves that person unreadable; a restore of both parts from before an approved erasure does not
bring the person back once `lotse retention run` has read the erasure ledger."""
import datetime
import shutil
import tempfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import sign_in_as, wait_for, wait_for_path
from test_api import call, token_for
from test_backup import Installation
from test_browser import check_page


def wait_for_text(driver, text, timeout=10):
    """A post that returns to the same address: wait until the new page says `text`."""
    WebDriverWait(driver, timeout).until(lambda d: text in d.page_source)


@pytest.fixture
def drill():
    """A Lotse installation of its own (the demo) and a folder for its backups, removed afterwards."""
    installation = Installation()
    installation.backups = Path(tempfile.mkdtemp(prefix="lotse-backups-"))
    yield installation
    if installation.process and installation.process.poll() is None:
        installation.stop()
    shutil.rmtree(installation.base_dir, ignore_errors=True)
    shutil.rmtree(installation.backups, ignore_errors=True)


def give_a_reason(driver, refusal, reason):
    """A form whose one field is a reason: sent empty it is refused (the error state passes axe),
    then sent with `reason`."""
    wait_for(driver, "textarea#reason")
    check_page(driver)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    assert refusal in wait_for(driver, ".error-summary").text
    check_page(driver)
    driver.find_element(By.ID, "reason").send_keys(reason)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()


def a_closed_case_of_the_case_manager(server, codes, family_name):
    """A closed first contact with a client, opened by the test itself: the demo's (Samir Demir) is
    due for deletion, so the server's nightly run at 2:30 Berlin time anonymises it whenever a test
    run crosses that hour (CI did on 02.12.2026)."""
    token, today = token_for(server, codes, "caseManager"), datetime.date.today().isoformat()
    status, _, contacts = call(server, "GET", "/api/v1/brief-contacts", token)
    assert status == 200 and contacts, contacts
    status, _, case = call(server, "POST", "/api/v1/cases", token, {"municipalityId": contacts[0]["municipalityId"],
                                                                    "openedOn": today, "accessChannel": "walkIn", "lifeDomains": ["residence"]})
    assert status == 201, case
    steps = [("consent", {"status": "given", "method": "signedForm", "givenOn": today}),
             ("client", {"givenNames": "Erfunden", "familyName": family_name, "birthDate": "1991-02-03", "confirmNew": True}),
             ("intake", {"intakeOutcome": "informationOnly"}),
             ("close", {"reason": "intakeCompleted", "goalAttainment": "notApplicable"})]
    for step, body in steps:
        status, _, answer = call(server, "POST", f"/api/v1/cases/{case['id']}/{step}", token, body)
        assert status in (200, 201), (step, answer)


def test_the_officer_holds_a_case_with_a_reason_and_lifts_the_hold(server, codes, driver):
    sign_in_as(driver, server, codes, "dataProtection")
    driver.find_element(By.LINK_TEXT, "Löschfristen").click()
    wait_for_path(driver, "/data-protection/retention")
    check_page(driver)
    assert "Lichtenau" in driver.page_source, "the demo's first contact due within the month"
    hold = driver.find_elements(By.CSS_SELECTOR, "main a[href*='/data-protection/retention/hold/']")[-1]
    hold.click()
    give_a_reason(driver, "Bitte nennen Sie den Grund", "laufendes Widerspruchsverfahren")
    wait_for_path(driver, "/data-protection/retention")
    assert "Der Fall wird zurückgehalten" in driver.page_source and "laufendes Widerspruchsverfahren" in driver.page_source
    check_page(driver)
    driver.find_element(By.XPATH, "//main//button[starts-with(normalize-space(.), 'Zurückhaltung aufheben')]").click()
    wait_for_text(driver, "Die Zurückhaltung ist aufgehoben")
    assert "Die Zurückhaltung ist aufgehoben" in driver.page_source and "laufendes Widerspruchsverfahren" not in driver.page_source


def test_an_older_backup_of_the_case_database_cannot_bring_an_anonymised_person_back(codes, drill):
    installation, backups = drill, drill.backups
    installation.start()
    token = installation.token("caseManager", codes)
    status, _, page = call(installation, "GET", "/api/v1/cases?closed=true&limit=200", token)
    assert status == 200
    due = next(c for c in page if "Demir" in (c.get("clientName") or ""))
    other = next(c for c in page if "Haddad" in (c.get("clientName") or ""))
    status, _, case = call(installation, "GET", f"/api/v1/cases/{due['id']}", token)
    assert status == 200 and "Demir" in str(case)

    installation.lotse("backup", str(backups))
    run = installation.lotse("retention", "run")
    assert "Kreis Paderborn:" in run.stdout, run.stdout
    status, _, gone = call(installation, "GET", f"/api/v1/cases/{due['id']}", token)
    assert status == 410 and "anonymisiert" in gone["reason"], gone
    installation.stop()

    # The operator puts back only the case database of the backup; the key store stays current.
    [backup] = list(backups.iterdir())
    for suffix in ("", "-wal", "-shm"):
        (installation.data / f"lotse.sqlite{suffix}").unlink(missing_ok=True)
    shutil.copy(backup / "lotse.sqlite", installation.data / "lotse.sqlite")
    installation.start()
    status, _, unreadable = call(installation, "GET", f"/api/v1/cases/{due['id']}", token)
    assert status == 410 and "Demir" not in str(unreadable), unreadable
    status, _, readable = call(installation, "GET", f"/api/v1/cases/{other['id']}", token)
    assert status == 200 and "Haddad" in str(readable)
    installation.stop()


def test_erasure_is_asked_by_the_case_manager_and_decided_by_a_second_person(server, codes, driver):
    # The data-protection officer approves the demo's waiting request (an invented person).
    sign_in_as(driver, server, codes, "dataProtection")
    driver.find_element(By.LINK_TEXT, "Löschanträge").click()
    wait_for_path(driver, "/data-protection/erasure")
    check_page(driver)
    assert "Antrag der Person (Demo)" in driver.page_source and "Yıldırım" not in driver.page_source
    # Erasing cannot be undone: a page says what it concerns and what follows before the button does it.
    driver.find_element(By.XPATH, "//main//a[starts-with(normalize-space(.), 'Bestätigen')]").click()
    assert "auch nicht aus einer Sicherung" in wait_for(driver, ".notice-warning").text
    check_page(driver)
    driver.find_element(By.XPATH, "//main//button[normalize-space(.)='Löschung endgültig bestätigen']").click()
    wait_for_text(driver, "Die Löschung ist bestätigt")
    assert "Die Löschung ist bestätigt" in driver.page_source and "bestätigt und gelöscht" in driver.page_source
    check_page(driver)

    # The case manager asks for another person: an empty reason is refused, then the request waits.
    a_closed_case_of_the_case_manager(server, codes, "Löschprobe")
    sign_in_as(driver, server, codes, "caseManager")
    driver.get(server.base + "/cases?closed=1")
    driver.find_element(By.XPATH, "//main//tr[td[contains(., 'Löschprobe')]]//a").click()
    driver.find_element(By.PARTIAL_LINK_TEXT, "Löschung der Person beantragen").click()
    give_a_reason(driver, "Bitte geben Sie den Anlass ein", "Antrag der Person vom 30.11.2026")
    assert "Die Löschung ist beantragt" in wait_for(driver, ".notice[role=status]").text

    # The officer rejects it with a reason, in the browser.
    sign_in_as(driver, server, codes, "dataProtection")
    driver.get(server.base + "/data-protection/erasure")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Ablehnen").click()
    give_a_reason(driver, "Bitte geben Sie den Grund der Ablehnung ein", "Aufbewahrungspflicht: laufendes Verfahren")
    wait_for_path(driver, "/data-protection/erasure")
    assert "Der Löschantrag ist abgelehnt" in driver.page_source and "Aufbewahrungspflicht: laufendes Verfahren" in driver.page_source


def test_a_restored_backup_cannot_bring_back_a_person_whose_erasure_was_approved(codes, drill):
    installation, backups = drill, drill.backups
    installation.start()
    manager, officer = installation.token("caseManager", codes), installation.token("dataProtection", codes)
    status, _, page = call(installation, "GET", "/api/v1/cases?closed=true&limit=200", manager)
    person = next(c for c in page if "Yıldırım" in (c.get("clientName") or ""))
    installation.lotse("backup", str(backups))

    status, _, requests = call(installation, "GET", "/api/v1/erasure-requests", officer)
    [waiting] = requests["pending"]
    assert waiting["caseId"] == person["id"]
    status, _, approved = call(installation, "POST", f"/api/v1/erasure-requests/{waiting['id']}/approve", officer)
    assert status == 200 and approved["status"] == "approved", approved
    assert call(installation, "GET", f"/api/v1/cases/{person['id']}", manager)[0] == 410
    installation.stop()

    # Both parts of the older backup come back: the approval with them is gone, the ledger is not.
    [backup] = list(backups.iterdir())
    restored = installation.lotse("restore", str(backup))
    assert "lotse retention run" in restored.stdout, restored.stdout
    installation.lotse("retention", "run")
    installation.start()
    status, _, gone = call(installation, "GET", f"/api/v1/cases/{person['id']}", manager)
    assert status == 410 and "Yıldırım" not in str(gone), gone
    installation.stop()
