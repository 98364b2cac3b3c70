"""Pinned JavaScript/CSS assets of the maps, and the local cache they are inlined from.

``_assets.lock.json`` (next to this module) names every npm package the maps use, its exact
version, the registry tarball URL with its ``dist.integrity``, and the SRI hash
(``sha512-...``) of every file taken from it. geoevents never ships the files:

* a normal map links each file on jsDelivr at the exact version, with ``integrity`` and
  ``crossorigin`` attributes, so a browser refuses anything but the locked bytes;
* a self-contained map inlines the files from the cache directory
  (``$GEOEVENTS_CACHE_DIR/assets``, else ``~/.cache/geoevents/assets``), which
  :func:`fetch_assets` (``geoevents assets fetch``) fills from the npm registry tarballs.
  Every tarball and every file is checked against the lock file, on download and on use.

To change a version, edit the lock file's package list and run
``python -m geoevents._assets relock`` (needs the network).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._exceptions import AssetError, AssetIntegrityError, AssetsNotFoundError

__all__ = [
    "AssetFile",
    "AssetPackage",
    "LOCK_FILE",
    "locked_packages",
    "asset_for_url",
    "locked_file",
    "assets_dir",
    "sri_sha512",
    "read_asset",
    "missing_assets",
    "fetch_assets",
]

LOCK_FILE = Path(__file__).with_name("_assets.lock.json")
_CDN = "https://cdn.jsdelivr.net/npm/{name}@{version}/{path}"
_REGISTRY = "https://registry.npmjs.org"

Downloader = Callable[[str], bytes]


@dataclass(frozen=True)
class AssetFile:
    """One file of a pinned npm package.

    Parameters
    ----------
    package : str
        npm package name, e.g. ``"leaflet"``.
    version : str
        Exact version, e.g. ``"1.9.3"``.
    path : str
        Path inside the package, e.g. ``"dist/leaflet.js"``.
    integrity : str
        SRI hash of the file, ``"sha512-<base64>"``.
    """

    package: str
    version: str
    path: str
    integrity: str

    @property
    def key(self) -> str:
        """``package@version/path``, also the file's place in the cache."""
        return f"{self.package}@{self.version}/{self.path}"

    @property
    def url(self) -> str:
        """The exact-version jsDelivr URL of the same bytes (used by non-inlined maps)."""
        return _CDN.format(name=self.package, version=self.version, path=self.path)


@dataclass(frozen=True)
class AssetPackage:
    """A pinned npm package: where its tarball is and which files the maps take from it.

    Parameters
    ----------
    name, version : str
        npm name and exact version.
    tarball : str
        The registry tarball URL (``dist.tarball``).
    integrity : str
        The registry's ``dist.integrity`` of the tarball (``sha512-...``).
    license : str
        SPDX licence of the package.
    files : tuple of AssetFile
        The files used.
    """

    name: str
    version: str
    tarball: str
    integrity: str
    license: str
    files: tuple[AssetFile, ...]


def sri_sha512(data: bytes) -> str:
    """The Subresource Integrity string of ``data``: ``"sha512-"`` + base64 digest."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _parse_lock(raw: dict[str, Any]) -> tuple[AssetPackage, ...]:
    out = []
    for p in raw["packages"]:
        files = tuple(
            AssetFile(p["name"], p["version"], path, integ)
            for path, integ in sorted(p["files"].items())
        )
        out.append(AssetPackage(p["name"], p["version"], p["tarball"], p["integrity"],
                                p["license"], files))
    return tuple(out)


@lru_cache(maxsize=1)
def locked_packages() -> tuple[AssetPackage, ...]:
    """The packages pinned in the lock file."""
    return _parse_lock(json.loads(LOCK_FILE.read_text("utf-8")))


def asset_for_url(url: str) -> AssetFile | None:
    """The locked file whose jsDelivr URL is ``url``, or None."""
    for pkg in locked_packages():
        for f in pkg.files:
            if f.url == url:
                return f
    return None


def locked_file(package: str, path: str) -> AssetFile:
    """The locked file ``path`` of ``package``.

    Raises
    ------
    KeyError
        If the lock file has no such file.
    """
    for pkg in locked_packages():
        for f in pkg.files:
            if f.package == package and f.path == path:
                return f
    raise KeyError(f"{package}/{path} is not in {LOCK_FILE.name}")


def assets_dir(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """The asset cache: ``<cache_dir>/assets``.

    Parameters
    ----------
    cache_dir : str or Path, optional, default None
        The geoevents cache directory; by default ``$GEOEVENTS_CACHE_DIR``, else
        ``$XDG_CACHE_HOME/geoevents``, else ``~/.cache/geoevents``.
    """
    if cache_dir is None:
        from ._gazetteer import cache_dir as default_cache_dir

        return default_cache_dir() / "assets"
    return Path(cache_dir) / "assets"


def _cached_path(f: AssetFile, root: Path) -> Path:
    return root / f"{f.package}@{f.version}" / f.path


def read_asset(f: AssetFile, *, cache_dir: str | os.PathLike[str] | None = None) -> bytes:
    """The bytes of a locked file from the asset cache, checked against the lock file.

    Parameters
    ----------
    f : AssetFile
        The file.
    cache_dir : str or Path, optional, default None
        The geoevents cache directory (see :func:`assets_dir`).

    Raises
    ------
    AssetsNotFoundError
        If the file is not in the cache.
    AssetIntegrityError
        If the cached file does not match its hash.
    """
    root = assets_dir(cache_dir)
    try:
        data = _cached_path(f, root).read_bytes()
    except FileNotFoundError:
        raise AssetsNotFoundError([f.key], str(root)) from None
    actual = sri_sha512(data)
    if actual != f.integrity:
        raise AssetIntegrityError(f"{root / f.key}", f.integrity, actual)
    return data


def missing_assets(*, cache_dir: str | os.PathLike[str] | None = None,
                   packages: Sequence[AssetPackage] | None = None) -> list[AssetFile]:
    """The locked files that are absent from the cache or do not match their hash.

    Parameters
    ----------
    cache_dir : str or Path, optional, default None
        The geoevents cache directory (see :func:`assets_dir`).
    packages : sequence of AssetPackage, optional, default None
        The packages to check; by default those in the lock file.
    """
    root = assets_dir(cache_dir)
    out = []
    for pkg in locked_packages() if packages is None else packages:
        for f in pkg.files:
            p = _cached_path(f, root)
            if not p.is_file() or sri_sha512(p.read_bytes()) != f.integrity:
                out.append(f)
    return out


def _download(url: str) -> bytes:
    from ._version import __version__

    req = urllib.request.Request(url, headers={"User-Agent": f"geoevents/{__version__}"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:  # noqa: S310 (pinned https URL)
            data: bytes = resp.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise AssetError(f"could not download {url}: {exc}") from exc
    return data


def _member_bytes(tar: tarfile.TarFile, path: str) -> bytes | None:
    # npm tarballs hold one top folder, usually "package/"; match on the rest of the path
    for member in tar.getmembers():
        if member.isfile() and member.name.split("/", 1)[-1] == path:
            fh = tar.extractfile(member)
            return fh.read() if fh is not None else None
    return None


def fetch_assets(*, cache_dir: str | os.PathLike[str] | None = None, force: bool = False,
                 download: Downloader | None = None,
                 packages: Sequence[AssetPackage] | None = None) -> list[Path]:
    """Fill the asset cache from the pinned npm registry tarballs.

    Each tarball is checked against its ``dist.integrity`` and each file taken from it
    against its own hash before it is written (atomically). Files already cached and intact
    are kept.

    Parameters
    ----------
    cache_dir : str or Path, optional, default None
        The geoevents cache directory (see :func:`assets_dir`).
    force : bool, optional, default False
        Download again even if the cached files are intact.
    download : callable, optional, default None
        ``download(url) -> bytes``; by default an HTTPS GET (for tests: no network).
    packages : sequence of AssetPackage, optional, default None
        The packages to fetch; by default those in the lock file.

    Returns
    -------
    list of Path
        The cached files, one per locked file.

    Raises
    ------
    AssetError
        If a tarball cannot be downloaded or lacks a locked file.
    AssetIntegrityError
        If a tarball or a file does not match the lock file.

    Examples
    --------
    >>> fetch_assets()  # doctest: +SKIP
    [PosixPath('/home/me/.cache/geoevents/assets/leaflet@1.9.3/dist/leaflet.css'), ...]
    """
    from ._export import atomic_write

    get = download or _download
    root = assets_dir(cache_dir)
    pkgs = locked_packages() if packages is None else tuple(packages)
    stale = {f.key for f in missing_assets(cache_dir=cache_dir, packages=pkgs)}
    written: list[Path] = []
    for pkg in pkgs:
        if not force and not any(f.key in stale for f in pkg.files):
            written.extend(_cached_path(f, root) for f in pkg.files)
            continue
        blob = get(pkg.tarball)
        actual = sri_sha512(blob)
        if actual != pkg.integrity:
            raise AssetIntegrityError(f"{pkg.name}@{pkg.version} ({pkg.tarball})",
                                      pkg.integrity, actual)
        with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
            for f in pkg.files:
                data = _member_bytes(tar, f.path)
                if data is None:
                    raise AssetError(f"{pkg.tarball} has no file {f.path!r}; the lock file "
                                     f"{LOCK_FILE} lists it")
                got = sri_sha512(data)
                if got != f.integrity:
                    raise AssetIntegrityError(f.key, f.integrity, got)
                written.append(atomic_write(_cached_path(f, root), data))
    return written


def _relock(download: Downloader = _download) -> dict[str, Any]:
    """Recompute every hash of the lock file from the registry (maintainers only)."""
    raw: dict[str, Any] = json.loads(LOCK_FILE.read_text("utf-8"))
    for p in raw["packages"]:
        meta = json.loads(_get_text(download, f"{_REGISTRY}/{p['name']}/{p['version']}"))
        p["tarball"] = meta["dist"]["tarball"]
        p["integrity"] = meta["dist"]["integrity"]
        p["license"] = meta.get("license", p.get("license", ""))
        blob = download(p["tarball"])
        if sri_sha512(blob) != p["integrity"]:
            raise AssetIntegrityError(p["tarball"], p["integrity"], sri_sha512(blob))
        with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
            for path in sorted(p["files"]):
                data = _member_bytes(tar, path)
                if data is None:
                    raise AssetError(f"{p['tarball']} has no file {path!r}")
                p["files"][path] = sri_sha512(data)
    return raw


def _get_text(download: Downloader, url: str) -> str:
    """``download(url)`` decoded as UTF-8."""
    return download(url).decode("utf-8")


if __name__ == "__main__":  # pragma: no cover - maintainer tool
    if sys.argv[1:] != ["relock"]:
        sys.exit("usage: python -m geoevents._assets relock")
    from ._export import atomic_write

    atomic_write(LOCK_FILE, json.dumps(_relock(), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {LOCK_FILE}")
