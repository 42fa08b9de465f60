"""Live updates on a team project: PostgreSQL ``LISTEN``/``NOTIFY`` (ADR 0106).

Statement-level triggers on the tables the queue and the counts read (pairs, regions,
documents, reviews) send ``pg_notify('culti_changes', <table>)``; the server delivers it when the
writing transaction commits and folds repeats within one transaction, so a batch of a thousand
edits is one message. :class:`ChangeListener` holds its own autocommit connection (never the
pool's) and :meth:`ChangeListener.wait` returns the set of tables changed since the last call.
A file project has no server to listen to; the GUI refreshes it on focus instead.
"""

from __future__ import annotations

from typing import Any

CHANNEL = "culti_changes"
WATCHED = ("pairs", "regions", "documents", "reviews")


def trigger_sql() -> list[str]:
    out = [
        "CREATE OR REPLACE FUNCTION culti_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$"
    ]
    for table in WATCHED:
        out += [
            f"DROP TRIGGER IF EXISTS culti_{table}_changed ON {table}",
            f"CREATE TRIGGER culti_{table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION culti_notify_change()",
        ]
    return out


class ChangeListener:
    """``LISTEN culti_changes`` on a dedicated connection; poll it from a worker thread."""

    def __init__(self, project: Any) -> None:
        import psycopg

        if not project.is_server:
            raise ValueError("live updates need a PostgreSQL project")
        from culti_desktop.core.storage.credentials import ServerKey, session_password

        url = project.engine.url
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        typed = None if url.password else session_password(ServerKey.from_locator(project.locator))
        if typed is not None:  # a password from the keyring or the GUI's prompt (memory only)
            conninfo = psycopg.conninfo.make_conninfo(conninfo, password=typed)
        self._conn = psycopg.connect(
            conninfo, autocommit=True, connect_timeout=10, application_name="culti-listen"
        )
        self._conn.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float = 1.0) -> set[str]:
        """Tables changed by others' commits: blocks up to ``timeout`` s for the first, then drains."""
        changed: set[str] = set()
        for n in self._conn.notifies(timeout=timeout, stop_after=1):
            changed.add(n.payload)
        if changed:
            for n in self._conn.notifies(timeout=0.05):
                changed.add(n.payload)
        return changed

    def close(self) -> None:
        self._conn.close()
