"""Which tests need a program the Windows test runner does not have: the `unix_tools` marker.

Linux CI (.ci/run) installs every program the suite runs (SoftHSM2 and pkcs11-tool, poppler's
pdfsig/pdftotext/pdftoppm/pdfinfo/pdffonts, NSS's certutil, LibreOffice, dovecot, PostgreSQL's own
server binaries, bsdtar/unzip, openssl, msgfmt), so every test runs there and none is skipped. The
Windows job (.github/workflows/windows.yml) runs `python -m pytest -m "not unix_tools"`: the tests
below are deselected there, the rest must pass.

tests/conftest.py marks an item `unix_tools` when
- it uses one of the FIXTURES (directly or through other fixtures: `item.fixturenames`), or
- its module is in MODULES (every test of it), or its node id `module::name` is in MODULES (one
  test function or class: the others of the module still run on Windows).

tests/test_unix_tools.py keeps this table true: it reads every test module's source (the strings
and names it uses, the helpers it imports from tests/, the fixtures its tests request) and fails
when a test reaches one of PROGRAMS without being marked, or when an entry here marks nothing that
needs a program. The scanner is here too (`Suite`, `problems`), so the guard and its own test share it.

openssl is listed though the runner image may have one: the job must not depend on what an image
happens to carry. PostgreSQL: the tests that only need a server URL (CT20_TEST_PG, tests/pgtest.py)
are not marked; the Windows job starts the runner's own server for them. tests/inbox/test_pg_tls.py,
which makes its own TLS server from Debian's binaries, is.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

MARKER = "unix_tools"  # registered in pyproject.toml

# The external programs (and shared libraries) a test may run. A string constant names one when it is
# exactly the program's name, or a path whose last part is the name (or the name and a suffix: a
# library such as /usr/lib/softhsm/libsofthsm2.so).
PROGRAMS: frozenset[str] = frozenset({
    "softhsm2-util", "pkcs11-tool", "libsofthsm2",
    "pdfsig", "pdftotext", "pdftoppm", "pdfinfo", "pdffonts", "pdfimages", "pdftocairo", "certutil",
    "soffice", "libreoffice",
    "dovecot", "doveadm",
    "initdb", "pg_ctl", "pg_ctlcluster", "postgres", "psql", "createuser", "createdb", "pg_isready", "runuser",
    "bsdtar", "unzip", "zipinfo",
    "openssl",
    "msgfmt", "msgunfmt", "xgettext",
    "valgrind",
    "mount", "umount",  # tests/faults/disks.py: real small and read-only disks (tmpfs, as root)
    "qpdf", "mutool", "gs", "xvfb-run",
    "libfaketime", "faketime",
})

# Programs a test reaches but copes without, where they are missing (no failure, no skip on Windows).
OPTIONAL: dict[str, str] = {
    "libfaketime": "tests/inbox/scenario.py: without it the late export gets the CLI's own clock argument",
    "faketime": "tests/inbox/scenario.py: without it the late export gets the CLI's own clock argument",
}

# Tests that only name a program as data (a file's text, an expected value) and run nothing.
NAMED_ONLY: dict[str, str] = {
    "tests/signing/test_drivers.py::test_p11kit_modules_read_from_folders":
        "a p11-kit .module file naming SoftHSM2's library is parsed; nothing is loaded",
}

# Fixtures: every test that uses one of them (through any chain of fixtures) is marked.
FIXTURES: dict[str, tuple[str, ...]] = {
    "softhsm": ("softhsm2-util", "pkcs11-tool", "libsofthsm2"),  # tests/conftest.py, tests/softhsm.py
}

# Test modules (every test of them) or single tests (`path::name`, a function or a class) → the
# programs they run. Helper modules are not listed: the tests that call them are.
MODULES: dict[str, tuple[str, ...]] = {
    # tests/cli/test_xlsx_round_trip.py: 1 of its 2 tests
    "tests/cli/test_xlsx_round_trip.py::test_the_round_trip_survives_a_libreoffice_save":
        ("soffice",),
    # tests/export/test_asic.py: 1 of its 9 tests
    "tests/export/test_asic.py::test_openssl_accepts_the_container_signature":
        ("openssl",),
    # tests/export/test_cli_export.py: 2 of its 17 tests
    "tests/export/test_cli_export.py::test_openssl_accepts_the_container_signature_over_the_manifest":
        ("openssl",),
    "tests/export/test_cli_export.py::test_the_exported_pdf_reads_back_the_values":
        ("pdftotext",),
    "tests/export/test_long_report_export.py": ("pdfsig", "pdftotext"),
    # tests/export/test_pdf.py: 17 of its 24 tests
    "tests/export/test_pdf.py::test_raw_text_holds_every_value_in_order":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_layout_text_holds_every_value":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_header_and_title_follow_decree_30":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_a_joint_stock_corporation_has_no_ministry_line_above_it":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_a_ministry_unit_reports_to_cuc_atmt_and_may_have_no_difficulties":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_small_numbers_and_january_dates_get_a_leading_zero":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_choices_print_their_vietnamese_label_and_numbers_vietnamese_format":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_page_numbers_top_centre_from_page_two":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_signature_box_is_an_empty_rectangle_in_the_signature_block":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_closing_block_lists_recipients_and_signer":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_empty_optional_fields_are_left_out":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_the_document_is_vietnamese_whatever_the_interface_language":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_fonts_are_embedded_and_document_properties_set":
        ("pdffonts",),
    "tests/export/test_pdf.py::test_rendered_pages_have_ink_where_the_layout_puts_it":
        ("pdftoppm",),
    "tests/export/test_pdf.py::test_a_province_report_with_2000_clusters_renders":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_a_new_report_with_only_its_defaults_renders":
        ("pdftotext",),
    "tests/export/test_pdf.py::test_markup_characters_and_huge_cells_print_as_typed":
        ("pdftotext",),
    # tests/export/test_pdf_table_widths.py: 1 of its 5 tests
    "tests/export/test_pdf_table_widths.py::test_the_pdf_read_back_has_every_row_in_order":
        ("pdftotext",),
    # tests/export/test_pdfa.py: 1 of its 13 tests
    "tests/export/test_pdfa.py::test_every_font_is_embedded_none_is_a_standard_14_name":
        ("pdffonts",),
    # tests/export/test_pdfsign.py: 1 of its 6 tests
    "tests/export/test_pdfsign.py::test_signature_shows_signer_organisation_and_time":
        ("pdftoppm", "pdftotext"),
    # tests/export/test_pss.py: 2 of its 4 tests
    "tests/export/test_pss.py::test_p12_signs_with_rsa_pss":
        ("openssl", "pdfsig"),
    "tests/export/test_pss.py::test_ecdsa_key_signs_as_it_comes":
        ("openssl", "pdfsig"),
    # tests/export/test_truthful_export.py: 3 of its 11 tests
    "tests/export/test_truthful_export.py::test_the_preview_of_a_sample_is_marked_on_every_page_and_in_its_data_file":
        ("pdftotext",),
    "tests/export/test_truthful_export.py::test_a_real_report_carries_no_sample_mark":
        ("pdftotext",),
    "tests/export/test_truthful_export.py::test_justifications_are_in_the_data_file_and_the_pdf_annex":
        ("pdftotext",),
    # tests/faults/test_store_faults.py: 5 of its 13 tests (real full or read-only disks: tmpfs mounts, as root)
    "tests/faults/test_store_faults.py::test_a_full_disk_is_said_plainly_and_costs_nothing_saved": ("mount", "umount"),
    "tests/faults/test_store_faults.py::test_an_import_on_a_full_disk_says_per_file_what_was_recorded":
        ("mount", "umount"),
    "tests/faults/test_store_faults.py::test_the_editor_keeps_typing_on_a_full_disk_warns_and_retries":
        ("mount", "umount"),
    "tests/faults/test_store_faults.py::test_a_store_in_a_read_only_folder_is_read_not_called_damaged":
        ("mount", "umount"),
    "tests/faults/test_store_faults.py::test_the_app_opens_a_store_in_a_read_only_folder_read_only":
        ("mount", "umount"),
    # tests/hostile/test_content_corpus.py: 1 of its 5 tests
    "tests/hostile/test_content_corpus.py::test_libreoffice_opens_every_workbook_and_the_draft_and_sees_no_formula":
        ("libreoffice", "soffice"),
    # tests/inbox/test_cli_inbox.py: 1 of its 6 tests
    "tests/inbox/test_cli_inbox.py::test_numbered_receipts_a_deputy_and_a_rejected_package_from_the_command_line":
        ("pdftotext",),
    # tests/inbox/test_consolidate.py: 6 of its 8 tests
    "tests/inbox/test_consolidate.py::test_the_report_of_one_form_states_its_data_cutoff":
        ("pdftotext",),
    "tests/inbox/test_consolidate.py::test_the_national_wastewater_table":
        ("pdftotext",),
    "tests/inbox/test_consolidate.py::test_every_numeric_indicator_is_summed":
        ("pdftotext",),
    "tests/inbox/test_consolidate.py::test_the_status_table_and_the_issues_side_by_side":
        ("pdftotext",),
    "tests/inbox/test_consolidate.py::test_enterprise_totals_and_the_ash_reuse_target":
        ("pdftotext",),
    "tests/inbox/test_consolidate.py::test_a_form_without_national_tables_and_a_period_without_packages":
        ("pdftotext",),
    "tests/inbox/test_imap.py": ("dovecot",),  # a real dovecot started by tests/inbox/dovecot.py
    # PostgreSQL's server binaries of Debian (/usr/lib/postgresql/*/bin), runuser and chown to `postgres`: a
    # private TLS server. The tests that only need a server URL (CT20_TEST_PG) are not here: they run on
    # Windows against the runner's own PostgreSQL service.
    "tests/inbox/test_pg_tls.py": ("initdb", "pg_ctl", "postgres", "runuser"),
    # tests/inbox/test_plan_round.py: 3 of its 7 tests
    "tests/inbox/test_plan_round.py::test_the_yearly_report_to_the_prime_minister":
        ("pdftotext",),
    "tests/inbox/test_plan_round.py::test_the_end_of_period_report_reads_every_year":
        ("pdftotext",),
    "tests/inbox/test_plan_round.py::test_the_per_form_data_annex_does_not_add_up_documents":
        ("pdftotext",),
    # tests/inbox/test_receipt_followthrough.py: 3 of its 5 tests
    "tests/inbox/test_receipt_followthrough.py::test_receipts_carry_the_officers_number_and_a_deputys_signature":
        ("pdftotext",),
    "tests/inbox/test_receipt_followthrough.py::test_a_rejected_package_is_answered_with_plain_reasons_to_its_sender":
        ("pdftotext",),
    "tests/inbox/test_receipt_followthrough.py::test_a_valid_package_is_answered_rejected_only_once_rejected_with_a_reason":
        ("pdftotext",),
    # tests/inbox/test_receipts.py: 1 of its 7 tests
    "tests/inbox/test_receipts.py::test_a_receipt_round_trip_between_two_stores":
        ("pdftotext",),
    # tests/inbox/test_reminders.py: 6 of its 9 tests
    "tests/inbox/test_reminders.py::test_the_letter_names_each_recipient_its_reason_and_the_dates":
        ("pdftotext",),
    "tests/inbox/test_reminders.py::test_the_docx_is_a_word_document_on_a_decree_30_page":
        ("pdffonts",),
    "tests/inbox/test_reminders.py::test_only_missing_or_only_corrections_change_the_wording":
        ("pdftotext",),
    "tests/inbox/test_reminders.py::test_the_english_letter":
        ("pdftotext",),
    "tests/inbox/test_reminders.py::test_a_user_added_organisation_can_be_reminded":
        ("pdftotext",),
    "tests/inbox/test_reminders.py::test_many_recipients_go_to_a_list_attached_to_the_letter":
        ("pdftotext",),
    # tests/inbox/test_requests.py: 2 of its 9 tests
    "tests/inbox/test_requests.py::test_the_signed_request_reads_back_and_a_tampered_one_is_refused":
        ("pdftotext",),
    "tests/inbox/test_requests.py::test_a_report_for_the_request_prints_and_carries_it":
        ("pdftotext",),
    # tests/inbox/test_round.py: 11 of its 14 tests
    "tests/inbox/test_round.py::test_the_command_prints_the_three_files_and_the_reminders":
        ("pdftotext",),
    "tests/inbox/test_round.py::test_every_section_in_the_pdf_the_docx_and_the_workbook":
        ("pdftotext",),
    "tests/inbox/test_round.py::test_submission_status_of_every_reporter_kind":
        ("pdftotext",),
    "tests/inbox/test_round.py::test_plans_issued":
        ("pdftotext",),
    "tests/inbox/test_round.py::test_the_task_by_unit_matrix":
        ("pdftotext",),
    "tests/inbox/test_round.py::test_national_figures_rest_on_n_of_34":
        ("pdftotext",),
    "tests/inbox/test_round.py::test_workbook_totals_are_formulas_with_their_sums_cached":
        ("soffice",),
    "tests/inbox/test_round.py::test_the_docx_opens_in_libreoffice_with_page_numbers_and_the_motto_on_one_line":
        ("pdfinfo", "pdftotext", "soffice"),
    "tests/inbox/test_round.py::test_an_ad_hoc_round_expects_only_the_addressees":
        ("pdftotext",),
    "tests/inbox/test_round.py::test_a_correction_request_marks_the_reporter_until_it_sends_again":
        ("pdftotext",),
    "tests/inbox/test_round.py::test_the_half_year_round_is_the_ministry_units_first_half":
        ("pdftotext",),
    # tests/inbox/test_round_changes.py: 4 of its 5 tests
    "tests/inbox/test_round_changes.py::test_the_year_round_shows_the_clusters_that_changed_since_last_year":
        ("pdftotext",),
    "tests/inbox/test_round_changes.py::test_an_ad_hoc_request_recorded_in_the_inbox_is_a_round":
        ("pdftotext",),
    "tests/inbox/test_round_changes.py::test_the_change_is_the_same_from_the_shared_inbox":
        ("pdftotext",),
    "tests/inbox/test_round_changes.py::test_without_last_years_reports_the_round_says_there_is_nothing_to_compare":
        ("pdftotext",),
    "tests/inbox/test_round_report_lines.py": ("pdftotext",),
    # tests/package/test_independent_tools.py: 2 of its 4 tests
    "tests/package/test_independent_tools.py::test_pdfsig_trusts_the_report_with_the_test_root_in_an_nss_database":
        ("certutil", "pdfsig"),
    "tests/package/test_independent_tools.py::test_openssl_verifies_the_container_signature":
        ("openssl",),
    # tests/package/test_pdfverify.py: 1 of its 33 tests
    "tests/package/test_pdfverify.py::test_openssl_agrees_on_the_ber_signature":
        ("openssl",),
    # tests/package/test_zip_slack.py: 4 of its 15 tests
    "tests/package/test_zip_slack.py::test_the_honest_package_reads_the_same_with_every_tool":
        ("bsdtar", "unzip"),
    "tests/package/test_zip_slack.py::test_hidden_entries_are_seen_by_a_streaming_reader_only":
        ("bsdtar",),
    "tests/package/test_zip_slack.py::test_a_unicode_path_field_renames_an_entry_for_unzip_and_bsdtar":
        ("bsdtar", "unzip"),
    "tests/package/test_zip_slack.py::test_a_symlink_entry_is_a_link_for_bsdtar_and_unzip_and_a_file_for_a_byte_reader":
        ("bsdtar", "unzip"),
    # tests/signing/test_pdfa_without_lxml.py: 1 of its 9 tests
    "tests/signing/test_pdfa_without_lxml.py::test_pdfsig_and_pyhanko_validate_what_the_app_signed_without_lxml":
        ("certutil", "pdfsig"),
    # tests/test_mo_catalog.py: 1 of its 9 tests
    "tests/test_mo_catalog.py::test_a_catalog_compiled_by_gnu_msgfmt_answers_as_gettext_does":
        ("msgfmt",),
    "tests/ui/export/test_preview.py": ("pdfinfo",),
    # tests/ui/export/test_truthful_export_ui.py: 1 of its 3 tests
    "tests/ui/export/test_truthful_export_ui.py::test_the_sample_cannot_be_signed_and_its_preview_is_marked":
        ("pdfinfo", "pdftotext"),
    # tests/ui/inbox/test_inbox_mail.py: 1 of its 3 tests
    "tests/ui/inbox/test_inbox_mail.py::test_email_settings_and_the_fetch_button":
        ("dovecot",),
    # tests/ui/inbox/test_receipt_dialog.py: 1 of its 5 tests
    "tests/ui/inbox/test_receipt_dialog.py::test_a_numbered_receipt_signed_by_a_deputy":
        ("pdftotext",),
    # tests/ui/test_no_internal_codes.py: 1 of its 9 tests
    "tests/ui/test_no_internal_codes.py::test_the_documents_of_the_inbox_say_no_codes":
        ("pdftotext",),
}


def marked_programs(nodeid: str) -> tuple[str, ...] | None:
    """The programs MODULES lists for a test's node id (None: not listed)."""
    path, _, rest = nodeid.partition("::")
    if path in MODULES:
        return MODULES[path]
    name = rest.split("::")[0].split("[")[0]
    return MODULES.get(f"{path}::{name}")


# ---------------------------------------------------------------------------------------------------
# The scanner: which programs each test reaches, read from the source (no test is imported or run).


def programs_in_string(text: str) -> set[str]:
    """The program a string constant names: the string is the name, or a path ending in it."""
    text = text.strip()
    if not text or any(c.isspace() for c in text):
        return set()
    last = text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].lower()
    last = last.removesuffix(".exe")
    return {name for name in PROGRAMS if last == name or last.startswith(name + ".")}


# The scanner and its own test: they name every program, and run none.
SELF = frozenset({"tests/unix_tools.py", "tests/test_unix_tools.py"})


@dataclass
class Unit:
    """One top-level definition of a module (function, class, assigned name), or its other code."""
    programs: set[str] = field(default_factory=set)
    refs: set[str] = field(default_factory=set)  # local names or imported names it uses
    module_refs: set[tuple[str, str]] = field(default_factory=set)  # (tests module, attribute)
    whole_modules: set[str] = field(default_factory=set)  # tests modules used whole
    params: set[str] = field(default_factory=set)  # argument names: fixtures, for a fixture or test
    is_fixture: bool = False
    autouse: bool = False


@dataclass
class Module:
    name: str  # dotted: tests.export.test_pdf
    path: str  # relative, with "/": tests/export/test_pdf.py
    units: dict[str, Unit]
    symbols: dict[str, tuple[str, str]]  # local name → (tests module, name in it)
    aliases: dict[str, str]  # local name → tests module
    module_wide: Unit  # code outside the named definitions, pytestmark

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0]


def _is_fixture(decorator: ast.expr) -> tuple[bool, bool]:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    if name != "fixture":
        return False, False
    autouse = isinstance(decorator, ast.Call) and any(
        k.arg == "autouse" and isinstance(k.value, ast.Constant) and k.value.value is True
        for k in decorator.keywords)
    return True, autouse


def _resolve_relative(module: str, level: int, target: str | None, is_package: bool) -> str:
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([target] if target else [])])


class _Reader(ast.NodeVisitor):
    def __init__(self, unit: Unit, aliases: dict[str, str], names: set[str], modules: set[str],
                 basenames: dict[str, set[str]]) -> None:
        self.unit, self.aliases, self.names, self.modules, self.basenames = unit, aliases, names, modules, basenames

    def visit_Expr(self, node: ast.Expr) -> None:  # a docstring or a bare string says, it does not run
        if not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            self.unit.programs |= programs_in_string(node.value)
            text = node.value.strip()
            if text in self.modules:  # python -m tests.faults.zygote
                self.unit.whole_modules.add(text)
            elif text.endswith(".py") and "/" not in text and text in self.basenames:
                self.unit.whole_modules |= self.basenames[text]

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("usefixtures", "getfixturevalue"):
            self.unit.params |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name) and node.value.id in self.aliases:
            self.unit.module_refs.add((self.aliases[node.value.id], node.attr))
            return
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in self.aliases:
            self.unit.whole_modules.add(self.aliases[node.id])
        elif node.id in self.names:
            self.unit.refs.add(node.id)

    def visit_arg(self, node: ast.arg) -> None:
        self.unit.params.add(node.arg)
        if node.annotation is not None:
            self.visit(node.annotation)


def _targets(node: ast.stmt) -> list[str]:
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    names: list[str] = []
    for target in targets:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name):
                names.append(sub.id)
    return names


def _is_main_block(node: ast.stmt) -> bool:
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__")


def read_module(name: str, path: str, source: str, modules: set[str],
                basenames: dict[str, set[str]]) -> Module:
    tree = ast.parse(source)
    is_package = path.endswith("/__init__.py")
    symbols: dict[str, tuple[str, str]] = {}
    aliases: dict[str, str] = {}
    starred: set[str] = set()  # from tests.x import *: all of tests.x, for every test of the module
    for node in ast.walk(tree):  # imports anywhere (tests import helpers inside functions too)
        if isinstance(node, ast.ImportFrom):
            source_module = (_resolve_relative(name, node.level, node.module, is_package) if node.level
                             else node.module or "")
            for alias in node.names:
                local = alias.asname or alias.name
                if alias.name == "*":
                    if source_module in modules:
                        starred.add(source_module)
                elif f"{source_module}.{alias.name}" in modules:
                    aliases[local] = f"{source_module}.{alias.name}"
                elif source_module in modules:
                    symbols[local] = (source_module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    if alias.asname:
                        aliases[alias.asname] = alias.name
                    else:  # import tests.pki: used as tests.pki.x, take the module whole
                        aliases.setdefault(alias.name.split(".")[0], alias.name)
    local_names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            local_names.add(node.name)
        local_names.update(_targets(node))
    known = local_names | set(symbols)
    units: dict[str, Unit] = {}
    module_wide = Unit(whole_modules=starred)
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            unit = units.setdefault(node.name, Unit())
            if not isinstance(node, ast.ClassDef):
                for decorator in node.decorator_list:
                    fixture, autouse = _is_fixture(decorator)
                    unit.is_fixture |= fixture
                    unit.autouse |= autouse
            reader = _Reader(unit, aliases, known, modules, basenames)
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    reader.visit(item)
                for decorator in node.decorator_list:
                    reader.visit(decorator)
            else:
                reader.visit(node.args)
                for item in [*node.decorator_list, *node.body]:
                    reader.visit(item)
                if node.returns is not None:
                    reader.visit(node.returns)
        elif _is_main_block(node):  # `if __name__ == "__main__":` runs as a script only
            _Reader(units.setdefault("__main__", Unit()), aliases, known, modules, basenames).visit(node)
        elif (targets := _targets(node)) and "pytestmark" not in targets:
            for target in targets:
                _Reader(units.setdefault(target, Unit()), aliases, known, modules, basenames).visit(node)
        else:
            _Reader(module_wide, aliases, known, modules, basenames).visit(node)
    return Module(name, path, units, symbols, aliases, module_wide)


@dataclass
class Found:
    """What one test (`path::name`) reaches."""
    nodeid: str
    programs: set[str]
    fixtures: set[str]


class Suite:
    """Every module under tests/ read once; the programs each definition reaches, to a fixed point."""

    def __init__(self, root: Path, sources: dict[str, str] | None = None) -> None:
        """`root` holds tests/; `sources` (path → text) stands in for the files (the guard's own test)."""
        if sources is None:
            sources = {path: p.read_text(encoding="utf-8") for p in sorted((root / "tests").rglob("*.py"))
                       if (path := p.relative_to(root).as_posix()) not in SELF}
        names = {path: path.removesuffix(".py").removesuffix("/__init__").replace("/", ".") for path in sources}
        dotted = set(names.values())
        basenames: dict[str, set[str]] = {}
        for path, name in names.items():
            basenames.setdefault(path.rsplit("/", 1)[-1], set()).add(name)
        self.modules = {names[path]: read_module(names[path], path, text, dotted, basenames)
                        for path, text in sources.items()}
        self._programs: dict[tuple[str, str], set[str]] = {}
        self._solve()

    def _conftests(self, module: Module) -> list[Module]:
        """The conftest modules whose fixtures `module` sees, nearest first (then the root's)."""
        found, parts = [], module.path.split("/")[:-1]
        while parts:
            conftest = self.modules.get(".".join([*parts, "conftest"]))
            if conftest is not None and conftest is not module:
                found.append(conftest)
            parts.pop()
        return found

    def fixture(self, module: Module, name: str) -> tuple[Module, Unit] | None:
        unit = module.units.get(name)
        if unit is not None and unit.is_fixture:
            return module, unit
        if name in module.symbols:  # a fixture imported into the module
            source, symbol = module.symbols[name]
            found = self.modules[source].units.get(symbol)
            if found is not None and found.is_fixture:
                return self.modules[source], found
        for conftest in self._conftests(module):
            unit = conftest.units.get(name)
            if unit is not None and unit.is_fixture:
                return conftest, unit
        return None

    def _edges(self, module: Module, unit: Unit) -> Iterator[tuple[str, str]]:
        for ref in unit.refs:
            if ref in module.units:
                yield module.name, ref
            elif ref in module.symbols:
                yield module.symbols[ref]
        yield from unit.module_refs
        for whole in unit.whole_modules:
            yield whole, "*"
        for param in unit.params:
            found = self.fixture(module, param)
            if found is not None:
                yield found[0].name, param

    def _solve(self) -> None:
        programs = self._programs
        for module in self.modules.values():
            for name, unit in module.units.items():
                programs[module.name, name] = set(unit.programs)
            programs[module.name, "<module>"] = set(module.module_wide.programs)
            programs[module.name, "*"] = set()
        changed = True
        while changed:
            changed = False
            for module in self.modules.values():
                everything = set()
                for name, unit in [*module.units.items(), ("<module>", module.module_wide)]:
                    mine = programs[module.name, name]
                    before = len(mine)
                    for edge in self._edges(module, unit):
                        mine |= programs.get(edge, set())
                    mine |= programs[module.name, "<module>"] if name != "<module>" else set()
                    changed |= len(mine) != before
                    everything |= mine
                whole = programs[module.name, "*"]
                if not everything <= whole:
                    whole |= everything
                    changed = True

    def _fixture_closure(self, module: Module, unit: Unit) -> set[str]:
        seen: set[str] = set()
        todo = [(module, p) for p in unit.params]
        todo += [(m, n) for m in [module, *self._conftests(module)] for n, u in m.units.items()
                 if u.is_fixture and u.autouse]
        while todo:
            where, name = todo.pop()
            found = self.fixture(where, name)
            if found is None or name in seen:
                continue
            seen.add(name)
            todo += [(found[0], p) for p in found[1].params]
        return seen

    def tests(self) -> Iterable[Found]:
        """Every test function or class of the test modules (tests/**/test_*.py), with what it reaches."""
        for module in self.modules.values():
            if not module.path.rsplit("/", 1)[-1].startswith("test_"):
                continue
            for name, unit in module.units.items():
                if name.startswith("test") or name.startswith("Test"):
                    if unit.is_fixture:
                        continue
                    yield Found(f"{module.path}::{name}", set(self._programs[module.name, name]),
                                self._fixture_closure(module, unit))

    def programs_of(self, module: str, name: str) -> set[str]:
        return set(self._programs.get((module, name), set()))


def problems(suite: Suite, modules: dict[str, tuple[str, ...]] = MODULES,
             fixtures: dict[str, tuple[str, ...]] = FIXTURES, named_only: dict[str, str] = NAMED_ONLY) -> list[str]:
    """Everything wrong with the table for `suite`: tests reaching a program unmarked, stale entries."""
    wrong: list[str] = []
    listed: dict[str, set[str]] = {key: set() for key in modules}
    for test in suite.tests():
        needed = test.programs - set(OPTIONAL)
        if test.nodeid in named_only:
            if not needed:
                wrong.append(f"{test.nodeid} is in NAMED_ONLY but names no program")
            continue
        by_fixture = sorted(test.fixtures & set(fixtures))
        path = test.nodeid.split("::")[0]
        key = path if path in modules else test.nodeid if test.nodeid in modules else None
        if by_fixture:
            needed -= {p for f in by_fixture for p in fixtures[f]}
        if key is not None:
            listed[key] |= needed
        elif needed and not by_fixture:
            wrong.append(f"{test.nodeid} runs {', '.join(sorted(needed))} but is not marked {MARKER}: "
                         f"add it (or its module) to MODULES in tests/unix_tools.py")
    seen = {test.nodeid for test in suite.tests()}
    wrong += [f"{key} is in NAMED_ONLY but is no test" for key in named_only if key not in seen]
    for key, programs in modules.items():
        if not listed[key]:
            wrong.append(f"{key} is in MODULES but none of its tests needs a program (or it is not a test): "
                         "it would not run on Windows for no reason")
        elif set(programs) != listed[key]:
            wrong.append(f"{key}: MODULES says {', '.join(sorted(programs))}, its tests run "
                         f"{', '.join(sorted(listed[key]))}")
    return wrong
