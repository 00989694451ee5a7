"""Stopping Lotse while it works: SIGTERM (what systemd sends on a restart or a deployment) while
requests that read the database keep arriving on kept-alive connections and other clients leave
before their answer. Vapor shuts the databases down before its HTTP server; until Lotse stopped the
server and waited for every running request first, such a stop ended in a crash (Fluent found no
database for the requests still running)."""
import http.client
import json
import signal
import socket
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
        answered, stop = [], threading.Event()

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
                    time.sleep(0.05)
                    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)

        def ask_and_leave():
            # A client that goes before its answer (a closed tab, a load generator at its end): the
            # request runs on in Lotse without a connection, and the stop must wait for it too.
            while not stop.is_set():
                try:
                    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
                        raw.sendall(f"GET /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {bearer}\r\n\r\n".encode())
                    left.append(time.monotonic())
                except OSError:
                    time.sleep(0.05)
                time.sleep(0.02)

        left = []
        workers = [threading.Thread(target=keep_asking) for _ in range(6)] + [threading.Thread(target=ask_and_leave) for _ in range(3)]
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
        assert [t for t in left if t < sent_at], "no client left before its answer"
        # The requests of the clients that left were answered too (into the void), none cut off.
        assert log.count('"message":"request"') >= len(answered) + len([t for t in left if t < sent_at]) // 2, log[-3000:]
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
        if not server.log.closed:
            server.log.close()
