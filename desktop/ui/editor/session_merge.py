"""The EditSession's answer to a report saved elsewhere while it is open here (another window,
`ct20 report fill`): merge both sides' changes, ask where both changed the same value, say what
happened. Mixed into EditSession (desktop/ui/editor/session.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtWidgets import QWidget

from desktop.forms.model import FormDefinition
from desktop.forms.values import field_label
from desktop.i18n import _, current_language
from desktop.store import Store
from desktop.store.merge import Conflict, merge3, take_theirs
from desktop.ui.signals import emit


class ChangedElsewhere:
    """Mixed into EditSession, which provides the attributes below."""

    store: Store
    report_id: str
    form: FormDefinition
    values: dict[str, Any]
    pending: dict[str, str]
    base_seq: int
    ask_keep_mine: Callable[[list[Conflict]], bool]
    notice: SignalInstance

    if TYPE_CHECKING:  # EditSession's own
        def replace_all(self, values: dict, pending: dict[str, str]) -> None: ...
        def parent(self) -> QObject | None: ...

    def _take_newer(self) -> None:
        """Merge the values saved elsewhere with the ones typed here, and tell the user.

        What only one side changed is kept from that side; where both changed the same value the
        user chooses (`ask_keep_mine`). The other side's values stay in the report's history.
        """
        theirs, seq = self.store.values_with_seq(self.report_id)
        # the version these edits were based on, or an older one when its autosave was thinned
        # (desktop/store/history.py): the merge then sees more changes on both sides, loses none
        base, _found = self.store.values_at_or_before(self.report_id, self.base_seq)
        merged, conflicts = merge3(base, self.values, theirs)
        keep_mine = self.ask_keep_mine(conflicts) if conflicts else True
        if not keep_mine:
            merged = take_theirs(merged, conflicts)
        self.base_seq = seq
        self.replace_all(merged, self.pending)
        if not conflicts:
            text = _("This report was changed elsewhere (in another window or with ct20) while it "
                     "was open here. Both changes were kept.")
        elif keep_mine:
            text = _("This report was changed elsewhere while it was open here. The other changes "
                     "were taken in; for {fields} your values were kept (the other ones are in the "
                     "report's history).").format(fields=self.describe(conflicts))
        else:
            text = _("This report was changed elsewhere while it was open here. The other changes "
                     "were taken in, and for {fields} the other values replaced yours, as you "
                     "chose.").format(
                fields=self.describe(conflicts))
        emit(self.notice, text)

    def describe(self, conflicts: list[Conflict]) -> str:
        """The fields of the conflicts as the user knows them ("Số văn bản", "Cụm CN (dòng 3)")."""
        lang = current_language()
        names: list[str] = []
        for conflict in conflicts:
            field = self.form.field(conflict.field_path)
            name = field_label(field, lang) if field is not None else conflict.field_path
            if conflict.row is not None:
                name = _("{table} (row {row})").format(table=name, row=conflict.row + 1)
            if name not in names:
                names.append(name)
        return ", ".join(names)

    def _ask_keep_mine(self, conflicts: list[Conflict]) -> bool:
        from PySide6.QtWidgets import QMessageBox  # not at start (issue 16)
        parent = self.parent()
        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("The report was changed elsewhere"))
        box.setText(_("While this report was open here, it was also changed elsewhere (in "
                      "another window or with ct20), in the same places: {fields}.").format(
            fields=self.describe(conflicts)))
        box.setInformativeText(_("Changes to other fields are kept either way. Which values do "
                                 "you want for these?"))
        mine = box.addButton(_("Keep my values"), QMessageBox.ButtonRole.AcceptRole)
        theirs = box.addButton(_("Take the other values"), QMessageBox.ButtonRole.RejectRole)
        mine.setObjectName("keepMine")
        theirs.setObjectName("takeTheirs")
        box.setDefaultButton(mine)
        box.setEscapeButton(mine)
        box.exec()
        return box.clickedButton() is not theirs
