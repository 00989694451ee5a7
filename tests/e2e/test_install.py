"""Issue 14, part 1: Lotse as an operator installs it. `scripts/install` lays out a folder of its own
(here with the build under test instead of a release build, which takes up to 30 minutes); the
installed program, started from a folder that is neither the repository nor the installation,
serves the demo, its public pages, style sheets and the API contract, and a sign-in works in the
browser. The systemd unit is checked with `systemd-analyze verify` where it exists."""
import os
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import pytest

from conftest import BINARY, ROOT, Server, make_driver, sign_in_as
from test_api import call


@pytest.fixture(scope="module")
def installed():
    base = Path(tempfile.mkdtemp(prefix="lotse-install-"))
    prefix = base / "opt" / "lotse"
    result = subprocess.run([str(ROOT / "scripts/install"), str(prefix)], env=dict(os.environ, LOTSE_INSTALL_BINARY=BINARY),
                            capture_output=True, text=True, cwd=base)
    assert result.returncode == 0, result.stderr
    yield prefix
    shutil.rmtree(base, ignore_errors=True)


def test_the_installation_holds_everything_it_needs(installed):
    for path in ("bin/lotse", "Resources/Views/platform", "Resources/Views/cases/consent-forms", "Resources/Translations",
                 "Public/css", "deploy/lotse.service", "deploy/nginx-lotse.conf", "VERSION"):
        assert (installed / path).exists(), path
    contract = installed / "Resources/openapi.yaml"
    assert contract.is_file() and not contract.is_symlink(), "the contract is copied, not linked into the repository"
    # Installing again replaces the installation as a whole and leaves nothing beside it.
    again = subprocess.run([str(ROOT / "scripts/install"), str(installed)], env=dict(os.environ, LOTSE_INSTALL_BINARY=BINARY),
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in installed.parent.iterdir()) == ["lotse"]


def test_the_script_refuses_a_target_inside_the_repository():
    result = subprocess.run([str(ROOT / "scripts/install"), str(ROOT / "build-here")], capture_output=True, text=True,
                            env=dict(os.environ, LOTSE_INSTALL_BINARY=BINARY))
    assert result.returncode == 2 and "nicht im Repository" in result.stderr
    assert not (ROOT / "build-here").exists()


def test_the_installed_program_runs_from_anywhere(installed, codes):
    elsewhere = Path(tempfile.mkdtemp(prefix="lotse-elsewhere-"))
    server = Server(binary=installed / "bin/lotse", cwd=elsewhere)
    driver = make_driver()
    try:
        for path, marker in (("/sign-in", "Anmelden"), ("/css/lotse.css", ":root"), ("/api/v1/openapi.yaml", "openapi:"),
                             ("/metrics", "http_requests_total")):  # from this machine, without a token
            with urllib.request.urlopen(server.base + path, timeout=10) as response:
                assert response.status == 200 and marker in response.read().decode(), path
        sign_in_as(driver, server, codes, "caseManager")
        assert "Fehler" not in driver.title
        driver.get(server.base + "/cases")
        assert "Fälle" in driver.title
        # A public page of a municipality, in a translation read from the installed Resources.
        admin = server.account("admin")
        status, _, token = call(server, "POST", "/api/v1/auth/token", None, {
            "username": admin["username"], "password": admin["password"], "totpCode": codes.code(admin["username"], admin["totpSecret"])})
        assert status == 201
        town = call(server, "GET", "/api/v1/municipalities", token["token"])[2][0]
        with urllib.request.urlopen(f"{server.base}/public/{town['id']}/ar", timeout=10) as response:
            page = response.read().decode()
        assert 'lang="ar"' in page and 'dir="rtl"' in page and town["name"] in page
        errors = [line for line in server.log_path.read_text().splitlines() if '"level":"error"' in line or '"level":"critical"' in line]
        assert not errors, errors[:3]
    finally:
        driver.quit()
        server.stop()
    assert list(elsewhere.iterdir()) == [], "nothing is written to the working directory"


def test_a_wrong_resources_folder_is_refused_in_german(installed):
    result = subprocess.run([str(installed / "bin/lotse"), "serve"], capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, LOTSE_RESOURCES_DIR="/nonexistent", LOTSE_MASTER_KEY="A" * 43 + "="))
    assert result.returncode == 1 and "LOTSE_RESOURCES_DIR=/nonexistent enthält nicht" in result.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze fehlt")
def test_the_systemd_unit_verifies(installed, tmp_path):
    unit = (installed / "deploy/lotse.service").read_text().replace("/opt/lotse/", str(installed) + "/")
    (tmp_path / "lotse.service").write_text(unit)
    result = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "lotse.service")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for setting in ("ProtectSystem=strict", "NoNewPrivileges=yes", "Restart=on-failure", "User=lotse",
                    "ReadWritePaths=/var/lib/lotse /var/lib/lotse-keys"):
        assert setting in unit, setting
