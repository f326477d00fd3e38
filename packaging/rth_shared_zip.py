"""PyInstaller runtime hook of ct20.spec, run before every other runtime hook and the program.

ct20.spec zips the compiled modules into `_internal/base_library.zip` (one copy for ct20 and
ct20-cli), also those of packages whose extension modules or data files stay loose in
`_internal/<package>/` (PIL, aiohttp, cryptography, desktop ...). Python's zipimport alone would
give such a package a `__path__` inside the zip, where its extension modules are not, and modules
a `__file__` inside the zip, beside which their data files are not. This finder, first on
sys.meta_path, finds the modules of those packages as usual and then gives them what PyInstaller's
own archive gives: `__file__` in the loose folder and that folder added to a package's `__path__`.
"""


def _pyi_rthook():  # names of a runtime hook live in __main__'s namespace: keep them in here
    import os
    import sys
    import zipimport
    from importlib.machinery import PathFinder

    root = sys._MEIPASS  # type: ignore[attr-defined]  # set by PyInstaller's bootloader
    archive = os.path.join(root, "base_library.zip")
    if not os.path.isfile(archive):
        return
    importer = zipimport.zipimporter(archive)
    with os.scandir(root) as entries:
        mixed = frozenset(e.name for e in entries if e.is_dir() and e.name.isidentifier()
                          and importer.find_spec(e.name) is not None)

    class ZippedWithLooseFolder:
        """Finds the modules of the zipped packages that also have a loose folder."""

        @staticmethod
        def find_spec(fullname, path=None, target=None):
            if fullname.partition(".")[0] not in mixed:
                return None
            spec = PathFinder.find_spec(fullname, path, target)
            if spec is None or not isinstance(spec.loader, zipimport.zipimporter):
                return spec  # an extension module or a data-less namespace portion, found as usual
            parts = fullname.split(".")
            if spec.submodule_search_locations is None:
                spec.origin = os.path.join(root, *parts[:-1], parts[-1] + ".pyc")
            else:
                folder = os.path.join(root, *parts)
                spec.origin = os.path.join(folder, "__init__.pyc")
                if os.path.isdir(folder):
                    spec.submodule_search_locations.append(folder)
            return spec

        @staticmethod
        def invalidate_caches():
            pass

    sys.meta_path.insert(0, ZippedWithLooseFolder)


_pyi_rthook()
del _pyi_rthook
