"""The Inbox's period, chosen by its name ("Năm 2026", "Đột xuất, yêu cầu ngày 01/03/2026"): the
years and half-years the form reports on and the ad hoc periods of the requests recorded and the
packages received. The period code ("adhoc-2026-03-01") is the item's data, never shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from desktop.forms import Period, get_form
from desktop.forms.periods import PLAN_FIRST_YEAR
from desktop.i18n import LocalizedError
from desktop.inbox.requests import request_period
from desktop.ui.signals import emit


def _order(code: str) -> tuple[int, int, str]:
    """Newest first; within a year the year itself, then its halves, then its ad hoc periods."""
    period = Period.parse(code)
    rank = {"year": 0, "half": 1, "adhoc": 2}[period.kind]
    return -period.year, rank, code


class PeriodField(QComboBox):
    editingFinished = Signal()  # a period was chosen

    def __init__(self, store: Any, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxPeriod")
        self.store = store
        self.today = today
        self.form_id: str | None = None
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reload(None, select=str(today.year))
        self.currentIndexChanged.connect(lambda _index: emit(self.editingFinished))

    @staticmethod
    def _kinds(form_id: str | None) -> tuple[str, ...]:
        try:
            return tuple(get_form(form_id).periods) if form_id else ("year", "half", "adhoc")
        except LocalizedError:
            return ("year", "half", "adhoc")

    def _codes(self, form_id: str | None) -> set[str]:
        form = None
        if form_id:
            try:
                form = get_form(form_id)
            except LocalizedError:
                form = None
        kinds = self._kinds(form_id)
        first = form.first_year if form is not None else PLAN_FIRST_YEAR
        codes: set[str] = set()
        for year in range(min(first, self.today.year), self.today.year + 2):
            if "year" in kinds:
                codes.add(str(year))
            if "half" in kinds:
                codes.update((f"{year}-H1", f"{year}-H2"))
        try:
            codes.update(request_period(record) for record in self.store.list_requests())
            codes.update(record.period for record in self.store.list_inbox_packages(form_id=form_id))
        except (LocalizedError, AttributeError):
            pass
        valid = set()
        for code in codes:
            try:
                valid.add(str(Period.parse(code)))
            except LocalizedError:
                continue
        return valid

    def reload(self, form_id: str | None, *, select: str | None = None) -> None:
        """The periods of `form_id`; the chosen one stays chosen (or `select`)."""
        current = select or self.text()
        self.form_id = form_id
        codes = self._codes(form_id)
        if current and select is None and Period.parse(current).kind not in self._kinds(form_id):
            # a period this form does not have (a year for a half-yearly form): the form's of that year
            year = Period.parse(current).year
            current = min((c for c in codes if Period.parse(c).year == year), key=_order, default="")
        if current:
            codes.add(current)
        self.blockSignals(True)
        self.clear()
        for code in sorted(codes, key=_order):
            self.addItem(Period.parse(code).label().render(), code)
        self.setCurrentIndex(max(0, self.findData(current)))
        self.blockSignals(False)

    def text(self) -> str:
        """The chosen period's code."""
        value = self.currentData()
        return str(value) if value else ""

    def setText(self, code: str) -> bool:
        """Choose the period `code` (added to the list if it is a period); False if it is none."""
        try:
            code = str(Period.parse(code))
        except LocalizedError:
            return False
        if self.findData(code) < 0:
            self.reload(self.form_id, select=code)
            emit(self.editingFinished)
        else:
            self.setCurrentIndex(self.findData(code))
        return True
