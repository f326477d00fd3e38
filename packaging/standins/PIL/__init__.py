"""CT20 Desktop's stand-in for Pillow, bundled in its place (packaging/ct20.spec, STAND_INS).

The app draws no picture into its PDFs and reads none from what users send, yet reportlab imports
`PIL.Image` when it starts (reportlab.lib.utils) and Pillow's core is 2.9 MB of the Windows
folder. This package answers that import. Every picture is refused with the OSError Pillow itself
raises for a file it cannot identify, which is what the libraries expect when a picture is bad:
openpyxl leaves it out of a workbook, reportlab reports it. No other Pillow module exists here, so
code that needs more fails at its import, plainly, as for any module the bundle leaves out.

`python -m pytest -p tests.packaging.block_excluded ...` runs the tests with this package in
Pillow's place, as the bundle runs them.
"""

__version__ = "0+ct20.standin"  # no Pillow release: a version check can tell


class UnidentifiedImageError(OSError):
    """Pillow's error for a file that is not a picture it can read."""
