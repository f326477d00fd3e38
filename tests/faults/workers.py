"""What the forked workers of the fault tests do until they are killed (see zygote.py).

Every worker reports its progress with `say(event, **facts)` *after* the step is committed, so
the test knows a lower bound of what must be in the store when the kill lands.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.export.service import ExportError, P12Signer, export_report
from desktop.forms import coerce_values, get_form, merge_values
from desktop.inbox.importer import import_packages
from desktop.reporting.reports import fill_report, revise_report
from desktop.store import Store
from tests.export.reports import cluster_row

Say = Callable[..., None]
FORM_ID = "ct20.province"


def state_values(n: int) -> dict[str, Any]:
    """The n-th state a saving worker writes: every field it touches says n, and the table's
    length changes with n, so a torn write could not pass for another state."""
    return {
        "document": {"number": f"{n}/BC-SCT", "place": "Ninh Bình"},
        "difficulties": f"Lần lưu số {n}. " + "Thiếu kinh phí quan trắc tự động. " * (n % 40),
        "clusters": {"wastewater": [{**cluster_row(i), "name": f"Cụm công nghiệp {n}-{i}"}
                                    for i in range(15 + n % 50)]},
    }


def stored_state(initial: dict[str, Any], n: int) -> dict[str, Any]:
    """The values a report holds after state n was saved over `initial`."""
    return merge_values(initial, coerce_values(get_form(FORM_ID), state_values(n)))[0]


def save_loop(db: str, report_id: str, first: str, *, say: Say) -> None:
    with Store.open(db) as store:
        say("ready")
        for n in itertools.count(int(first)):
            fill_report(store, report_id, state_values(n), source="fault-test")
            say("saved", n=n)


def export_loop(db: str, out_dir: str, p12: str, password: str, attachment: str, *, say: Say) -> None:
    """Export the newest draft, make its next revision, export that, and so on."""
    signer = P12Signer(Path(p12), password.encode()).open()
    with Store.open(db) as store:
        say("ready")
        while True:
            reports = store.list_reports()
            drafts = [r for r in reports if r.status == "draft"]
            if not drafts:  # the last worker was killed between an export and the next revision
                revise_report(store, max(reports, key=lambda r: r.revision).id, source="fault-test")
                continue
            try:
                result = export_report(store, drafts[0].id, out_dir, signer, attachments=[Path(attachment)])
            except ExportError as refused:
                if "already exists" not in refused.render("en"):
                    raise
                say("exists", revision=drafts[0].revision)  # a package of this draft is on disk
                return
            say("exported", file=result.package_path.name, sha256=result.sha256)
            revise_report(store, drafts[0].id, source="fault-test")


def import_loop(db: str, folder: str, root_pem: str, *, say: Say) -> None:
    with Store.open(db) as store:
        say("ready")
        while True:
            result = import_packages(store, [folder], trust_paths=[root_pem])
            say("pass", imported=result.count("imported"))


def export_on_a_full_disk(db: str, out_dir: str, p12: str, password: str, attachment: str, limit: str, *,
                          say: Say) -> None:
    """One export in a process that may not write files larger than `limit` bytes: the kernel
    refuses the write (EFBIG) exactly as a full disk does (ENOSPC), part way through the file."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))
    signer = P12Signer(Path(p12), password.encode()).open()
    with Store.open(db) as store:
        draft = next(r for r in store.list_reports() if r.status == "draft")
        try:
            export_report(store, draft.id, out_dir, signer, attachments=[Path(attachment)])
        except ExportError as refused:
            say("refused", en=refused.render("en"), vi=refused.render("vi"))
            return
    say("exported")
