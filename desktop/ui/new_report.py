"""The "new report" dialog: form, period (year, half-year or ad hoc) and an optional copy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.forms import Period, list_forms
from desktop.forms.periods import plan_refusal
from desktop.i18n import N_, LocalizedError, _, count_text, ngettext
from desktop.registry import Organization
from desktop.reporting import report_info as info
from desktop.reporting.meta import read_meta
from desktop.reporting.reports import copy_values, create_report, earlier_reports
from desktop.store import Store
from desktop.ui.export.worker import Worker

PERIOD_KINDS = {"year": N_("Year"), "half": N_("Half-year"), "adhoc": N_("Ad hoc (on request)")}
DATE_FORMAT = "dd/MM/yyyy"

if TYPE_CHECKING:
    from desktop.package.requestfile import RequestFile


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _pick_request(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(parent, _("Import a request"), "",
                                                _("Signed requests and e-mails (*.asice *.eml)"))
    return path


class NewReportDialog(QDialog):
    """Creates the report on OK; `report_id` is then the new report's id."""

    def __init__(self, store: Store, org: Organization, *, source_id: str | None = None,
                 today: dt.date | None = None, parent: QWidget | None = None,
                 pick_request: Callable[[QWidget], str] = _pick_request) -> None:
        super().__init__(parent)
        self.pick_request = pick_request
        self.request: RequestFile | None = None  # an imported request the new report answers
        self.request_worker: Worker | None = None
        self.setObjectName("newReportDialog")
        self.store = store
        self.org = org
        self.today = today or dt.date.today()
        self.source = store.get_report(source_id) if source_id else None
        self.report_id: str | None = None
        forms = [f for f in list_forms() if org.kind in f.org_kinds]
        if self.source is not None:
            forms = [f for f in forms if f.id == self.source.form_id] or forms

        self.org_label = QLabel(self)
        self.org_label.setWordWrap(True)
        self.form = QComboBox(self)
        self.form.setObjectName("form")
        for f in forms:
            self.form.addItem(info.form_title(f.id, f.version), f.id)
        self.form.setEnabled(self.source is None and len(forms) > 1)
        self.kind = QComboBox(self)
        self.kind.setObjectName("periodKind")
        self.year = QSpinBox(self)
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.half = QComboBox(self)
        self.half.setObjectName("half")
        self.requested = self._date_edit("requestDate", self.today)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("reference")
        self.reference.setMaxLength(500)
        self.adhoc_deadline = self._date_edit("adhocDeadline", self.today + dt.timedelta(days=14))
        self.requester = QLineEdit(self)
        self.requester.setObjectName("requester")
        self.requester.setMaxLength(300)
        self.import_request = QPushButton(self)
        self.import_request.setObjectName("importRequest")
        self.import_request.clicked.connect(self.choose_request)
        self.deadline_info = QLabel(self)
        self.deadline_info.setObjectName("deadlineInfo")
        self.copy = QCheckBox(self)
        self.copy.setObjectName("copyValues")
        self.copy_from = QComboBox(self)
        self.copy_from.setObjectName("copyFrom")
        for combo in (self.form, self.copy_from):  # long official titles must not widen the dialog
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(40)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )

        self.rows = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {
            "org": self.org_label, "form": self.form, "kind": self.kind, "year": self.year,
            "half": self.half, "request": self.import_request, "requested": self.requested,
            "reference": self.reference, "requester": self.requester,
            "adhoc_deadline": self.adhoc_deadline, "deadline": self.deadline_info,
        }
        for key, widget in self.fields.items():
            label = QLabel(self)
            if key not in ("org", "deadline"):
                label.setBuddy(widget)
            self.labels[key] = label
            self.rows.addRow(label, widget)
        self.rows.addRow(self.copy)
        self.rows.addRow(self.copy_from)
        layout = QVBoxLayout(self)
        layout.addLayout(self.rows)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form.currentIndexChanged.connect(self._on_form)
        self.kind.currentIndexChanged.connect(self._on_kind)
        for signal in (self.year.valueChanged, self.half.currentIndexChanged,
                       self.requested.dateChanged, self.adhoc_deadline.dateChanged):
            signal.connect(self._on_period)
        self.copy.toggled.connect(self.copy_from.setEnabled)
        self.retranslate()
        self._on_form()
        if self.source is not None:
            self.copy.setChecked(True)
            self._select_copy_source(self.source.id)
        self.copy_from.setEnabled(self.copy.isChecked())
        self.resize(720, 0)

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(_qdate(day), self)
        edit.setObjectName(name)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        return edit

    # -- texts

    def retranslate(self) -> None:
        self.setWindowTitle(_("New report") if self.source is None else _("Duplicate report"))
        texts = {"org": _("Organisation:"), "form": _("&Form:"), "kind": _("Period &type:"),
                 "year": _("&Year:"), "half": _("&Half:"), "requested": _("&Requested on:"),
                 "reference": _("Re&quest reference:"), "adhoc_deadline": _("&Deadline:"),
                 "deadline": _("Deadline:"), "request": _("Request file:"), "requester": _("Requested &by:")}
        for key, text in texts.items():
            self.labels[key].setText(text)
            self.fields[key].setAccessibleName(text.replace("&", "").rstrip(":"))
        self.org_label.setText(self.org.name)
        self.reference.setPlaceholderText(_("e.g. Official letter 1234/BCT-ATMT of 10/03/2026"))
        self.requester.setPlaceholderText(_("e.g. Bộ Công Thương (printed: “Thực hiện Công văn số … của …”)"))
        self.import_request.setText(_("&Import a request…") if self.request is None else
                                    _("Request {number} imported").format(number=self.request.number))
        self.copy.setText(_("&Copy the values of an earlier report"))
        self.copy_from.setAccessibleName(_("Earlier report to copy"))
        current_half = self.half.currentIndex()
        self.half.clear()
        self.half.addItems([_("First half (H1)"), _("Second half (H2)")])
        self.half.setCurrentIndex(max(0, current_half))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("C&reate"))
        for index in range(self.kind.count()):
            self.kind.setItemText(index, _(PERIOD_KINDS[self.kind.itemData(index)]))

    # -- state

    def form_id(self) -> str | None:
        return self.form.currentData()

    def period(self) -> str:
        kind = self.kind.currentData()
        if kind == "half":
            return f"{self.year.value()}-H{self.half.currentIndex() + 1}"
        if kind == "adhoc":
            return f"adhoc-{_pydate(self.requested.date()).isoformat()}"
        return str(self.year.value())

    def _on_form(self) -> None:
        form = next((f for f in list_forms() if f.id == self.form_id()), None)
        kind = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for key in form.periods if form else ():
            self.kind.addItem(_(PERIOD_KINDS[key]), key)
        wanted = self.source and Period.parse(self.source.period).kind
        self.kind.setCurrentIndex(max(0, self.kind.findData(wanted or kind)))
        self.kind.blockSignals(False)
        self._on_kind()

    def _on_kind(self) -> None:
        kind = self.kind.currentData()
        for key, visible in (("year", kind in ("year", "half")), ("half", kind == "half"),
                             ("requested", kind == "adhoc"), ("reference", kind == "adhoc"),
                             ("adhoc_deadline", kind == "adhoc"), ("request", kind == "adhoc"),
                             ("requester", kind == "adhoc")):
            self.rows.setRowVisible(self.labels[key], visible)
        self._suggest_period(kind)
        self._on_period()

    def _suggest_period(self, kind: str | None) -> None:
        if kind not in ("year", "half"):
            return
        taken = {r.period for r in self.store.list_reports()  # samples and trashed reports take no period
                 if r.org_id == self.org.id and r.form_id == self.form_id() and not read_meta(self.store, r.id).sample}
        if self.source is not None and Period.parse(self.source.period).kind == kind:
            period = info.next_period(self.source.period) or info.current_period(kind, self.today)
            for _step in range(6):  # the first period without a report
                if period not in taken:
                    break
                period = info.next_period(period) or period
        else:
            form = next((f for f in list_forms() if f.id == self.form_id()), None)
            period = info.due_period(kind, form.deadlines if form else {}, self.today, taken)
        parsed = Period.parse(period)
        for widget in (self.year, self.half):
            widget.blockSignals(True)
        self.year.setValue(parsed.year)
        self.half.setCurrentIndex((parsed.half or 1) - 1)
        for widget in (self.year, self.half):
            widget.blockSignals(False)

    def _on_period(self) -> None:
        self.problem.clear()
        form = next((f for f in list_forms() if f.id == self.form_id()), None)
        period = Period.parse(self.period())
        refusal = plan_refusal(period, form.first_year) if form else None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(refusal is None)
        if refusal is not None:  # said at once, with the reason; the report cannot be created
            self.problem.setText(refusal.render())
        deadline: dt.date | None
        if period.kind == "adhoc":
            deadline = _pydate(self.adhoc_deadline.date())
        else:
            deadline = period.deadline(form.deadlines) if form else None
        self.rows.setRowVisible(self.labels["deadline"], period.kind != "adhoc")
        if deadline is None:
            self.deadline_info.setText(_("no fixed deadline"))
        else:
            days = (deadline - self.today).days
            text = info.date_text(deadline)
            if days < 0:
                text = ngettext("{date} · overdue by {days} day", "{date} · overdue by {days} days", -days).format(
                    date=text, days=count_text(-days))
            self.deadline_info.setText(text)
        self._fill_copy_sources()

    def _fill_copy_sources(self) -> None:
        selected = self.copy_from.currentData()
        self.copy_from.clear()
        form_id = self.form_id()
        if form_id:
            for record in earlier_reports(self.store, org_id=self.org.id, form_id=form_id, before=self.period()):
                label = _("{period} ({status})").format(period=info.period_text(record),
                                                        status=info.status_text(record))
                self.copy_from.addItem(label, record.id)
        has_sources = self.copy_from.count() > 0
        self.copy.setEnabled(has_sources)
        if not has_sources:
            self.copy.setChecked(False)
        if selected:
            self._select_copy_source(selected)

    def _select_copy_source(self, report_id: str) -> None:
        index = self.copy_from.findData(report_id)
        if index >= 0:
            self.copy_from.setCurrentIndex(index)

    # -- create

    def accept(self) -> None:
        form_id = self.form_id()
        if not form_id:
            return
        kind = self.kind.currentData()
        reference = deadline = None
        if kind == "adhoc":
            reference = self.reference.text().strip()
            if not reference:
                self.problem.setText(_("Type the reference of the request (e.g. its letter number)."))
                self.reference.setFocus()
                return
            deadline = _pydate(self.adhoc_deadline.date()).isoformat()
        try:
            if kind == "adhoc" and self.request is not None:
                from desktop.inbox.request_import import create_report_for_request

                report_id = create_report_for_request(self.store, self.request, form_id=form_id, org_id=self.org.id,
                                                      source="ui")
            else:
                requester = self.requester.text().strip() if kind == "adhoc" else ""
                request = {"number": reference or "", "date": _pydate(self.requested.date()).isoformat(),
                           "requester": requester, "deadline": deadline or ""} if requester else None
                report_id = create_report(self.store, form_id=form_id, org_id=self.org.id,
                                          period=self.period(), reference=reference,
                                          deadline=deadline, source="ui", request=request)
        except LocalizedError as exc:
            self.problem.setText(exc.render())
            return
        self.report_id = report_id
        source_id = self.copy_from.currentData()
        if self.copy.isChecked() and source_id:
            copy_values(self.store, source_id, report_id)
        super().accept()

    # -- an imported request (the signed file Cục ATMT sent, or the e-mail carrying it)

    def choose_request(self) -> None:
        path = self.pick_request(self)
        if path:
            self.load_request(path)

    def load_request(self, path: str) -> None:
        """Check the request file in a worker thread (its signatures are verified); then fill the period."""
        if self.request_worker is not None and self.request_worker.running():
            return
        try:
            from desktop.package.roots import trust_context  # the signature libraries load on demand

            trust = trust_context(self.store)
        except LocalizedError as exc:
            self.problem.setText(exc.render())
            return
        from desktop.inbox.request_import import read_request_path

        worker = Worker(lambda _worker: read_request_path(path, trust))
        worker.succeeded.connect(self._request_read)
        worker.failed.connect(self._request_failed)
        self.request_worker = worker
        self.import_request.setEnabled(False)
        self.problem.setText(_("Checking the request…"))
        worker.start(self)

    def _request_failed(self, error: Exception) -> None:
        self.import_request.setEnabled(True)
        self.problem.setText(error.render() if isinstance(error, LocalizedError)
                             else _("The file cannot be read: {reason}").format(reason=type(error).__name__))

    def _request_read(self, request: RequestFile) -> None:
        self.import_request.setEnabled(True)
        self.request = request
        self.requested.setDate(_qdate(dt.date.fromisoformat(request.date)))
        self.adhoc_deadline.setDate(_qdate(dt.date.fromisoformat(request.deadline)))
        self.reference.setText(request.number)
        self.requester.setText(request.requester)
        for widget in (self.requested, self.adhoc_deadline, self.reference, self.requester):
            widget.setEnabled(False)  # as the signed request says
        self.retranslate()
        self._on_period()
        notes = [p.render() for p in request.problems]
        if not request.addressed_to(self.org.id):
            notes.insert(0, _("This request is not addressed to {org}.").format(org=self.org.name))
        if notes:
            self.problem.setText(" ".join(notes))
