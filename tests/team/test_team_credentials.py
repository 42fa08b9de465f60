"""Server passwords: libpq first, then this process, the system keyring, then the caller's provider (ADR 0107).

Runs against the throwaway test cluster with a role that has a real ``scram-sha-256`` password
(the cluster's pgpass names only the admin role) and a real keyring backend in a temporary folder.
"""

from __future__ import annotations

import pytest

from culti_desktop.core.errors import ProjectError
from culti_desktop.core.storage import create_project, open_project
from culti_desktop.core.storage.credentials import Credential, PasswordRequest, ServerKey, needs_password


class Answers:
    """A provider that gives the listed answers in turn and records what it was asked."""

    def __init__(self, *answers: Credential | None) -> None:
        self.answers = list(answers)
        self.requests: list[PasswordRequest] = []
        self.stored_when_asked: list[str | None] = []

    def __call__(self, request: PasswordRequest) -> Credential | None:
        import keyring

        self.requests.append(request)
        self.stored_when_asked.append(keyring.get_password(request.key.service, request.key.user))
        return self.answers.pop(0) if self.answers else None


def test_server_key_names_host_port_database_user() -> None:
    key = ServerKey.from_locator("postgresql://anna@db.example:5433/catalogue")
    assert key.service == "culti-desktop:postgresql://db.example:5433/catalogue" and key.user == "anna"
    assert ServerKey.from_locator("postgresql://anna@db/cat").port == 5432
    assert needs_password("fe_sendauth: no password supplied")
    assert not needs_password('database "x" does not exist')


def test_without_a_password_one_clear_line_and_nothing_stored(pg_password_account, file_keyring) -> None:
    url, _pw = pg_password_account
    with pytest.raises(ProjectError) as info:
        create_project(url)
    line = info.value.one_line()
    assert "no password supplied" in line and "keyring" in line and _pw not in line
    assert (
        file_keyring.get_password(ServerKey.from_locator(url).service, ServerKey.from_locator(url).user)
        is None
    )


def test_wrong_password_asks_again_then_keyring_serves_the_next_open(
    pg_password_account, file_keyring
) -> None:
    from culti_desktop.core.storage import credentials
    from culti_desktop.core.storage.notify import ChangeListener

    url, pw = pg_password_account
    key = ServerKey.from_locator(url)
    asked = Answers(Credential("wrong-" + pw, remember=True), Credential(pw, remember=True))
    create_project(url, password_provider=asked).close()
    assert [r.attempt for r in asked.requests] == [1, 2]
    assert asked.requests[0].error is None  # first ask: no password was found
    assert "password authentication failed" in (asked.requests[1].error or "")
    assert asked.stored_when_asked == [None, None]  # the refused password was never stored
    assert file_keyring.get_password(key.service, key.user) == pw
    credentials._session.clear()  # a new process: only the keyring knows the password
    never = Answers()
    with open_project(url, password_provider=never) as p:
        assert p.is_server and pw not in p.locator
        listener = ChangeListener(p)  # live updates connect with the same password
        listener.close()
    assert never.requests == []


def test_wrong_password_then_cancel_stores_nothing(pg_password_account, file_keyring) -> None:
    from culti_desktop.core.storage import credentials

    url, pw = pg_password_account
    key = ServerKey.from_locator(url)
    asked = Answers(Credential("nope", remember=True), None)
    with pytest.raises(ProjectError) as info:
        create_project(url, password_provider=asked)
    assert "password authentication failed" in info.value.one_line() and len(asked.requests) == 2
    assert file_keyring.get_password(key.service, key.user) is None
    assert credentials.session_password(key) is None


def test_unticked_password_lives_only_in_this_process(pg_password_account, file_keyring) -> None:
    from culti_desktop.core.storage import credentials

    url, pw = pg_password_account
    key = ServerKey.from_locator(url)
    create_project(url, password_provider=Answers(Credential(pw, remember=False))).close()
    with open_project(url) as p:  # a background job reopening it: no prompt, no keyring
        assert p.is_server
    assert file_keyring.get_password(key.service, key.user) is None
    credentials._session.clear()
    with pytest.raises(ProjectError):
        open_project(url)


def test_cli_reads_the_keyring_and_never_prompts(pg_password_account, file_keyring, capsys) -> None:
    import json

    from culti_desktop.cli.main import main

    url, pw = pg_password_account
    key = ServerKey.from_locator(url)
    assert main(["init", url]) == 1  # no password anywhere: one line, no prompt
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no password supplied" in err[0]
    file_keyring.set_password(key.service, key.user, pw)  # what `keyring set SERVICE USER` does
    assert main(["init", url]) == 0
    capsys.readouterr()
    assert main(["info", url, "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["project"] == url and pw not in out
