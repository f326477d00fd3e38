"""Import received packages: verify each, record it once, never stop at a bad file.

Files and whole folders (every `.asice`/`.sce` below them) are read into memory, never extracted
to disk. Each package is verified (package.md) and recorded with its verdict: the same bytes are
the same package, reported as a duplicate; an invalid package is kept as rejected with its
reasons; an untrusted one waits for the consolidator's decision. Which revision supersedes which
is decided by the board from what is recorded here, so nothing recorded is ever rewritten.

Synchronous and slow-ish (pyHanko runs its own event loop): the desktop runs it in a worker
thread with `progress` and `cancel`, like the export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.i18n import N_, Message, PluralMessage
from desktop.i18n.formatting import Formatted
from desktop.inbox.import_batch import Batch, Pending
from desktop.inbox.mailfile import MAIL_SUFFIXES, MAX_ATTACHMENTS, MAX_MAIL_SIZE, MailTooComplexError, read_mail
from desktop.inbox.messages import messages_from_json, messages_to_json
from desktop.inbox.msgfile import read_msg
from desktop.inbox.package_facts import package_facts
from desktop.package.authorization import authorize, fingerprint
from desktop.package.datacheck import data_file_check, describe
from desktop.package.roots import make_trust, trust_context
from desktop.package.smallfile import read_at_most
from desktop.package.verify import VerificationResult, verify_package
from desktop.package.zipsafe import MAX_FILE_SIZE, MB
from desktop.registry import all_organizations
from desktop.signing.signers import vn_time
from desktop.store import InboxPackageRecord, StoreError
from desktop.store.digest import remembering, sha256_hex

PACKAGE_SUFFIXES = (".asice", ".sce")
IMPORT_SUFFIXES = PACKAGE_SUFFIXES + MAIL_SUFFIXES
Progress = Callable[[float, Message], None]


@dataclass(frozen=True)
class ImportItem:
    """What became of one file. `outcome`: "imported", "duplicate" (the same bytes were recorded
    before; `rechecked` when that earlier verdict changed now) or "error" (not read, not kept)."""

    file: str
    outcome: str
    status: str  # "valid" | "untrusted" | "invalid" | "error"
    inbox_id: int | None = None
    problems: tuple[Message, ...] = ()
    org: str | None = None
    form: str | None = None
    period: str | None = None
    revision: int | None = None
    rechecked: bool = False
    earlier_file: str | None = None  # for a duplicate: the name it was recorded under
    received: str | None = None  # when it first reached Cục ATMT (ISO 8601)
    sender: str | None = None  # who sent the e-mail it first came with

    @property
    def duplicate(self) -> bool:
        return self.outcome == "duplicate"

    def note(self) -> Message | None:
        if self.outcome != "duplicate":
            return None
        return Message(N_("Already in the inbox as package {id} ({file}); nothing was added."),
                       id=self.inbox_id, file=self.earlier_file or "-")

    def to_json(self, lang: str) -> dict[str, Any]:
        note = self.note()
        return {
            "file": self.file, "status": self.status, "inbox_id": self.inbox_id, "received": self.received,
            "sender": self.sender,
            "duplicate": self.duplicate, "outcome": self.outcome, "org": self.org, "form": self.form,
            "period": self.period, "revision": self.revision,
            "problems": [p.render(lang) for p in self.problems],
            "note": note.render(lang) if note else None,
        }


@dataclass
class ImportResult:
    items: list[ImportItem] = field(default_factory=list)
    cancelled: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    @property
    def all_valid(self) -> bool:
        return all(item.status == "valid" for item in self.items)


def package_files(sources: Iterable[str | Path]) -> list[Path]:
    """The files to import: each file given, and every package or e-mail file inside each folder
    given (recursively, in name order); each file once. E-mail files come first: a package that
    is also saved beside its e-mail is then recorded with the e-mail's receipt time."""
    found: list[Path] = []
    seen: set[Path] = set()
    for source in sources:
        path = Path(source)
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in IMPORT_SUFFIXES)
        else:
            candidates = [path]
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return sorted(found, key=lambda p: p.suffix.lower() not in MAIL_SUFFIXES)  # stable: otherwise as given


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _utc(text: str | None) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment and moment.tzinfo is None else moment


class Importer:
    """Imports into one store with one set of trusted roots (the store's plus `trust_paths`), the
    store's pinned signers and the registry's organisation names."""

    def __init__(self, store, *, trust_paths: Sequence[str | Path] = (), roots: Sequence[Any] | None = None,  # type: ignore[no-untyped-def]
                 crl_paths: Sequence[str | Path] = ()) -> None:
        self.store = store
        self.trust = make_trust(roots) if roots is not None else trust_context(store, trust_paths, crl_paths)
        custom = store.custom_organizations()
        self.check = data_file_check(custom)
        self.registry = all_organizations(custom)
        self.pinned = store.pinned_signers()

    def verify(self, data: bytes, received_at: dt.datetime | None = None) -> tuple[VerificationResult, dict[str, Any]]:
        """The verdict (steps 1 to 7) and what the Inbox keeps about the signer's authorisation."""
        result = verify_package(data, trust=self.trust, schema_check=self.check, proven_time=received_at)
        held: dict[str, Any] = {}
        if result.status != "invalid" and result.signer_certificate is not None:
            result.signer["fingerprint"] = fingerprint(result.signer_certificate)
            org = describe(result.data).org
            problem = authorize(result.signer_certificate, org, self.pinned, self.registry)
            if problem is not None:  # step 7: held until the consolidator decides
                held = {"org": org, "fingerprint": result.signer["fingerprint"], "verified_status": result.status}
                result.distrust(problem)
        return result, held

    def import_file(self, path: str | Path, *, received_at: dt.datetime | None = None) -> list[ImportItem]:
        """One package file, or every package an e-mail file carries (received when the mail did)."""
        return [self.record(item) if isinstance(item, Pending) else item
                for item in self._read_file(Path(path), received_at, defer=False)]

    def _read_file(self, path: Path, received_at: dt.datetime | None, *, defer: bool) -> list[ImportItem | Pending]:
        """`import_file`, a package file's record left `Pending` with `defer` (e-mails are recorded)."""
        is_mail = path.suffix.lower() in MAIL_SUFFIXES
        limit = MAX_MAIL_SIZE if is_mail else MAX_FILE_SIZE
        too_large = (Message(N_("The e-mail is larger than {limit} MB; it was not read."), limit=limit // MB) if is_mail
                     else Message(N_("The package is larger than {limit} MB"), limit=limit // MB))
        try:
            if path.stat().st_size > limit:  # not even read into memory
                return [ImportItem(str(path), "error", "error", problems=(too_large,))]
            with path.open("rb") as handle:
                data = read_at_most(handle, limit)
        except OSError as exc:
            problem = Message(N_("Cannot read {path}: {error}"), path=str(path), error=exc.strerror or str(exc))
            return [ImportItem(str(path), "error", "error", problems=(problem,))]
        if data is None:
            return [ImportItem(str(path), "error", "error", problems=(too_large,))]
        if not data:
            return [ImportItem(str(path), "error", "error", problems=(Message(N_("The file {path} is empty."),
                                                                              path=str(path)),))]
        if is_mail:
            return list(self.import_mail(path, data, received_at=received_at))
        prepared = self.prepare(path.name, data, shown_as=str(path), received_at=received_at)
        return [prepared if defer or isinstance(prepared, ImportItem) else self.record(prepared)]

    def import_mail(self, path: Path, data: bytes, *, received_at: dt.datetime | None = None) -> list[ImportItem]:
        kind = "msg" if path.suffix.lower() == ".msg" else "eml"
        return self.import_mail_bytes(str(path), data, kind=kind, received_at=received_at)

    def import_mail_bytes(self, shown: str, data: bytes, *, kind: str = "eml", received_at: dt.datetime | None = None,
                          fallback: dt.datetime | None = None, facts: Mapping[str, Any] | None = None,
                          ) -> list[ImportItem]:
        """Every package one e-mail carries (an .eml's bytes, or an Outlook .msg's with kind "msg"),
        received when the mail says (`received_at` overrides it, `fallback` stands in when the mail
        says nothing usable) and from whom; a mail without a package is one plain error item."""
        try:
            mail = read_msg(data) if kind == "msg" else read_mail(data)
        except MailTooComplexError:
            return [ImportItem(shown, "error", "error", problems=(
                Message(N_("The e-mail {path} has far more parts than any real mail; it was not read."), path=shown),))]
        except Exception:  # the parsers are lenient, but a hostile file (RecursionError too) must not stop the import
            return [ImportItem(shown, "error", "error", problems=(
                Message(N_("The e-mail file {path} cannot be read."), path=shown),))]
        too_large = Message(N_("The package is larger than {limit} MB"), limit=MAX_FILE_SIZE // MB)
        items = [ImportItem(f"{shown} › {name}", "error", "error", problems=(too_large,)) for name in mail.oversized]
        received = received_at or mail.received_at or fallback
        about = {**mail.facts(), **(facts or {})}
        for name, package in mail.packages:
            items.append(self.import_bytes(name, package, shown_as=f"{shown} › {name}", received_at=received,
                                           via="email", mail=about))
        if mail.truncated:
            items.append(ImportItem(shown, "error", "error", problems=(Message(N_(
                "The e-mail {path} has more parts or packages than are read from one e-mail (at most {limit}); "
                "only the first were taken."), path=shown, limit=MAX_ATTACHMENTS),)))
        if not items:
            items.append(ImportItem(shown, "error", "error", sender=mail.sender, problems=(
                Message(N_("The e-mail file {path} carries no report package."), path=shown),)))
        return items

    def import_bytes(self, name: str, data: bytes, *, shown_as: str | None = None,
                     received_at: dt.datetime | None = None, via: str = "file",
                     mail: Mapping[str, Any] | None = None) -> ImportItem:
        """Verify and record one package. `received_at`: when it reached Cục ATMT (an e-mail's
        receipt time); without it, now. `mail`: the e-mail it came with (sender, Message-ID,
        subject), kept with its first receipt. The first record of the same bytes keeps its time."""
        with remembering():  # the package hashed once, for the duplicate search, verification and the store
            prepared = self.prepare(name, data, shown_as=shown_as, received_at=received_at, via=via, mail=mail)
            return prepared if isinstance(prepared, ImportItem) else self.record(prepared)

    def prepare(self, name: str, data: bytes, *, shown_as: str | None = None,
                received_at: dt.datetime | None = None, via: str = "file",
                mail: Mapping[str, Any] | None = None) -> ImportItem | Pending:
        """`import_bytes` up to the record: a duplicate's item, or the verified package `Pending`."""
        shown = shown_as or name
        kept = self.store.find_inbox_package(sha256_hex(data))  # remembered for verify and the store
        if kept is not None:
            return self._duplicate(shown, kept, data)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        received = min(received_at, now) if received_at else now
        result, held = self.verify(data, received)
        facts = package_facts(result, data, name)
        details = {**facts.details, "received_via": via}
        if mail:
            details["mail"] = dict(mail)
        if held:
            details["held"] = held
        if result.notes:  # e.g. no revocation information: said plainly on the board
            details["notes"] = messages_to_json(result.notes)
        problems = list(result.problems)
        if result.status != "invalid" and result.signed_at is not None and result.signed_at > received:
            problems.append(Message(
                N_("The signing time the signer's computer claims ({claimed}) is later than when the package "
                   "was received ({received})."), claimed=vn_time(result.signed_at), received=vn_time(received)))
        return Pending(shown, data, dict(
            file_name=name, data=data, status=result.status, problems=messages_to_json(problems),
            org_id=facts.org, form_id=facts.form, form_version=facts.form_version, period=facts.period,
            revision=facts.revision, report_id=facts.report_id, supersedes=facts.supersedes,
            signer=result.signer, signed_at=_iso(result.signed_at), timestamped=result.timestamped,
            details=details, received_at=received.isoformat(), proven_at=_iso(result.proven_at),
        ))

    def record(self, pending: Pending) -> ImportItem:
        """Record a verified package (its own transaction, or the caller's `inbox_batch`)."""
        record, created = self.store.add_inbox_package(**pending.record)
        if not created:  # recorded meanwhile by another window (or earlier in the same batch)
            return self._duplicate(pending.shown, record, pending.data)
        return _item(pending.shown, "imported", record)

    def _duplicate(self, shown: str, kept: InboxPackageRecord, data: bytes) -> ImportItem:
        """The same bytes again. An untrusted one still waiting is checked again: a root trusted
        (or a signer pinned) since then can make it valid; nothing else about it changes."""
        rechecked = False
        if kept.status == "untrusted" and kept.decision is None:
            result, held = self.verify(data, _utc(kept.received_at) or _utc(kept.imported_at))
            if result.status != kept.status:
                details = {k: v for k, v in kept.details.items() if k not in ("held", "notes")}
                if held:
                    details["held"] = held
                if result.notes:
                    details["notes"] = messages_to_json(result.notes)
                kept = self.store.update_inbox_verification(
                    kept.id, status=result.status, problems=messages_to_json(result.problems),
                    signer=result.signer, signed_at=_iso(result.signed_at), timestamped=result.timestamped,
                    proven_at=_iso(result.proven_at), details=details,
                )
                rechecked = True
        return replace(_item(shown, "duplicate", kept), rechecked=rechecked, earlier_file=kept.file_name)


def _item(shown: str, outcome: str, record: InboxPackageRecord) -> ImportItem:
    return ImportItem(
        file=shown, outcome=outcome, status=record.status, inbox_id=record.id,
        problems=tuple(messages_from_json(record.problems)), org=record.org_id, form=record.form_id,
        period=record.period, revision=record.revision, received=record.received_at or record.imported_at,
        sender=_sender(record.details),
    )


def _sender(details: Mapping[str, Any]) -> str | None:
    mail = details.get("mail")
    sender = mail.get("from") if isinstance(mail, dict) else None
    return sender if isinstance(sender, str) else None


def import_packages(
    store,  # type: ignore[no-untyped-def]
    sources: Iterable[str | Path],
    *,
    trust_paths: Sequence[str | Path] = (),
    crl_paths: Sequence[str | Path] = (),
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    received: Mapping[Path, dt.datetime] | None = None,
) -> ImportResult:
    """Import every package file and e-mail file of `sources` (files or folders) into the store's inbox.

    `received` may give, per file, when it reached Cục ATMT (known to the caller, e.g. a mail
    folder); e-mail files say it themselves; any other package counts as received now.
    Verified packages are committed in small groups (`Batch`), e-mail files on their own; a
    cancel (checked between files) keeps what was done. A file that cannot be read, or not
    recorded (a full disk), is reported and skipped; it never stops the others, and the result
    says for every file whether it was recorded.
    """
    files = package_files(sources)
    known = {Path(path).resolve(): moment for path, moment in (received or {}).items()}
    importer = Importer(store, trust_paths=trust_paths, crl_paths=crl_paths)
    result = ImportResult()
    batch = Batch(importer, result.items)
    total = len(files)
    with remembering():  # each package hashed once (desktop/store/digest.py); forgotten at the end
        for index, path in enumerate(files):
            if cancel is not None and cancel():
                result.cancelled = True
                break
            if progress is not None:
                progress(index / total, Message(N_("Checking {file} ({number} of {count})"), file=path.name,
                                                number=index + 1, count=total))
            try:
                if path.suffix.lower() in MAIL_SUFFIXES:  # recorded as read: what came before goes first
                    batch.flush()
                found = importer._read_file(path, known.get(path.resolve()), defer=True)
            except StoreError as exc:  # a full disk, a read-only medium: this file is not recorded
                found = [ImportItem(str(path), "error", "error", problems=(exc.message,))]
            batch.add(found)
        batch.flush()
    if progress is not None and not result.cancelled:
        progress(1.0, PluralMessage("Checked {count} file.", "Checked {count} files.", total, count=Formatted(total)))
    return result
