"""The kit's errors: one hierarchy that also subclasses the built-ins callers already catch.

Every error carries what is wrong and what to do about it as data: `detail` (what is wrong, naming
the bucket, key or connection id), `fix` (what to do), and where known `action` (the permission or
operation refused, e.g. `s3:DeleteObject`) and `resource` (the ARN, URL or setting it was refused
on). `str(err)` renders them for a task log; the doctor and the CLI read the fields, never the text.
"""

from __future__ import annotations

from typing import Any


class XComKitError(Exception):
    """Base of every error raised by xcomkit."""

    def __init__(self, detail: str, fix: str = "", *, action: str | None = None, resource: str | None = None):
        self.detail = detail
        self.fix = fix
        self.action = action
        self.resource = resource
        super().__init__(detail, fix)

    def __str__(self) -> str:
        return f"{self.detail}; {self.fix}" if self.fix else self.detail

    def as_dict(self) -> dict[str, Any]:
        """Return the fields, for JSON output (`xcomkit … -o json`)."""
        return {
            "error": type(self).__name__,
            "detail": self.detail,
            "fix": self.fix,
            "action": self.action,
            "resource": self.resource,
        }


class ConfigError(XComKitError, ValueError):
    """A `[xcomkit]` setting or a command-line value is missing or malformed."""


class EnvironmentProblem(XComKitError, RuntimeError):
    """The environment cannot run xcomkit as is: unsupported Airflow, unmigrated database, …."""


class MissingExtraError(XComKitError, ImportError):
    """A store or codec needs an optional dependency that is not installed."""


class UnsupportedTypeError(XComKitError, TypeError):
    """No codec can store a value of this type, or the codec refuses this value."""


class InvalidReferenceError(XComKitError, ValueError):
    """A stored reference is malformed, from a newer format, or points outside the configured store."""


class ObjectMissingError(XComKitError, FileNotFoundError):
    """The object a reference points to is not in the store."""


class IntegrityError(XComKitError, ValueError):
    """The object's size or checksum differs from what the reference recorded."""


class StoreAccessError(XComKitError, PermissionError):
    """The store refused the request: credentials, permissions, region or bucket are wrong."""


class CredentialsError(StoreAccessError):
    """No credentials, or the store rejected them (expired, deleted, wrong secret)."""


class BucketMissingError(StoreAccessError):
    """The bucket or container named in `[xcomkit] path` does not exist."""


class WrongRegionError(StoreAccessError):
    """The bucket lives in another region than the connection's."""


class AccessDeniedError(StoreAccessError):
    """The identity lacks the permission `action` on `resource`."""


class StoreUnavailableError(XComKitError, ConnectionError):
    """The store could not be reached, or kept failing after the SDK's retries."""


class PreviewError(XComKitError, ValueError):
    """The object is there and intact, but the UI preview cannot show what it holds."""
