"""Big stores for the load tests and bench/bench_load.py, written through the store's own API.

- `many_reports`: 5,000 reports of every form, organisation and kind of period, some submitted,
  some in the trash, some ad hoc with a reference number to search for.
- `big_inbox`: 2,000 received packages (34 provinces × 15 years, revisions, a mix of verdicts)
  recorded the way the importer records them. Their bytes are placeholders: the board reads the
  recorded facts, never the bytes, and verifying real packages is what bench_inbox.py measures.

Durability is switched off while building (`PRAGMA synchronous = OFF`): the same rows, written in
a second instead of a minute of fsyncs. The stores are then used as any store is.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from desktop.forms import list_forms
from desktop.registry import all_organizations
from desktop.store import Store

PROVINCE_FORM = "ct20.province"


@dataclass
class ManyReports:
    path: Path
    total: int
    trashed: int
    submitted: int  # not trashed
    by_form: Counter = field(default_factory=Counter)  # not trashed
    reference_hits: int = 0  # reports whose reference contains SEARCHED
    searched: str = "số 12/BCT"


def many_reports(path: Path, count: int = 5000) -> ManyReports:
    forms = [f for f in list_forms()]
    orgs = all_organizations([])
    result = ManyReports(path, count, 0, 0)
    with Store.open(path) as store:
        store.shared.raw.execute("PRAGMA synchronous = OFF")
        for n in range(count):
            form = forms[n % len(forms)]
            kinds = [o for o in orgs if o.kind in form.org_kinds]
            org = kinds[(n // len(forms)) % len(kinds)]
            reference = deadline = None
            if n % 9 == 0 and "adhoc" in form.periods:
                period = f"adhoc-{2000 + n % 30}-{1 + n % 12:02d}-{1 + n % 28:02d}"
                reference = f"Công văn số {n % 50}/BCT-ATMT"
                deadline = f"{2000 + n % 30}-12-31"
            elif "half" in form.periods:
                period = f"{2000 + n % 30}-H{1 + n % 2}"
            else:
                period = str(2000 + n % 30)
            report_id = store.create_report(
                form_id=form.id, form_version=form.version, org_id=org.id, period=period,
                values={"document": {"number": f"{n}/BC-{org.short or 'CT'}", "place": org.place or "Hà Nội"}},
                reference=reference, deadline=deadline, source="load-test",
            )
            if n % 11 == 0:
                store.trash_report(report_id)
                result.trashed += 1
                continue
            if n % 7 == 0:
                store.set_status(report_id, "submitted")
                result.submitted += 1
            result.by_form[form.id] += 1
            if reference and result.searched in reference:
                result.reference_hits += 1
        store.shared.raw.execute("PRAGMA synchronous = FULL")
    return result


@dataclass
class BigInbox:
    path: Path
    total: int
    year: str
    provinces: int


def big_inbox(path: Path, count: int = 2000) -> BigInbox:
    """Every province's packages for 15 years of `ct20.province`: first revisions, corrections,
    late ones, rejected and untrusted ones, until `count` are recorded."""
    provinces = [o for o in all_organizations([]) if o.kind == "province"]
    years = [str(2011 + y) for y in range(15)]
    statuses = ["valid"] * 8 + ["invalid", "untrusted"]
    recorded = 0
    with Store.open(path) as store:
        store.shared.raw.execute("PRAGMA synchronous = OFF")
        revision = 1
        while recorded < count:
            for year in years:
                for index, org in enumerate(provinces):
                    if recorded >= count:
                        break
                    status = statuses[(recorded + index) % len(statuses)]
                    day = 5 + (recorded % 20)  # a few after the deadline of 15 November
                    signed = dt.datetime(int(year), 11, day, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
                    store.add_inbox_package(
                        file_name=f"BC-{PROVINCE_FORM}-{org.id}-{year}-r{revision}.asice",
                        data=f"placeholder {recorded} {org.id} {year} r{revision}".encode(),
                        status=status,
                        problems=[] if status == "valid" else [{"msgid": "The data file was changed after signing",
                                                               "params": {}}],
                        org_id=org.id, form_id=PROVINCE_FORM, form_version="2025.1", period=year,
                        revision=revision, report_id=f"{org.id}-{year}",
                        signer={"name": "Nguyễn Văn An", "organization": org.name},
                        signed_at=signed.isoformat(), details={"claimed": status == "invalid",
                                                               "org_name": org.name},
                    )
                    recorded += 1
            revision += 1
        store.shared.raw.execute("PRAGMA synchronous = FULL")
    return BigInbox(path, recorded, years[-1], len(provinces))
