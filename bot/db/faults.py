"""Storage faults: the database cannot be written right now (read-only, disk full, I/O error).

They are not bugs in a command: the user is told plainly that nothing was stored, the operator
gets the traceback, and the next command works once the fault clears.
"""

from __future__ import annotations

import sqlite3

# SQLite primary result codes (sqlite3.h) that mean "the storage refused", not "the SQL is wrong".
_SQLITE_FAULTS = {
    8: "read-only",  # SQLITE_READONLY
    10: "unreadable or unwritable (an I/O error)",  # SQLITE_IOERR
    13: "full",  # SQLITE_FULL
    14: "unavailable (it cannot be opened)",  # SQLITE_CANTOPEN
}
# PostgreSQL SQLSTATEs with the same meaning (asyncpg errors carry `sqlstate`).
_SQLSTATE_FAULTS = {
    "25006": "read-only",  # read_only_sql_transaction
    "53100": "full",  # disk_full
    "58030": "unreadable or unwritable (an I/O error)",  # io_error
}


def storage_fault(error: BaseException) -> str | None:
    """What is wrong with the storage, if `error` is a storage fault; None otherwise."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return None if code is None else _SQLITE_FAULTS.get(code & 0xFF)
    sqlstate = getattr(error, "sqlstate", None)
    return _SQLSTATE_FAULTS.get(sqlstate) if isinstance(sqlstate, str) else None


def storage_fault_message(kind: str) -> str:
    return (
        f"The bot's storage is {kind} right now, so nothing was stored or changed. "
        "The operator has been told; please try again later."
    )
