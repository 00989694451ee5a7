"""Issue 14, part 1: the shipped nginx example (`deploy/nginx-lotse.conf`) runs, with TLS, in front
of Lotse started with `LOTSE_TRUSTED_PROXIES=127.0.0.1`, as README "Betrieb" step 3 says. Only
what a real host needs root for is changed: ports, certificate paths, the upstream port and the
IPv6 lines. The clients connect from different loopback addresses (127.0.0.5, 127.0.0.6), so
that what Lotse attributes to a client can be told apart from what it attributes to nginx."""
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ROOT, Server, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not os.access(NGINX, os.X_OK), reason="nginx fehlt (scripts/test installiert nginx-light)")


def replace_once(text, old, new):
    assert text.count(old) == 1, f"deploy/nginx-lotse.conf hat {old!r} nicht genau einmal: Test und Beispiel anpassen"
    return text.replace(old, new)


@pytest.fixture(scope="module")
def proxied():
    base = Path(tempfile.mkdtemp(prefix="lotse-nginx-"))
    os.chmod(base, 0o755)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=lotse.kreis-beispiel.de",
                    "-keyout", str(base / "privkey.pem"), "-out", str(base / "fullchain.pem")], check=True, capture_output=True)
    lotse = Server(extra_env={"LOTSE_TRUSTED_PROXIES": "127.0.0.1", "LOTSE_ANONYMOUS_REQUESTS_PER_MINUTE": "3"})
    http_port, https_port = free_port(), free_port()
    site = (ROOT / "deploy/nginx-lotse.conf").read_text()
    site = replace_once(site, "    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n")
    site = replace_once(site, "    listen [::]:80;\n", "")
    site = replace_once(site, "    listen 443 ssl http2;\n", f"    listen 127.0.0.1:{https_port} ssl http2;\n")
    site = replace_once(site, "    listen [::]:443 ssl http2;\n", "")
    site = replace_once(site, "/etc/ssl/lotse/fullchain.pem", str(base / "fullchain.pem"))
    site = replace_once(site, "/etc/ssl/lotse/privkey.pem", str(base / "privkey.pem"))
    site = replace_once(site, "proxy_pass http://127.0.0.1:8080;", f"proxy_pass http://127.0.0.1:{lotse.port};")
    temp = "".join(f"    {kind}_temp_path {base}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (base / "nginx.conf").write_text(
        ("user root;\n" if os.getuid() == 0 else "") +
        f"pid {base}/nginx.pid;\nerror_log {base}/error.log;\nevents {{}}\nhttp {{\n{temp}{site}\n}}\n")
    checked = subprocess.run([NGINX, "-t", "-p", str(base), "-e", str(base / "error.log"), "-c", str(base / "nginx.conf")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    nginx = subprocess.Popen([NGINX, "-p", str(base), "-e", str(base / "error.log"), "-c", str(base / "nginx.conf"), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while not all(listening(port) for port in (http_port, https_port)):
        assert nginx.poll() is None and time.time() < deadline, (base / "error.log").read_text()
        time.sleep(0.1)
    try:
        yield lotse, http_port, https_port
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        lotse.stop()
        shutil.rmtree(base, ignore_errors=True)


def listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def get(port, path, source, tls=True, headers=None):
    """One request from the loopback address `source`; returns (status, headers)."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's own certificate
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context, source_address=(source, 0))
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", path, headers={"Host": "lotse.kreis-beispiel.de", **(headers or {})})
        response = connection.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        connection.close()


def test_plain_http_is_sent_to_https(proxied):
    _, http_port, _ = proxied
    status, headers = get(http_port, "/cases?x=1", "127.0.0.5", tls=False)
    assert status == 301 and headers["Location"] == "https://lotse.kreis-beispiel.de/cases?x=1"


def test_over_tls_lotse_answers_with_its_own_security_headers_once(proxied):
    _, _, https_port = proxied
    status, headers = get(https_port, "/healthz", "127.0.0.5")
    assert status == 200
    assert headers.get_all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"]
    assert len(headers.get_all("Content-Security-Policy")) == 1 and "default-src" in headers["Content-Security-Policy"]


def test_lotse_sees_each_client_and_knows_the_connection_is_tls(proxied):
    lotse, _, https_port = proxied
    # Through the proxy the browser's cookie is marked Secure (X-Forwarded-Proto from a trusted
    # proxy); directly over plain HTTP it is not.
    status, headers = get(https_port, "/sign-in", "127.0.0.5")
    assert status == 200
    assert "; Secure" in headers["Set-Cookie"] or "; secure" in headers["Set-Cookie"]
    direct = http.client.HTTPConnection("127.0.0.1", lotse.port, timeout=10)
    direct.request("GET", "/sign-in")
    direct_response = direct.getresponse()
    assert "secure" not in direct_response.headers["Set-Cookie"].lower()
    direct.close()

    # The limit of three anonymous requests a minute holds per client address, not per proxy:
    # 127.0.0.5 used one above and reaches the limit; 127.0.0.6 still has its own three, and a
    # forged X-Forwarded-For does not give it new ones (nginx replaces the header).
    assert [get(https_port, "/sign-in", "127.0.0.5")[0] for _ in range(3)] == [200, 200, 429]
    status, headers = get(https_port, "/sign-in", "127.0.0.5")
    assert status == 429 and int(headers["Retry-After"]) > 0
    forged = [get(https_port, "/sign-in", "127.0.0.6", headers={"X-Forwarded-For": f"10.0.0.{n}"})[0] for n in range(4)]
    assert forged == [200, 200, 200, 429]
