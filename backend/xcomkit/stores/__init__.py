"""Stores move bytes to and from object keys; `open_store` picks one by the location's scheme.

A registry from scheme to implementation, imported lazily by dotted path, each with the extra to
install when its SDK is missing (as fsspec's registry does).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING

from xcomkit.errors import ConfigError, MissingExtraError
from xcomkit.stores.base import ObjectInfo, Store

if TYPE_CHECKING:
    from xcomkit.location import Location

# scheme -> (implementation, extra that brings its SDK, the modules that extra installs)
REGISTRY: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "file": ("xcomkit.stores.local:LocalStore", "", ()),
    "s3": ("xcomkit.stores.s3:S3Store", "aws", ("airflow.providers.amazon", "boto3")),
    "gs": ("xcomkit.stores.gcs:GCSStore", "gcp", ("airflow.providers.google", "google.cloud.storage")),
    "wasb": (
        "xcomkit.stores.azure:AzureBlobStore",
        "azure",
        ("airflow.providers.microsoft.azure", "azure.storage.blob"),
    ),
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
    target, extra, needs = REGISTRY[location.scheme]
    missing = [name for name in needs if not _installed(name)]
    if missing:
        raise MissingExtraError(
            f"the {location.scheme}:// store of {location} needs {', '.join(missing)}, not installed here",
            f"pip install 'xcomkit[{extra}]' on every Airflow component that runs tasks",
        )
    module_name, _, attr = target.partition(":")
    return getattr(import_module(module_name), attr)(location)


def _installed(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False


__all__ = ["REGISTRY", "ObjectInfo", "Store", "open_store"]
