"""Importing Medicare's Provider Data Catalog files: the nursing homes' Provider Information,
Home Health Care Agencies and the home health patient survey (HHCAHPS), and the IRF, LTCH
and hospice provider data.

One module per step, and this package is their public face:

- ``files``: each file CMS publishes, known by its header row, renamed columns mapped;
- ``values``: reading one cell (a CCN, a date, a rating) or saying what is wrong with it;
- ``read``: decode the upload, recognise the file, keep the columns used, find its date;
- ``check``: the preview: each provider new, changed or unchanged, problems by row and column;
- ``commit``: the one transaction that saves it, in batches, and writes the audit entry;
- ``audit``: that entry as a sentence.
"""

from transitions.providers.importer.check import (
    CHANGED,
    NEW,
    UNCHANGED,
    ImportCheck,
    Problem,
    provider_file_check,
)
from transitions.providers.importer.commit import PROVIDER_IMPORT, ImportResult, provider_file_import
from transitions.providers.importer.files import FILES_FOR_PROVIDER_KIND, SPECS, SPECS_BY_KIND
from transitions.providers.importer.read import ProviderFile, ProviderFileError, read_upload

__all__ = [
    "CHANGED",
    "FILES_FOR_PROVIDER_KIND",
    "NEW",
    "PROVIDER_IMPORT",
    "SPECS",
    "SPECS_BY_KIND",
    "UNCHANGED",
    "ImportCheck",
    "ImportResult",
    "Problem",
    "ProviderFile",
    "ProviderFileError",
    "provider_file_check",
    "provider_file_import",
    "read_upload",
]
