"""intrograph: warm-introduction paths through a team's pooled address books.

The public API is re-exported lazily so that ``import intrograph.models`` stays cheap and never
imports networkx, the store or the CLI.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "open_store": "intrograph.graph.store",
    "import_file": "intrograph.graph.importer",
    "intro_paths": "intrograph.graph.targets",
    "load_file": "intrograph.loaders",
    "generate_world": "intrograph.fixtures",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'intrograph' has no attribute {name!r}")
