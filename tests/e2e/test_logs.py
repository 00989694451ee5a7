"""Runs last (file order): what the server wrote while every other test used it."""
import json


def test_server_logs_are_json_with_request_ids_and_hold_no_secrets(server):
    lines = [line for line in server.log_path.read_text().splitlines() if line.strip()]
    assert lines
    requests = 0
    for line in lines:
        entry = json.loads(line)
        assert "level" in entry and "message" in entry
        if entry["message"] == "request":
            requests += 1
            assert entry["request-id"] and entry["route"] and entry["status"]
            assert "?" not in entry["route"]
    assert requests > 10
    text = server.log_path.read_text()
    for account in server.accounts:
        assert account["password"] not in text
        assert account["totpSecret"] not in text
        assert account["username"] not in text
