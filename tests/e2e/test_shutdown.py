"""Stopping Lotse while it works: SIGTERM (what systemd sends on a restart or a deployment) while
requests that read the database keep arriving on kept-alive connections. Vapor shuts the databases
down before its HTTP server, and until Lotse stopped the server first, every such stop ended in a
crash (Fluent found no database for the requests still coming in)."""
import http.client
import json
import signal
import threading
import time

from conftest import Server


def token(server, codes, role):
    account = server.account(role)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("POST", "/api/v1/auth/token", json.dumps({
        "username": account["username"], "password": account["password"],
        "totpCode": codes.code(account["username"], account["totpSecret"])}), {"Content-Type": "application/json"})
    response = connection.getresponse()
    body = response.read()
    assert response.status in (200, 201), body
    return json.loads(body)["token"]


def test_sigterm_under_load_lets_running_requests_finish_and_exits_cleanly(codes):
    server = Server()
    try:
        bearer = token(server, codes, "caseManager")
        answered, refused, stop = [], [], threading.Event()

        def keep_asking():
            # One kept-alive connection each, as a browser or a reverse proxy holds them.
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            while not stop.is_set():
                try:
                    connection.request("GET", "/api/v1/cases", headers={"Authorization": f"Bearer {bearer}"})
                    response = connection.getresponse()
                    response.read()
                    answered.append((time.monotonic(), response.status))
                    if response.getheader("Connection", "").lower() == "close":
                        connection.close()
                        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                except (OSError, http.client.HTTPException):
                    # The server has stopped accepting: that is how it must refuse, not with a crash.
                    refused.append(time.monotonic())
                    time.sleep(0.05)
                    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)

        workers = [threading.Thread(target=keep_asking) for _ in range(8)]
        for worker in workers:
            worker.start()
        time.sleep(3)
        assert answered, "no request was answered before the stop"
        sent_at = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        exit_code = server.process.wait(timeout=60)
        stop.set()
        for worker in workers:
            worker.join(timeout=40)
        server.log.close()
        log = server.log_path.read_text()
        assert "crashed" not in log and "Fatal error" not in log, log[-3000:]
        assert exit_code == 0, f"exit code {exit_code}: {log[-3000:]}"
        # Every answer, also those given while the server was stopping, is a real one: no 5xx.
        assert all(status == 200 for _, status in answered), sorted({status for _, status in answered})
        assert [t for t, _ in answered if t < sent_at], "the load did not reach the server before the stop"
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
        if not server.log.closed:
            server.log.close()
