"""The unsigned preview of a report: the PDF exactly as the export would draw it, before any signature.

A draft with errors is previewed too (the reporter looks at it while correcting); a sample report
carries "MẪU — KHÔNG CÓ GIÁ TRỊ" on every page, and its embedded `du-lieu.json` says `"sample": true`.
The data file is embedded only when it matches its schema (a draft with errors may not).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from desktop.export.datafile import DataFileError, build_data_file
from desktop.export.pdf import render_report_pdf
from desktop.forms import Period, compute_derived
from desktop.reporting.justifications import justifications
from desktop.reporting.meta import read_meta
from desktop.reporting.reports import form_of, organization, validate_report
from desktop.signing.signers import VN_TZ
from desktop.store import Store


@dataclass(frozen=True)
class Preview:
    pdf: bytes
    page_count: int
    sample: bool
    data_json: bytes | None  # embedded in `pdf`; None when the draft does not match the schema yet


def preview_report(store: Store, report_id: str, *, now: dt.datetime | None = None) -> Preview:
    """The report PDF without signature (sample mark, justification annex), with its data file inside."""
    report = store.get_report(report_id)
    form, org = form_of(report), organization(store, report.org_id)
    period = Period.parse(report.period)
    values = store.get_values(report.id)
    sample = read_meta(store, report.id).sample
    justified = justifications(validate_report(store, report.id))
    drawn = render_report_pdf(form, values, org=org, period=period, derived=compute_derived(form, values),
                              sample=sample, justifications=justified)
    moment = (now or dt.datetime.now(VN_TZ)).replace(microsecond=0)
    try:
        data_json: bytes | None = build_data_file(
            form, values, org=org, period=period, report_id=report.id, revision=report.revision,
            generated_at=moment, period_reference=report.reference, period_deadline=report.deadline,
            sample=sample, justifications=justified)
    except DataFileError:
        data_json = None
    pdf = drawn.data if data_json is None else _with_data_file(drawn.data, data_json, moment)
    return Preview(pdf, drawn.page_count, sample, data_json)


def _with_data_file(pdf: bytes, data_json: bytes, moment: dt.datetime) -> bytes:
    from desktop.signing.pdfa import PdfAWriter
    from desktop.signing.pdfsign import embed_data_file

    writer = PdfAWriter(io.BytesIO(pdf), moment=moment)  # the XMP and the Info dictionary stay equal
    embed_data_file(writer, data_json, when=moment)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
