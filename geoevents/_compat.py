"""Optional dependencies, imported where they are used."""

from __future__ import annotations

import importlib
from types import ModuleType

from ._exceptions import MissingDependencyError

__all__ = ["import_optional_dependency"]


def import_optional_dependency(name: str, *, extra: str | None = None) -> ModuleType:
    """Import ``name`` or raise :class:`MissingDependencyError` naming the pip command.

    Parameters
    ----------
    name : str
        Module to import, e.g. ``"folium"``.
    extra : str, optional, default None
        The geoevents extra that installs it.
    """
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        hint = f'pip install "geoevents[{extra}]"' if extra else f"pip install {name}"
        raise MissingDependencyError(
            f"{name!r} is required for this feature but is not installed; run: {hint}"
        ) from exc
