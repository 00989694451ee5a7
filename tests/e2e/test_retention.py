"""Issue 15, part 1: retention as the data-protection officer and the operator meet it. The officer
holds a case back in the browser (an empty reason is refused, what was typed stays, every state
passes axe) and lifts the hold. Crypto-shredding, drilled with the program: a backup of the case
database taken before `lotse retention run` anonymised a person, put back beside the current key
store, leaves that person unreadable; everyone else reads as before."""
import shutil
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By

from conftest import sign_in_as, wait_for, wait_for_path
from test_api import call
from test_backup import Installation
from test_browser import check_page


def test_the_officer_holds_a_case_with_a_reason_and_lifts_the_hold(server, codes, driver):
    sign_in_as(driver, server, codes, "dataProtection")
    driver.find_element(By.LINK_TEXT, "Löschfristen").click()
    wait_for_path(driver, "/data-protection/retention")
    check_page(driver)
    assert "Lichtenau" in driver.page_source, "the demo's first contact due within the month"
    hold = driver.find_elements(By.CSS_SELECTOR, "main a[href*='/data-protection/retention/hold/']")[-1]
    hold.click()
    wait_for(driver, "textarea#reason")
    check_page(driver)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    assert "Bitte nennen Sie den Grund" in wait_for(driver, ".error-summary").text
    check_page(driver)
    driver.find_element(By.ID, "reason").send_keys("laufendes Widerspruchsverfahren")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_path(driver, "/data-protection/retention")
    assert "Der Fall wird zurückgehalten" in driver.page_source and "laufendes Widerspruchsverfahren" in driver.page_source
    check_page(driver)
    driver.find_element(By.XPATH, "//main//button[starts-with(normalize-space(.), 'Zurückhaltung aufheben')]").click()
    wait_for_path(driver, "/data-protection/retention")
    assert "Die Zurückhaltung ist aufgehoben" in driver.page_source and "laufendes Widerspruchsverfahren" not in driver.page_source


def test_an_older_backup_of_the_case_database_cannot_bring_an_anonymised_person_back(codes):
    installation = Installation()
    backups = Path(tempfile.mkdtemp(prefix="lotse-backups-"))
    try:
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
    finally:
        if installation.process and installation.process.poll() is None:
            installation.stop()
        shutil.rmtree(installation.base_dir, ignore_errors=True)
        shutil.rmtree(backups, ignore_errors=True)
