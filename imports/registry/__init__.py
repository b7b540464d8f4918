"""The import of the MPSV registry of social-service providers (RPSS open data): imports.registry.importer reads the
registry's JSON item by item and writes organisations and services (see its docstring)."""

from imports.registry.codelists import DEFAULT_CODELISTS_DIR
from imports.registry.importer import rpss_import
from imports.registry.report import ImportReport, RegistryFileError

__all__ = ["DEFAULT_CODELISTS_DIR", "ImportReport", "RegistryFileError", "rpss_import"]
