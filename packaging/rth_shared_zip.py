"""PyInstaller runtime hook of ct20.spec, run before every other runtime hook and the program.

ct20.spec zips the compiled modules into `_internal/base_library.zip` (one copy for ct20 and
ct20-cli), also those of packages whose extension modules or data files stay loose in
`_internal/<package>/` (aiohttp, cryptography, rpds, desktop ...). Python's zipimport alone would
give such a package a `__path__` inside the zip, where its extension modules are not, and modules
a `__file__` inside the zip, beside which their data files are not. The finder installed here finds
every module of the zip and gives those packages what PyInstaller's own archive gives: `__file__`
in the loose folder and that folder added to a package's `__path__`.

It also reads each module once: zipimport's own finder asks its loader for the file name, which
decompresses and unmarshals the module, and then loads it again (CPython 3.11 to 3.13). The specs
made here name the same zipimport loader, origin and search path zipimport would, so that loading,
`__file__`, `__loader__` and `importlib.resources` behave as with zipimport's own finder.
"""


def _pyi_rthook():  # names of a runtime hook live in __main__'s namespace: keep them in here
    import os
    import sys
    import zipimport
    from importlib.machinery import ModuleSpec, PathFinder

    root = sys._MEIPASS  # type: ignore[attr-defined]  # set by PyInstaller's bootloader
    archive = os.path.join(root, "base_library.zip")
    if not os.path.isfile(archive):
        return
    importers = {(): zipimport.zipimporter(archive)}  # by folder inside the zip: loaders as zipimport makes them

    def in_zip(folder, name):
        """(the loader, whether it is a package) of a module of the zip, or None."""
        importer = importers.get(folder)
        if importer is None:
            importer = importers[folder] = zipimport.zipimporter(os.path.join(archive, *folder))
        try:
            return importer, importer.is_package(name)
        except zipimport.ZipImportError:  # not in the zip, or a folder without __init__ (namespace)
            return None

    with os.scandir(root) as entries:
        mixed = frozenset(e.name for e in entries if e.is_dir() and e.name.isidentifier() and in_zip((), e.name))

    class SharedZipFinder:
        """Finds the modules of base_library.zip, with a loose folder's __file__ and __path__ if any."""

        @staticmethod
        def find_spec(fullname, path=None, target=None):
            parts = fullname.split(".")
            if len(parts) > 1:  # a submodule is in the zip only if its package came from there
                parent = getattr(sys.modules.get(".".join(parts[:-1])), "__spec__", None)
                if parent is None or not isinstance(parent.loader, zipimport.zipimporter):
                    return None
            found = in_zip(tuple(parts[:-1]), parts[-1])
            if found is None:
                return None  # e.g. an extension module in the loose folder: found by PathFinder
            importer, is_package = found
            base = os.path.join(root, *parts) if parts[0] in mixed else os.path.join(archive, *parts)
            origin = os.path.join(base, "__init__.pyc") if is_package else base + ".pyc"
            spec = ModuleSpec(fullname, importer, origin=origin, is_package=is_package)
            spec.has_location = True
            if is_package:
                spec.submodule_search_locations = [os.path.join(archive, *parts)]
                loose = os.path.join(root, *parts)
                if parts[0] in mixed and os.path.isdir(loose):
                    spec.submodule_search_locations.append(loose)
            return spec

        @staticmethod
        def invalidate_caches():
            pass

    # just before PathFinder: built-in and frozen modules are found first, as without this hook
    at = next((i for i, finder in enumerate(sys.meta_path) if finder is PathFinder), len(sys.meta_path))
    sys.meta_path.insert(at, SharedZipFinder)


_pyi_rthook()
del _pyi_rthook
