"""Errors of the store; each carries a Message, so the CLI and the UI speak the user's language."""

from __future__ import annotations

from pathlib import Path

from desktop.i18n import N_, LocalizedError, Message, PluralMessage
from desktop.i18n.formatting import Formatted


class StoreError(LocalizedError):
    """Base class of every error the store raises on purpose."""


class StoreNotFoundError(StoreError):
    def __init__(self, path: str | Path) -> None:
        super().__init__(Message(N_("There is no CT20 data file at {path}."), path=str(path)))
        self.path = Path(path)


class CorruptStoreError(StoreError):
    def __init__(self, path: str | Path, detail: str = "") -> None:
        super().__init__(
            Message(
                N_("The file {path} is damaged or is not a CT20 data file ({detail})."),
                path=str(path),
                detail=detail or "?",
            )
        )
        self.path = Path(path)
        self.detail = detail


class NotAStoreError(CorruptStoreError):
    """An intact SQLite database that belongs to some other program."""

    def __init__(self, path: str | Path) -> None:
        StoreError.__init__(
            self,
            Message(
                N_("The file {path} is an SQLite database of another program, not CT20 data."),
                path=str(path),
            ),
        )
        self.path = Path(path)
        self.detail = "foreign database"


class EmptyStoreError(CorruptStoreError):
    """A store file cut to nothing (a failed copy, a sync tool): never taken for a new store."""

    def __init__(self, path: str | Path) -> None:
        StoreError.__init__(
            self,
            Message(
                N_(
                    "The data file {path} is empty (0 bytes), probably cut by a failed copy or a "
                    "sync program. CT20 has not changed it and will not start a new one in its "
                    "place: restore a backup, or move the file away to start afresh."
                ),
                path=str(path),
            ),
        )
        self.path = Path(path)
        self.detail = "empty"


class NewerStoreError(StoreError):
    def __init__(self, path: str | Path, version: int, supported: int) -> None:
        super().__init__(
            Message(
                N_(
                    "The data file {path} was made by a newer version of CT20 (data format "
                    "{version}; this version reads up to {supported}). Please update the app; "
                    "the file has not been changed."
                ),
                path=str(path),
                version=version,
                supported=supported,
            )
        )
        self.path = Path(path)
        self.version = version
        self.supported = supported


class StoreNeedsUpgradeError(StoreError):
    def __init__(self, path: str | Path, version: int, current: int) -> None:
        super().__init__(
            Message(
                N_(
                    "The data file {path} uses the older data format {version} and must be "
                    "upgraded to {current}; open it normally (not read-only) once."
                ),
                path=str(path),
                version=version,
                current=current,
            )
        )
        self.path = Path(path)


class MigrationError(StoreError):
    def __init__(self, path: str | Path, version: int, detail: str) -> None:
        super().__init__(
            Message(
                N_(
                    "Could not upgrade the data file {path} to data format {version}; the "
                    "file was left as it was ({detail})."
                ),
                path=str(path),
                version=version,
                detail=detail,
            )
        )
        self.path = Path(path)
        self.version = version


class StoreReadOnlyError(StoreError):
    def __init__(self, path: str | Path) -> None:
        super().__init__(
            Message(N_("The data file {path} was opened read-only."), path=str(path))
        )


class StoreReadOnlyMediumError(StoreError):
    """The folder or file cannot be written (a read-only disk, share or permission): not damage."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(
            Message(
                N_(
                    "The data file {path} cannot be changed: its folder or disk is read-only or "
                    "you may not write there. Nothing was changed; the data can only be read."
                ),
                path=str(path),
            )
        )
        self.path = Path(path)


class StoreFullError(StoreError):
    """SQLITE_FULL or ENOSPC: the disk has no room left for the write."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(
            Message(
                N_(
                    "The disk holding {path} is full, so the last change was not saved (everything "
                    "saved before is intact). Free some space on that disk and try again."
                ),
                path=str(path),
            )
        )
        self.path = Path(path)


class StoreWriteError(StoreError):
    """The disk failed a write (SQLITE_IOERR): said plainly, never as damage."""

    def __init__(self, path: str | Path, detail: str = "") -> None:
        super().__init__(
            Message(
                N_(
                    "The data file {path} could not be written ({detail}), so the last change was "
                    "not saved; everything saved before is intact. Check the disk and try again."
                ),
                path=str(path),
                detail=detail or "?",
            )
        )
        self.path = Path(path)


class StoreLockedError(StoreError):
    def __init__(self, path: str | Path) -> None:
        super().__init__(
            Message(
                N_(
                    "The data file {path} is busy in another CT20 window or program. Close it "
                    "and try again."
                ),
                path=str(path),
            )
        )
        self.path = Path(path)


class ReportNotFoundError(StoreError):
    def __init__(self, report_id: str) -> None:
        super().__init__(Message(N_("There is no report {id}."), id=report_id))
        self.report_id = report_id


class AmbiguousReportIdError(ReportNotFoundError):
    def __init__(self, prefix: str, count: int) -> None:
        StoreError.__init__(
            self,
            PluralMessage(
                "{count} report starts with {id}; type more of the id.",
                "{count} reports start with {id}; type more of the id.",
                count,
                id=prefix,
                count=Formatted(count),
            ),
        )
        self.report_id = prefix


class ReportReadOnlyError(StoreError):
    def __init__(self, report_id: str, reason: str) -> None:
        if reason == "trashed":
            message = Message(
                N_("Report {id} is in the trash; restore it from the trash to edit it."),
                id=report_id,
            )
        else:
            message = Message(
                N_(
                    "Report {id} has been submitted and can no longer be changed; create a "
                    "new revision instead."
                ),
                id=report_id,
            )
        super().__init__(message)
        self.report_id = report_id
        self.reason = reason


class ReportChangedError(StoreError):
    """A save based on an older version of the report than the one now stored."""

    def __init__(self, report_id: str, base_seq: int, current_seq: int) -> None:
        super().__init__(
            Message(
                N_(
                    "Report {id} was changed elsewhere (saved version {current}) since this copy "
                    "of it was read (version {base})."
                ),
                id=report_id,
                current=current_seq,
                base=base_seq,
            )
        )
        self.report_id = report_id
        self.base_seq = base_seq
        self.current_seq = current_seq


class HistoryEntryNotFoundError(StoreError):
    def __init__(self, report_id: str, seq: int) -> None:
        super().__init__(
            Message(N_("Report {id} has no saved version {seq}."), id=report_id, seq=seq)
        )


class DuplicateError(StoreError):
    def __init__(self, what: str, key: str) -> None:
        if what == "organization":
            message = Message(N_("There is already an organisation with the id {id}."), id=key)
        else:
            message = Message(N_("{id} already exists."), id=key)
        super().__init__(message)
        self.what = what
        self.key = key


class TrustRootNotFoundError(StoreError):
    def __init__(self, root_id: str, count: int = 0) -> None:
        if count > 1:
            message: Message = PluralMessage(
                "{count} trusted certificate starts with {id}; type more of the id.",
                "{count} trusted certificates start with {id}; type more of the id.",
                count,
                id=root_id,
                count=Formatted(count),
            )
        else:
            message = Message(N_("There is no trusted certificate {id}."), id=root_id)
        super().__init__(message)
        self.root_id = root_id


class InboxPackageNotFoundError(StoreError):
    def __init__(self, inbox_id: object) -> None:
        super().__init__(Message(N_("There is no package {id} in the inbox."), id=str(inbox_id)))
        self.inbox_id = inbox_id
