"""The geoevents exception tree.

::

    GeoeventsError
    ├── GazetteerError
    │   ├── GazetteerNotFoundError (FileNotFoundError)   gazetteer data missing
    │   └── PlaceNotFoundError (KeyError)                 unknown place id
    ├── InputError (ValueError)                           bad input document or argument
    │   └── DocumentError                                 one document could not be read
    ├── MissingDependencyError (ImportError)              optional dependency not installed
    └── AssetError                                        pinned map JS/CSS assets
        ├── AssetsNotFoundError (FileNotFoundError)       not in the local cache: run
        │                                                 ``geoevents assets fetch``
        └── AssetIntegrityError (ValueError)              a download or cached file does not
                                                          match the hash in the lock file

The command line maps each class to an exit code (see ``geoevents._cli``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "GeoeventsError",
    "GazetteerError",
    "GazetteerNotFoundError",
    "PlaceNotFoundError",
    "InputError",
    "DocumentError",
    "MissingDependencyError",
    "AssetError",
    "AssetsNotFoundError",
    "AssetIntegrityError",
]


class GeoeventsError(Exception):
    """Base class of every error geoevents raises on purpose."""

    _init_args: tuple[Any, ...] | None = None

    def __reduce__(self) -> str | tuple[Any, ...]:
        # errors built from several arguments pickle (multiprocessing, Dask) with those
        # arguments, not with the one formatted message that Exception keeps in ``args``
        if self._init_args is not None:
            return (type(self), self._init_args)
        return super().__reduce__()


class GazetteerError(GeoeventsError):
    """The gazetteer could not be opened, built or queried."""


class GazetteerNotFoundError(GazetteerError, FileNotFoundError):
    """The committed gazetteer data or the index file is missing."""


class PlaceNotFoundError(GazetteerError, KeyError):
    """A place id is not in the gazetteer.

    Parameters
    ----------
    place_id : str
        The id that was asked for.
    """

    def __init__(self, place_id: str) -> None:
        self.place_id = place_id
        self._init_args = (place_id,)
        super().__init__(
            f"no place with id {place_id!r} in the gazetteer; ids look like "
            "'geonames:295620', 'wof:101920089' or 'curated:kerem-shalom-crossing'"
        )

    def __str__(self) -> str:
        return str(self.args[0])


class InputError(GeoeventsError, ValueError):
    """An argument or input has the wrong type or value."""


class DocumentError(InputError):
    """One input document could not be read.

    Parameters
    ----------
    source : str
        The file name (or document id) the problem is in.
    problem : str
        What was wrong with it.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        self._init_args = (source, problem)
        super().__init__(f"{source}: {problem}")


class MissingDependencyError(GeoeventsError, ImportError):
    """An optional dependency is needed for this feature and is not installed."""


class AssetError(GeoeventsError):
    """A pinned JavaScript/CSS asset of the maps could not be fetched, found or verified."""


class AssetsNotFoundError(AssetError, FileNotFoundError):
    """Self-contained maps need assets that are not in the local asset cache.

    Parameters
    ----------
    missing : sequence of str
        The missing files, as ``package@version/path``.
    cache_dir : str
        The asset cache directory that was searched.
    """

    def __init__(self, missing: Sequence[str], cache_dir: str) -> None:
        self.missing = tuple(missing)
        self.cache_dir = cache_dir
        self._init_args = (self.missing, cache_dir)
        shown = ", ".join(self.missing[:4]) + (" ..." if len(self.missing) > 4 else "")
        super().__init__(
            f"{len(self.missing)} map asset file(s) are not in the asset cache {cache_dir} "
            f"({shown}); self-contained maps inline them from there. Run: geoevents assets "
            "fetch (downloads the pinned npm packages once; set GEOEVENTS_CACHE_DIR to use "
            "another cache)"
        )

    def __str__(self) -> str:
        return str(self.args[0])


class AssetIntegrityError(AssetError, ValueError):
    """A downloaded or cached asset does not match the integrity hash in the lock file.

    Parameters
    ----------
    name : str
        The file or tarball, as ``package@version[/path]``.
    expected : str
        The SRI hash (``sha512-...``) recorded in the lock file.
    actual : str
        The SRI hash of the bytes received.
    """

    def __init__(self, name: str, expected: str, actual: str) -> None:
        self.name = name
        self.expected = expected
        self.actual = actual
        self._init_args = (name, expected, actual)
        super().__init__(
            f"{name} does not match the lock file: expected {expected}, got {actual}; "
            "run: geoevents assets fetch --force (if it persists, the download is being "
            "altered)"
        )
