"""The "must not be able to" probe every cloud's checks share: refused is right, allowed is wrong.

A probe is a call the identity must be refused; it reads, or sends something the service refuses
after authorising (so nothing changes). The store's own `translate_error` tells a refusal from
anything else, so no check module maps SDK errors a second time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xcomkit.checks import FAILED, NOT_CHECKED, PASSED, Check
from xcomkit.errors import AccessDeniedError, CredentialsError

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit.stores.base import Store


def must_be_denied(
    store: Store,
    name: str,
    action: str,
    call: Callable[[], Any],
    *,
    allowed: str,
    fix: str,
    errors: tuple[type[Exception], ...],
    authorised: Callable[[Exception], bool] = lambda _err: False,
) -> Check:
    """Pass when the service refuses `call`; fail when it went through (or got past authorisation).

    :param errors: the SDK's error classes a refusal may come as.
    :param authorised: tells an error the service raises only after it authorised the caller (an
        invalid document, say): that proves the identity holds the right.
    """
    try:
        call()
    except errors as err:
        mapped = store.translate_error(err, action, "")
        if isinstance(mapped, AccessDeniedError):
            return Check(name, PASSED, f"denied as expected ({action})")
        if isinstance(mapped, CredentialsError):
            # A SAS or token scoped to one container is refused elsewhere as "not authenticated".
            return Check(name, PASSED, f"refused as expected ({action}: {mapped.detail})")
        if authorised(err):
            return Check(name, FAILED, allowed, fix)
        return Check(name, NOT_CHECKED, f"the service answered {mapped.detail}, which proves neither way")
    return Check(name, FAILED, allowed, fix)
