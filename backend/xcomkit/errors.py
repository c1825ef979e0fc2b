"""The kit's errors: one hierarchy that also subclasses the built-ins callers already catch.

Every message names what is wrong (bucket, key, connection id, permission) and what to do about it,
so a failed task log is enough to fix the setup.
"""

from __future__ import annotations


class XComKitError(Exception):
    """Base of every error raised by xcomkit."""


class ConfigError(XComKitError, ValueError):
    """A `[xcomkit]` setting is missing or malformed."""


class MissingExtraError(XComKitError, ImportError):
    """A store or codec needs an optional dependency that is not installed."""


class UnsupportedTypeError(XComKitError, TypeError):
    """No codec can store a value of this type."""


class InvalidReferenceError(XComKitError, ValueError):
    """A stored reference is malformed, from a newer format, or points outside the configured store."""


class ObjectMissingError(XComKitError, FileNotFoundError):
    """The object a reference points to is not in the store."""


class IntegrityError(XComKitError, ValueError):
    """The object's size or checksum differs from what the reference recorded."""


class StoreAccessError(XComKitError, PermissionError):
    """The store refused the request: credentials, permissions, region or bucket are wrong."""


class StoreUnavailableError(XComKitError, ConnectionError):
    """The store could not be reached, or kept failing after the SDK's retries."""
