"""Numbered schema steps; `PRAGMA user_version` says how many of them a store has been through.

Rules for adding a step (never edit a released one):
- append a function to STEPS; it receives a connection already inside `BEGIN IMMEDIATE` and must
  not commit: use `run_script()` or `conn.execute()`, never `conn.executescript()` (Python's
  sqlite3 commits the open transaction before running a script, which would make the step
  half-applied if it then failed);
- for a table rebuild follow https://www.sqlite.org/lang_altertable.html#otheralter — foreign
  keys are already off while migrating and are checked before the step commits;
- add `tests/data/stores/v<N>.sqlite3` made by `tests/store/make_store_fixture.py`, so the
  upgrade from every released schema stays tested.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

Step = Callable[[sqlite3.Connection], None]

APPLICATION_ID = 0x43543230  # "CT20" in the file header, so `file` and we can tell our stores


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run the statements of a script one by one, inside the caller's transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement at the end of a script: {statement!r}")


_V1 = """
CREATE TABLE reports (
    id TEXT PRIMARY KEY NOT NULL,
    form_id TEXT NOT NULL,
    form_version TEXT NOT NULL,
    org_id TEXT NOT NULL,
    period TEXT NOT NULL,
    reference TEXT,
    deadline TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    supersedes TEXT REFERENCES reports (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    trashed_at TEXT,
    change_seq INTEGER NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX reports_change_seq ON reports (change_seq);
CREATE INDEX reports_org_form_period ON reports (org_id, form_id, period);

-- The current values: one row, read in one go. Kept apart from `reports` so listing reports
-- never touches the (large) values.
CREATE TABLE report_values (
    report_id TEXT PRIMARY KEY NOT NULL REFERENCES reports (id),
    data TEXT NOT NULL
);

-- Every saved state, full snapshots, append-only.
CREATE TABLE report_history (
    report_id TEXT NOT NULL REFERENCES reports (id),
    seq INTEGER NOT NULL CHECK (seq >= 1),
    saved_at TEXT NOT NULL,
    source TEXT NOT NULL,
    note TEXT,
    size INTEGER NOT NULL,
    encoding TEXT NOT NULL CHECK (encoding IN ('json', 'zlib+json')),
    snapshot BLOB NOT NULL,
    PRIMARY KEY (report_id, seq)
);

CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    report_id TEXT,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_report ON audit_log (report_id, id);

-- The promises of the store, kept by the database itself as well as by the Python code.
CREATE TRIGGER reports_never_deleted BEFORE DELETE ON reports
BEGIN SELECT RAISE(ABORT, 'reports are never deleted; trash them'); END;

CREATE TRIGGER submitted_stays_submitted BEFORE UPDATE OF status ON reports
WHEN OLD.status = 'submitted' AND NEW.status <> 'submitted'
BEGIN SELECT RAISE(ABORT, 'a submitted report stays submitted'); END;

CREATE TRIGGER submitted_values_frozen BEFORE UPDATE ON report_values
WHEN (SELECT status FROM reports WHERE id = OLD.report_id) = 'submitted'
BEGIN SELECT RAISE(ABORT, 'the values of a submitted report are frozen'); END;

CREATE TRIGGER report_values_never_deleted BEFORE DELETE ON report_values
BEGIN SELECT RAISE(ABORT, 'report values are never deleted'); END;

CREATE TRIGGER history_no_update BEFORE UPDATE ON report_history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

CREATE TRIGGER history_no_delete BEFORE DELETE ON report_history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


def _step_1_initial(conn: sqlite3.Connection) -> None:
    run_script(conn, _V1)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


_V2 = """
-- The exact bytes of every package exported from a report (one per report: a submitted report
-- changes only through a new revision, which is another report).
CREATE TABLE packages (
    report_id TEXT PRIMARY KEY NOT NULL REFERENCES reports (id),
    revision INTEGER NOT NULL CHECK (revision >= 1),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    size INTEGER NOT NULL CHECK (size = length(bytes)),
    bytes BLOB NOT NULL,
    signer TEXT NOT NULL DEFAULT '{}',
    signed_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX packages_sha256 ON packages (sha256);

-- Root certificates the user trusts (e.g. the national root and VGCA); id = SHA-256 of the DER.
CREATE TABLE trust_roots (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 64),
    subject TEXT NOT NULL,
    not_after TEXT NOT NULL,
    pem TEXT NOT NULL,
    added_at TEXT NOT NULL
);

-- A kept package is the evidence of what was sent: never changed, never deleted.
CREATE TRIGGER packages_no_update BEFORE UPDATE ON packages
BEGIN SELECT RAISE(ABORT, 'a kept package is never changed'); END;

CREATE TRIGGER packages_no_delete BEFORE DELETE ON packages
BEGIN SELECT RAISE(ABORT, 'a kept package is never deleted'); END;
"""


def _step_2_packages_and_trust_roots(conn: sqlite3.Connection) -> None:
    run_script(conn, _V2)


_V3 = """
-- Packages received by the consolidator (the Inbox), kept byte for byte whatever the verdict.
-- org_id … supersedes are what the data file says; for an invalid package they are only its
-- claims (details.claimed), never used to supersede anything. `decision` is the consolidator's
-- word on an untrusted package.
CREATE TABLE inbox_packages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size = length(bytes)),
    bytes BLOB NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('valid', 'untrusted', 'invalid')),
    problems TEXT NOT NULL DEFAULT '[]',
    org_id TEXT,
    form_id TEXT,
    form_version TEXT,
    period TEXT,
    revision INTEGER,
    report_id TEXT,
    supersedes TEXT,
    signer TEXT NOT NULL DEFAULT '{}',
    signed_at TEXT,
    timestamped INTEGER NOT NULL DEFAULT 0 CHECK (timestamped IN (0, 1)),
    imported_at TEXT NOT NULL,
    decision TEXT CHECK (decision IN ('accepted', 'rejected')),
    decided_at TEXT,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX inbox_packages_board ON inbox_packages (form_id, period, org_id);

-- Signed receipts: issued by the consolidator for an inbox package, or received by a reporter
-- for a package exported from one of their reports. Both tied to the package's SHA-256.
CREATE TABLE receipts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    direction TEXT NOT NULL CHECK (direction IN ('issued', 'received')),
    package_sha256 TEXT NOT NULL CHECK (length(package_sha256) = 64),
    inbox_id INTEGER REFERENCES inbox_packages (id),
    report_id TEXT REFERENCES reports (id),
    decision TEXT NOT NULL CHECK (decision IN ('received', 'accepted', 'correction_requested')),
    message TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('valid', 'untrusted', 'invalid')),
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size = length(bytes)),
    bytes BLOB NOT NULL,
    signer TEXT NOT NULL DEFAULT '{}',
    signed_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((direction = 'issued') = (inbox_id IS NOT NULL)),
    CHECK ((direction = 'received') = (report_id IS NOT NULL))
);
CREATE INDEX receipts_package ON receipts (package_sha256);
CREATE INDEX receipts_report ON receipts (report_id);

-- What arrived is evidence: its bytes never change and nothing is deleted; only the verdict
-- (checked again with new trusted roots) and the decision may change.
CREATE TRIGGER inbox_packages_bytes_fixed BEFORE UPDATE OF sha256, file_name, size, bytes, imported_at
ON inbox_packages
BEGIN SELECT RAISE(ABORT, 'a received package is never changed'); END;

CREATE TRIGGER inbox_packages_no_delete BEFORE DELETE ON inbox_packages
BEGIN SELECT RAISE(ABORT, 'a received package is never deleted'); END;

CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts
BEGIN SELECT RAISE(ABORT, 'a receipt is never changed'); END;

CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
BEGIN SELECT RAISE(ABORT, 'a receipt is never deleted'); END;
"""


def _step_3_inbox_and_receipts(conn: sqlite3.Connection) -> None:
    run_script(conn, _V3)


_V4 = """
-- Certificate revocation lists kept for offline checks (`ct20 trust crl add`); id = SHA-256 of der.
CREATE TABLE crls (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 64),
    issuer TEXT NOT NULL,
    this_update TEXT NOT NULL,
    next_update TEXT,
    revoked INTEGER NOT NULL CHECK (revoked >= 0),
    der BLOB NOT NULL,
    added_at TEXT NOT NULL
);

-- Built-in trust anchors (resources/pki/) the user switched off; id = SHA-256 of the DER.
CREATE TABLE builtin_roots_disabled (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 64),
    disabled_at TEXT NOT NULL
);
"""


def _step_4_crls_and_builtin_roots(conn: sqlite3.Connection) -> None:
    run_script(conn, _V4)


_V5 = """
-- Signers authorised for an organisation beyond what their certificate's O/OU says: pinned by a
-- consolidator's decision (with who and why) or imported from a list of signers. Unpinning
-- deletes the row; the audit log keeps both events.
CREATE TABLE signer_pins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
    subject TEXT NOT NULL,
    certificate BLOB NOT NULL,
    since TEXT NOT NULL,
    by_login TEXT NOT NULL DEFAULT '',
    by_name TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    source TEXT NOT NULL CHECK (source IN ('decision', 'imported')),
    inbox_id INTEGER REFERENCES inbox_packages (id),
    UNIQUE (org_id, fingerprint)
);

-- When the Inbox first recorded a package (the e-mail's receipt time for an e-mail file, else the
-- import time): a proof of existence, set once. `proven_at`: the time of a trusted timestamp.
ALTER TABLE inbox_packages ADD COLUMN received_at TEXT;
ALTER TABLE inbox_packages ADD COLUMN proven_at TEXT;
UPDATE inbox_packages SET received_at = imported_at;

CREATE TRIGGER inbox_packages_received_once BEFORE UPDATE OF received_at ON inbox_packages
WHEN OLD.received_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the first receipt time of a package is never changed'); END;
"""


def _step_5_signer_pins_and_receipt_time(conn: sqlite3.Connection) -> None:
    run_script(conn, _V5)


_V6 = """
-- Ad hoc requests ("báo cáo đột xuất"): the requesting letter Cục ATMT records, whom it asks and
-- by when. `addressees` and `details` are JSON; a request is never changed (a new one is made).
CREATE TABLE inbox_requests (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL CHECK (length(trim(number)) > 0),
    date TEXT NOT NULL,
    requester TEXT NOT NULL CHECK (length(trim(requester)) > 0),
    content TEXT NOT NULL CHECK (length(trim(content)) > 0),
    addressees TEXT NOT NULL DEFAULT '[]',
    deadline TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '{}'
);

CREATE TRIGGER inbox_requests_fixed BEFORE UPDATE ON inbox_requests
BEGIN SELECT RAISE(ABORT, 'a request is never changed'); END;
"""


def _step_6_ad_hoc_requests(conn: sqlite3.Connection) -> None:
    run_script(conn, _V6)


_V7 = """
-- The consolidator's numbering of receipts ("123/ATMT-MT"): the pattern and the next number of
-- the year, shared by the officers of one Inbox; every number taken is kept, once per year.
CREATE TABLE receipt_numbering (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    pattern TEXT NOT NULL CHECK (instr(pattern, '{number}') > 0),
    year INTEGER NOT NULL,
    next INTEGER NOT NULL CHECK (next >= 1),
    updated_at TEXT NOT NULL,
    by_login TEXT NOT NULL DEFAULT '',
    by_name TEXT NOT NULL DEFAULT ''
);
CREATE TABLE receipt_numbers (
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    text TEXT NOT NULL,
    inbox_id INTEGER REFERENCES inbox_packages (id),
    receipt_sha256 TEXT CHECK (receipt_sha256 IS NULL OR length(receipt_sha256) = 64),
    taken_at TEXT NOT NULL,
    by_login TEXT NOT NULL DEFAULT '',
    by_name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (year, seq)
);

-- A receipt may now answer a rejected package ("rejected"): the receipts table is rebuilt with
-- the wider CHECK (https://www.sqlite.org/lang_altertable.html#otheralter).
DROP TRIGGER receipts_no_update;
DROP TRIGGER receipts_no_delete;
CREATE TABLE receipts_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    direction TEXT NOT NULL CHECK (direction IN ('issued', 'received')),
    package_sha256 TEXT NOT NULL CHECK (length(package_sha256) = 64),
    inbox_id INTEGER REFERENCES inbox_packages (id),
    report_id TEXT REFERENCES reports (id),
    decision TEXT NOT NULL CHECK (decision IN ('received', 'accepted', 'correction_requested', 'rejected')),
    message TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('valid', 'untrusted', 'invalid')),
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size = length(bytes)),
    bytes BLOB NOT NULL,
    signer TEXT NOT NULL DEFAULT '{}',
    signed_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((direction = 'issued') = (inbox_id IS NOT NULL)),
    CHECK ((direction = 'received') = (report_id IS NOT NULL))
);
INSERT INTO receipts_new SELECT id, sha256, direction, package_sha256, inbox_id, report_id, decision, message,
    status, file_name, size, bytes, signer, signed_at, created_at FROM receipts;
DROP TABLE receipts;
ALTER TABLE receipts_new RENAME TO receipts;
CREATE INDEX receipts_package ON receipts (package_sha256);
CREATE INDEX receipts_report ON receipts (report_id);
CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts
BEGIN SELECT RAISE(ABORT, 'a receipt is never changed'); END;
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
BEGIN SELECT RAISE(ABORT, 'a receipt is never deleted'); END;
"""


def _step_7_receipt_numbers(conn: sqlite3.Connection) -> None:
    run_script(conn, _V7)


_V8 = """
-- What became of an exported package on its way to the Ministry, append-only: where the package
-- file was saved, each e-mail draft written for it, and the user's word that it was sent (or,
-- correcting a slip, not sent). The report is "sent" when a draft was made or its latest word
-- says sent; receipts (table receipts) tell the rest.
CREATE TABLE package_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id TEXT NOT NULL REFERENCES reports (id),
    package_sha256 TEXT NOT NULL CHECK (length(package_sha256) = 64),
    kind TEXT NOT NULL CHECK (kind IN ('saved', 'email_draft', 'marked_sent', 'marked_not_sent')),
    path TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE INDEX package_deliveries_report ON package_deliveries (report_id, id);

CREATE TRIGGER package_deliveries_no_update BEFORE UPDATE ON package_deliveries
BEGIN SELECT RAISE(ABORT, 'the delivery log is append-only'); END;

CREATE TRIGGER package_deliveries_no_delete BEFORE DELETE ON package_deliveries
BEGIN SELECT RAISE(ABORT, 'the delivery log is append-only'); END;
"""


def _step_8_package_deliveries(conn: sqlite3.Connection) -> None:
    run_script(conn, _V8)


_V9 = """
-- The history keeps every save the user asked for, but thins the editor's autosaves as they get
-- older (desktop/store/history.py). The database still refuses to delete any other entry: the
-- first one, the latest one, one with a note, one not made by an autosave.
DROP TRIGGER history_no_delete;
CREATE TRIGGER history_no_delete BEFORE DELETE ON report_history
WHEN OLD.source <> 'autosave' OR OLD.note IS NOT NULL OR OLD.seq = 1
  OR OLD.seq = (SELECT max(seq) FROM report_history WHERE report_id = OLD.report_id)
BEGIN SELECT RAISE(ABORT, 'history is append-only (only older autosaves are thinned)'); END;
"""


def _step_9_history_thinned(conn: sqlite3.Connection) -> None:
    run_script(conn, _V9)


STEPS: list[Step] = [
    _step_1_initial,
    _step_2_packages_and_trust_roots,
    _step_3_inbox_and_receipts,
    _step_4_crls_and_builtin_roots,
    _step_5_signer_pins_and_receipt_time,
    _step_6_ad_hoc_requests,
    _step_7_receipt_numbers,
    _step_8_package_deliveries,
    _step_9_history_thinned,
]
SCHEMA_VERSION = len(STEPS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, steps: Sequence[Step] | None = None) -> list[int]:
    """Bring the store up to `len(steps)`; returns the versions this call applied.

    Each step runs in its own `BEGIN IMMEDIATE` transaction together with its `user_version`
    bump, so a failing step leaves the store exactly at the previous version. The version is
    read again under the write lock, so two processes opening an old store at once do not both
    apply a step. The connection must be in autocommit mode (`isolation_level=None`).
    """
    if conn.isolation_level is not None:
        raise ValueError("migrate() needs a connection opened with isolation_level=None")
    steps = STEPS if steps is None else steps
    applied: list[int] = []
    conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction, so set it here
    try:
        for version, step in enumerate(steps, start=1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                if user_version(conn) >= version:
                    conn.execute("COMMIT")
                    continue
                step(conn)
                if not conn.in_transaction:
                    raise RuntimeError(f"migration step {version} ended its own transaction")
                problems = conn.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise RuntimeError(f"migration step {version} broke foreign keys: {problems}")
                conn.execute(f"PRAGMA user_version = {int(version)}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            applied.append(version)
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return applied
