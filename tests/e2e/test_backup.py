"""Issue 14, part 2: the backup drill, on SQLite and on PostgreSQL, with the program as an operator
runs it. A filled Lotse runs; `lotse backup` writes a backup while it runs; a change follows
(over the API); Lotse stops; `lotse restore` puts the backup back; every table of both parts
(case database and key store) equals what it was at the backup, `lotse audit verify` passes, and
the restarted Lotse opens sealed case data with the restored keys. A damaged or incomplete backup
is refused with a German message and changes nothing; a restore while Lotse runs is refused.

PostgreSQL: `scripts/test` gives a throwaway database in LOTSE_DRILL_POSTGRES_URL; without it the
PostgreSQL drill is skipped (and `scripts/test` fails on a skipped drill)."""
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import BINARY, free_port, psql, wait_until_ready
from test_api import call


class Installation:
    """A Lotse installation as the commands see it: environment, data folder, a server to start."""

    def __init__(self, database_url=None):
        self.base_dir = Path(tempfile.mkdtemp(prefix="lotse-drill-"))
        self.data = self.base_dir / "data"
        # The key outside the data folder, as README, "Betrieb" advises: the demo creates it there.
        self.env = dict(os.environ, LOTSE_DATA_DIR=str(self.data), LOTSE_MASTER_KEY_FILE=str(self.base_dir / "keys/master.key"),
                        LOTSE_PASSWORD_COST="4")
        self.env.pop("DATABASE_URL", None)
        if database_url:
            self.env["DATABASE_URL"] = database_url
            # A fresh database each run: the demo creates a new master key.
            psql(database_url, "drop schema if exists public cascade; drop schema if exists lotse_keys cascade; create schema public")
        self.database_url = database_url
        self.process = None

    def lotse(self, *arguments, check=True):
        result = subprocess.run([BINARY, *arguments], env=self.env, cwd=self.base_dir, capture_output=True, text=True, timeout=300)
        if check:
            assert result.returncode == 0, (arguments, result.stdout[-2000:], result.stderr[-2000:])
        return result

    def start(self):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(self.base_dir / "server.log", "a")
        self.process = subprocess.Popen([BINARY, "demo", "--port", str(self.port)], env=self.env, cwd=self.base_dir,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        wait_until_ready(self.base, self.process, self.base_dir / "server.log")
        self.accounts = json.loads((self.data / "demo-accounts.json").read_text())

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def token(self, role, codes):
        account = next(a for a in self.accounts if a["role"] == role)
        status, _, body = call(self, "POST", "/api/v1/auth/token", None, {
            "username": account["username"], "password": account["password"],
            "totpCode": codes.code(account["username"], account["totpSecret"])})
        assert status == 201, body
        return body["token"]

    def tables(self):
        """Every row of every table of both parts, as text, sorted: what must come back."""
        if self.database_url:
            return {schema: postgres_tables(self.database_url, schema) for schema in ("public", "lotse_keys")}
        return {name: sqlite_tables(path) for name, path in (("database", self.data / "lotse.sqlite"),
                                                               ("keyStore", self.data / "keystore/client-keys.sqlite"))}


def sqlite_tables(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        names = [row[0] for row in db.execute("select name from sqlite_master where type = 'table' order by name")]
        return {name: sorted(repr(row) for row in db.execute(f'select * from "{name}"')) for name in names}


def postgres_tables(url, schema):
    names = psql(url, f"select tablename from pg_tables where schemaname = '{schema}' order by 1")
    if not names:
        return {}
    # All tables in one psql call (a call each cost the drill half a minute): each row on one line (as a
    # JSON string, so a newline in a value cannot split it), tagged with its table.
    everything = " union all ".join(f"""select '{name}' || chr(9) || to_json(t::text)::text from "{schema}"."{name}" as t""" for name in names)
    rows = {name: [] for name in names}
    for line in psql(url, everything):
        name, _, row = line.partition("\t")
        rows[name].append(row)
    return {name: sorted(found) for name, found in rows.items()}


def drill(installation, codes):
    installation.start()
    try:
        # The server anchors the chain shortly after it started.
        anchors = installation.data / "audit-anchors"
        deadline = time.time() + 20
        while not list(anchors.glob("audit-anchor-*.json")) and time.time() < deadline:
            time.sleep(0.2)
        manager = installation.token("caseManager", codes)
        status, _, cases = call(installation, "GET", "/api/v1/cases", manager)
        assert status == 200 and cases
        # A case with consent: only such a case takes contacts and holds a sealed identity. Not the
        # demo's restricted one (Art. 18), which takes no contact.
        readable = (call(installation, "GET", f"/api/v1/cases/{c['id']}", manager)[2] or {} for c in cases)
        case_id = next(c["id"] for c in readable if c.get("client") and not c.get("isRestricted"))
        # No request while the backup runs and the tables are read: what the backup holds is
        # exactly what the tables hold now (the tables are read before and after it, and equal).
        before = installation.tables()
        backups = installation.base_dir / "backups"
        written = installation.lotse("backup", str(backups))
        assert "Sicherung angelegt" in written.stdout and "Hauptschlüssel" in written.stdout
        assert installation.tables() == before
        backup = next(backups.iterdir())
        assert (installation.base_dir / "keys/master.key").exists() and not (installation.data / "keys").exists()
        assert not any(f.read_bytes().find((installation.base_dir / "keys/master.key").read_bytes().strip()) >= 0 for f in backup.iterdir()), \
            "the master key is never in a backup"
        assert oct(backup.stat().st_mode & 0o777) == "0o700"
        assert all(oct(f.stat().st_mode & 0o777) == "0o600" for f in backup.iterdir())
        manifest = json.loads((backup / "manifest.json").read_text())
        assert {f["part"] for f in manifest["files"]} == {"database", "keyStore"}

        refused = installation.lotse("restore", str(backup), check=False)
        if not installation.database_url:
            assert refused.returncode == 1 and "Lotse läuft noch" in refused.stderr

        # A change after the backup: a contact in the case, which the restore must take back.
        status, _, answer = call(installation, "POST", f"/api/v1/cases/{case_id}/contact", manager,
                                 {"contactOn": time.strftime("%Y-%m-%d"), "kind": "inPerson", "minutes": 30, "note": "Nach der Sicherung"})
        assert status in (200, 201), answer
        assert installation.tables() != before
        # The server anchored the chain when it started (before the backup); an anchor now holds the change too.
        assert len(list(anchors.glob("audit-anchor-*.json"))) == 1
        assert "Anker geschrieben" in installation.lotse("audit", "anchor").stdout
        assert "2 Anker bestätigt" in installation.lotse("audit", "verify").stdout
    finally:
        installation.stop()

    # A damaged backup (one byte changed) and an incomplete one (the key store missing) are refused.
    changed = installation.tables()
    for damage, message in (("flip", "beschädigt"), ("remove", "unvollständig")):
        broken = installation.base_dir / f"broken-{damage}"
        shutil.copytree(backup, broken)
        part = broken / next(f["name"] for f in manifest["files"] if f["part"] == ("database" if damage == "flip" else "keyStore"))
        if damage == "flip":
            data = bytearray(part.read_bytes())
            data[len(data) // 2] ^= 0xFF
            part.write_bytes(bytes(data))
        else:
            part.unlink()
        result = installation.lotse("restore", str(broken), check=False)
        assert result.returncode == 1 and message in result.stderr and "Es wurde nichts verändert" in result.stderr, result.stderr
        assert installation.tables() == changed

    restored = installation.lotse("restore", str(backup))
    assert "Protokoll intakt" in restored.stdout and "Wiederhergestellt" in restored.stdout
    # The anchor taken after the backup describes entries the restore took back: set aside, kept.
    assert "1 Anker nach dem Stand der Sicherung" in restored.stdout
    assert len(list(anchors.glob("audit-anchor-*.json"))) == 1 and len(list(anchors.glob("vor-wiederherstellung-*/*.json"))) == 1
    assert installation.tables() == before
    assert "Protokoll intakt" in installation.lotse("audit", "verify").stdout

    # The restarted Lotse opens the restored case: its sealed data decrypt with the restored keys.
    installation.start()
    try:
        manager = installation.token("caseManager", codes)
        status, _, case = call(installation, "GET", f"/api/v1/cases/{case_id}", manager)
        assert status == 200 and case["client"]["identity"]["familyName"]
        assert "Nach der Sicherung" not in json.dumps(case)
    finally:
        installation.stop()
    shutil.rmtree(installation.base_dir, ignore_errors=True)


def test_backup_and_restore_on_sqlite(codes):
    drill(Installation(), codes)


def test_backup_and_restore_on_postgresql(codes):
    url = os.environ.get("LOTSE_DRILL_POSTGRES_URL")
    if not url:
        if os.environ.get("LOTSE_DRILL_REQUIRED"):
            pytest.fail("LOTSE_DRILL_POSTGRES_URL fehlt: scripts/test startet PostgreSQL vor diesem Test")
        pytest.skip("LOTSE_DRILL_POSTGRES_URL fehlt (scripts/test setzt es)")
    drill(Installation(url), codes)
