"""Stores move bytes to and from object keys; `open_store` picks one by the location's scheme.

A registry from scheme to implementation, imported lazily by dotted path, each with the extra to
install when its SDK is missing (as fsspec's registry does).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

from xcomkit.errors import ConfigError, MissingExtraError
from xcomkit.stores.base import ObjectInfo, Store

if TYPE_CHECKING:
    from xcomkit.location import Location

# scheme -> (implementation, extra that brings its SDK)
REGISTRY: dict[str, tuple[str, str]] = {
    "file": ("xcomkit.stores.local:LocalStore", ""),
    "s3": ("xcomkit.stores.s3:S3Store", "aws"),
    "gs": ("xcomkit.stores.gcs:GCSStore", "gcp"),
    "wasb": ("xcomkit.stores.azure:AzureBlobStore", "azure"),
}


@cache
def open_store(location: Location) -> Store:
    """Return the (per-process, shared) store for a location."""
    if location.scheme not in REGISTRY:
        raise ConfigError(
            f"[xcomkit] path scheme {location.scheme!r} is not supported",
            f"use one of {', '.join(s + '://' for s in REGISTRY)}",
            resource=str(location),
        )
    target, extra = REGISTRY[location.scheme]
    module_name, _, attr = target.partition(":")
    try:
        module = import_module(module_name)
    except ImportError as err:
        raise MissingExtraError(
            f"the {location.scheme}:// store needs its SDK, which is not installed ({err})",
            f"pip install 'xcomkit[{extra}]'",
        ) from err
    return getattr(module, attr)(location)


__all__ = ["REGISTRY", "ObjectInfo", "Store", "open_store"]
