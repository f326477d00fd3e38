"""The `unix_tools` marker is true: every test that runs a program the Windows runner lacks is marked,
and nothing else is (tests/unix_tools.py; the Windows job runs `-m "not unix_tools"`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.unix_tools import FIXTURES, MODULES, NAMED_ONLY, Suite, problems, programs_in_string

ROOT = Path(__file__).resolve().parent.parent


def test_every_test_that_runs_a_program_is_marked_and_every_entry_is_needed() -> None:
    suite = Suite(ROOT)
    assert len(list(suite.tests())) > 1000  # the scanner read the suite
    assert problems(suite) == []


def test_the_fixture_rule_covers_what_the_softhsm_fixture_runs() -> None:
    suite = Suite(ROOT)
    assert set(FIXTURES["softhsm"]) == suite.programs_of("tests.conftest", "softhsm")


def test_a_program_is_named_by_its_name_or_its_path_not_by_prose() -> None:
    assert programs_in_string("pdftotext") == {"pdftotext"}
    assert programs_in_string("/usr/lib/softhsm/libsofthsm2.so") == {"libsofthsm2"}
    assert programs_in_string("C:\\poppler\\bin\\pdfsig.exe") == {"pdfsig"}
    assert programs_in_string("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1") == {"libfaketime"}
    assert programs_in_string("bsdtar reads it as a stream") == set()
    assert programs_in_string("pdftotext-like") == set()
    assert programs_in_string("postgresql://root@/postgres?host=/var/run/postgresql") == set()


HELPER = '''
import subprocess

def text_of(pdf):
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True).stdout

def pure(x):
    return x + 1

def indirect(pdf):
    return text_of(pdf).upper()

if __name__ == "__main__":
    subprocess.run(["valgrind", "python"])
'''

CONFTEST = '''
import pytest
from tests.fake import dovecot_helper

@pytest.fixture
def imap_server():
    return dovecot_helper.start()

@pytest.fixture
def mailbox(imap_server):
    return imap_server

@pytest.fixture
def softhsm():
    return None

@pytest.fixture
def token(softhsm):
    return softhsm
'''

DOVECOT = '''
import shutil

def start():
    return shutil.which("dovecot")
'''

TESTS = '''
import subprocess
from tests.fake.helper import indirect, pure
from tests.fake import helper as h
from .helper import text_of as read

def test_pure():
    assert pure(1) == 2

def test_through_two_helpers(tmp_path):
    assert indirect(tmp_path)

def test_through_a_module_alias(tmp_path):
    assert h.text_of(tmp_path)

def test_through_a_relative_import(tmp_path):
    assert read(tmp_path)

def test_direct():
    subprocess.run(["/usr/bin/soffice", "--headless"])

def test_through_fixtures(mailbox):
    assert mailbox

def test_token(token):
    """Runs pdfsig too, says this docstring: prose is not a program."""
    assert token

class TestGroup:
    def test_inside(self):
        subprocess.run(["msgfmt", "x.po"])
'''

STARRED = '''
from tests.fake.dovecot_helper import *

def test_star():
    assert start()
'''

UNMARKED = {"tests/fake/helper.py": HELPER, "tests/fake/conftest.py": CONFTEST,
            "tests/fake/dovecot_helper.py": DOVECOT, "tests/fake/test_things.py": TESTS,
            "tests/fake/__init__.py": "", "tests/fake/test_starred.py": STARRED}


def test_the_guard_finds_unmarked_tests_through_helpers_aliases_and_fixtures() -> None:
    suite = Suite(ROOT, sources=UNMARKED)
    found = {t.nodeid.split("::")[1]: t.programs for t in suite.tests()}
    assert found == {
        "test_star": {"dovecot"},
        "test_pure": set(),
        "test_through_two_helpers": {"pdftotext"},
        "test_through_a_module_alias": {"pdftotext"},
        "test_through_a_relative_import": {"pdftotext"},
        "test_direct": {"soffice"},
        "test_through_fixtures": {"dovecot"},
        "test_token": set(),
        "TestGroup": {"msgfmt"},
    }
    wrong = problems(suite, modules={}, fixtures={"softhsm": ()}, named_only={})
    assert len(wrong) == 7 and all("is not marked unix_tools" in w for w in wrong), wrong
    assert any(w.startswith("tests/fake/test_things.py::test_through_fixtures runs dovecot") for w in wrong)
    assert any(w.startswith("tests/fake/test_things.py::TestGroup runs msgfmt") for w in wrong)


def test_the_guard_accepts_a_true_table_and_refuses_a_wrong_or_stale_one() -> None:
    suite = Suite(ROOT, sources=UNMARKED)
    true = {
        "tests/fake/test_starred.py": ("dovecot",),
        "tests/fake/test_things.py::test_through_two_helpers": ("pdftotext",),
        "tests/fake/test_things.py::test_through_a_module_alias": ("pdftotext",),
        "tests/fake/test_things.py::test_through_a_relative_import": ("pdftotext",),
        "tests/fake/test_things.py::test_direct": ("soffice",),
        "tests/fake/test_things.py::test_through_fixtures": ("dovecot",),
        "tests/fake/test_things.py::TestGroup": ("msgfmt",),
    }
    assert problems(suite, modules=true, fixtures={"softhsm": ()}, named_only={}) == []
    # the whole module instead: its programs are the union
    whole = {"tests/fake/test_things.py": ("dovecot", "msgfmt", "pdftotext", "soffice"),
             "tests/fake/test_starred.py": ("dovecot",)}
    assert problems(suite, modules=whole, fixtures={"softhsm": ()}, named_only={}) == []
    # an entry that names the wrong programs, one that marks a test needing none, one for no test
    wrong = {**true, "tests/fake/test_things.py::test_direct": ("pdftotext",),
             "tests/fake/test_things.py::test_pure": ("pdftotext",),
             "tests/fake/test_gone.py": ("pdftotext",)}
    said = problems(suite, modules=wrong, fixtures={"softhsm": ()}, named_only={})
    assert len(said) == 3, said
    assert any("test_direct: MODULES says pdftotext, its tests run soffice" in s for s in said)
    assert any(s.startswith("tests/fake/test_things.py::test_pure is in MODULES but none") for s in said)
    assert any(s.startswith("tests/fake/test_gone.py is in MODULES") for s in said)
    # NAMED_ONLY: a test that runs nothing there is stale; so is one that is not a test
    stale = problems(suite, modules=true, fixtures={"softhsm": ()},
                     named_only={"tests/fake/test_things.py::test_pure": "x", "tests/fake/test_x.py::test_y": "x"})
    assert len(stale) == 2, stale


def test_the_softhsm_fixture_rule_reaches_through_other_fixtures() -> None:
    suite = Suite(ROOT, sources=UNMARKED)
    (token,) = [t for t in suite.tests() if t.nodeid.endswith("::test_token")]
    assert token.fixtures == {"token", "softhsm"}


def test_pytest_marks_what_the_table_says_and_deselects_only_when_asked() -> None:
    """The hook in tests/conftest.py, run by pytest itself: one module marked whole, one in part, a
    softhsm user; nothing deselected without -m."""
    files = ["tests/inbox/test_imap.py", "tests/export/test_pss.py", "tests/signing/test_drivers.py"]

    def collected(*args: str) -> list[str]:
        done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                               *args, *files], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        return [line for line in done.stdout.splitlines() if "::" in line]

    everything, marked, unmarked = collected(), collected("-m", "unix_tools"), collected("-m", "not unix_tools")
    assert sorted(marked + unmarked) == sorted(everything) and marked and unmarked
    def is_in(nodeid: str, key: str) -> bool:
        return nodeid == key or nodeid.startswith((f"{key}::", f"{key}["))
    expected = [n for n in everything if any(is_in(n, key) for key in MODULES)
                or n.startswith("tests/export/test_pss.py::test_softhsm_offers_pss")]
    assert sorted(marked) == sorted(expected)
    assert all(n.startswith("tests/inbox/test_imap.py") for n in everything if n.startswith("tests/inbox"))
    assert not any(n.startswith("tests/inbox/test_imap.py") for n in unmarked)
    assert any(n.startswith("tests/export/test_pss.py") for n in unmarked)
    assert set(NAMED_ONLY) <= set(unmarked)
