"""The difference analysis of signed PDFs: pyHanko's default policy, its XMP check without lxml.

After a signature, a later incremental update may rewrite the XMP metadata (Acrobat, the VGCA
tools and this app's own B-LT augmentation do). pyHanko's `MetadataUpdateRule` accepts that when
the new and the old XMP are well-formed XML with the x:xmpmeta root, and checks this with lxml;
when lxml cannot be imported (the bundle leaves it out) any such update is judged a suspicious
modification. `DIFF_POLICY` is pyHanko's `DEFAULT_DIFF_POLICY` rule for rule, but with a
`MetadataUpdateRule` whose check runs on the standard library's expat (desktop/signing/xmp.py):
the same verdicts, except that any DOCTYPE is refused (pyHanko accepts one whose entities are
never used), as is XMP nested deeper than lxml reads or larger than pyHanko decodes, and XMP of
more than `xmp.MAX_NODES` elements, texts, comments and instructions (lxml reads any number).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.pdf_utils.reader import HistoricalResolver, RawPdfPath
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DocInfoRule,
    DSSCompareRule,
    FormUpdatingRule,
    GenericFieldModificationRule,
    MetadataUpdateRule,
    ModificationLevel,
    ObjectStreamRule,
    ReferenceUpdate,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    SuspiciousModification,
    XrefStreamRule,
)
from pyhanko.sign.diff_analysis.rules_api import Context

from desktop.signing import xmp

# A packet's verdict by its SHA-256: pyHanko's rule checks the new and the old root's XMP at every
# revision, so a document with many revisions would have the same packet parsed over and over
# (expat with Python handlers is several times slower than lxml on a large packet).
_VERDICTS: dict[bytes, str] = {}  # digest: the root's name, or REFUSED + why
_REFUSED = "\0"
# every distinct packet of one file (at most one per revision, pdfrevisions.MAX_PDF_REVISIONS) is
# parsed once, however many signatures of it are checked
_KEPT_VERDICTS = 128


def _checked_root(data: bytes) -> str:
    """xmp.check_syntax(data), each distinct packet parsed once per process."""
    key = hashlib.sha256(data).digest()
    found = _VERDICTS.get(key)
    if found is None:
        try:
            found = xmp.check_syntax(data)
        except xmp.XmpError as exc:
            found = _REFUSED + str(exc)
        if len(_VERDICTS) >= _KEPT_VERDICTS:
            _VERDICTS.clear()
        _VERDICTS[key] = found
    if found.startswith(_REFUSED):
        raise xmp.XmpError(found[len(_REFUSED):])
    return found


class XmpUpdateRule(MetadataUpdateRule):
    """`MetadataUpdateRule` with its well-formedness check on expat (pyHanko's `apply` calls the
    check through its own class, so `apply` is repeated here, unchanged otherwise)."""

    @staticmethod
    def is_well_formed_xml(metadata_ref: generic.Reference) -> None:
        stream = metadata_ref.get_object()
        if not isinstance(stream, generic.StreamObject):
            raise SuspiciousModification("/Metadata should be a reference to a stream object")
        try:
            root = _checked_root(stream.read_data(DecodePurpose.XMP_METADATA))
        except Exception as exc:  # as pyHanko: anything unreadable (decoding, size, syntax) is suspicious
            raise SuspiciousModification("/Metadata XML syntax could not be validated", exc) from None
        if root != xmp.XMPMETA:
            raise SuspiciousModification("Metadata does not look like XMP")

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterable[ReferenceUpdate]:
        def grab_metadata(root: generic.DictionaryObject) -> generic.Reference | None:
            try:
                return root.get_value_as_reference("/Metadata")
            except misc.IndirectObjectExpected:
                raise SuspiciousModification("/Metadata should be an indirect reference") from None
            except KeyError:
                return None

        new_ref = grab_metadata(new.root)
        if new_ref is None:
            return
        if self.check_xml_syntax:
            self.is_well_formed_xml(new_ref)
        old_ref = grab_metadata(old.root)
        if self.check_xml_syntax and old_ref is not None:
            self.is_well_formed_xml(old_ref)
        same_ref_ok = old_ref == new_ref and not self.always_refuse_stream_override
        if same_ref_ok or old.is_ref_unassignable(new_ref):
            yield ReferenceUpdate(new_ref, context_checked=Context.from_absolute(old, RawPdfPath("/Root", "/Metadata")))


LTA = ModificationLevel.LTA_UPDATES

DIFF_POLICY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),
        DocInfoRule().as_qualified(LTA),
        XrefStreamRule().as_qualified(LTA),
        ObjectStreamRule().as_qualified(LTA),
        DSSCompareRule().as_qualified(LTA),
        XmpUpdateRule().as_qualified(LTA),
    ],
    form_rule=FormUpdatingRule(
        field_rules=[SigFieldCreationRule(), SigFieldModificationRule(), GenericFieldModificationRule()],
    ),
)
