"""The geoevents exception tree.

::

    GeoeventsError
    ├── GazetteerError
    │   ├── GazetteerNotFoundError (FileNotFoundError)   gazetteer data missing
    │   └── PlaceNotFoundError (KeyError)                 unknown place id
    ├── InputError (ValueError)                           bad input document or argument
    │   └── DocumentError                                 one document could not be read
    └── MissingDependencyError (ImportError)              optional dependency not installed

The command line maps each class to an exit code (see ``geoevents._cli``).
"""

from __future__ import annotations

__all__ = [
    "GeoeventsError",
    "GazetteerError",
    "GazetteerNotFoundError",
    "PlaceNotFoundError",
    "InputError",
    "DocumentError",
    "MissingDependencyError",
]


class GeoeventsError(Exception):
    """Base class of every error geoevents raises on purpose."""


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
        super().__init__(f"{source}: {problem}")


class MissingDependencyError(GeoeventsError, ImportError):
    """An optional dependency is needed for this feature and is not installed."""
