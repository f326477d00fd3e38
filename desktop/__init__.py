"""CT20 Desktop: offline reporting under Directive 20/CT-TTg for the Ministry of Industry and Trade."""

import os

__version__ = "0.1.0"
APP_NAME = "CT20"

# openpyxl writes with lxml when it can import it, else with the standard library's XML writer.
# The bundle has no lxml (packaging/ct20.spec: python-docx and pyHanko's XMP code, its other users,
# are replaced), so the app always takes the standard-library path, also where lxml is installed
# (a developer's or the tests' environment): what is tested is what ships. Read by openpyxl at its
# import, which comes after this.
os.environ.setdefault("OPENPYXL_LXML", "False")
