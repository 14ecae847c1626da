"""Loaders: address-book export files in, :class:`~intrograph.models.LoadResult` out.

Loaders read files and never touch a store or the network. Each format is a module with a
``load(text, file)`` and a ``sniff(text)``, registered in :data:`FORMATS`; values are kept as
the export wrote them (trimmed), and :mod:`intrograph.loaders.normalize` holds the normal forms
the graph layer applies later.

Modules: ``dispatch`` (registry, detection, load_file), ``textio`` (bytes to text, CSV
delimiters), ``fields`` (cell rules shared by loaders), ``csvrows`` (the row loop and row
rejects every CSV loader shares), ``google``, ``outlook``, ``linkedin``, ``vcard`` and
``crm`` (the formats), ``contentline`` (vCard content lines), ``salesforce`` (Account.csv, the
companion of a Salesforce Contact.csv), ``normalize`` (email, phone, LinkedIn and
organisation normal forms).
"""

from __future__ import annotations

from intrograph.loaders.dispatch import (
    FORMATS,
    Loader,
    detect_format,
    load_bytes,
    load_file,
    load_text,
)
from intrograph.loaders.salesforce import companion_bytes, is_companion

__all__ = [
    "FORMATS",
    "Loader",
    "companion_bytes",
    "detect_format",
    "is_companion",
    "load_bytes",
    "load_file",
    "load_text",
]
