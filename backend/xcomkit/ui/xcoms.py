"""What the metadata database holds for one task instance's XComs, and the preview of each.

The rows are read as the UI reads them (the `xcom` table, nothing decoded by a backend); a reference
is parsed and checked against the configured locations exactly as a worker checks it, then its
object is read with the preview connection (`[xcomkit] preview_conn_id`, default the workers').
Errors are the kit's own, shown as their text; nothing of a value is logged.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from xcomkit.config import get_settings
from xcomkit.errors import XComKitError
from xcomkit.reference import Reference, from_db_column, is_reference
from xcomkit.stores import open_store
from xcomkit.ui.previews import preview
from xcomkit.ui.previews.base import cut_text
from xcomkit.ui.previews.json import render_json
from xcomkit.ui.source import ObjectSource, ReadStats

if TYPE_CHECKING:
    from xcomkit.stores.base import Store
    from xcomkit.ui.previews.base import Preview

log = logging.getLogger(__name__)

_ROWS = (
    "SELECT key, value FROM xcom WHERE dag_id = :dag_id AND run_id = :run_id AND task_id = :task_id "
    "AND map_index = :map_index ORDER BY key"
)


@dataclass
class XComView:
    """One XCom as the page shows it: what the database holds, and the preview or its error."""

    key: str
    stored: str
    reference: Reference | None = None
    preview: Preview | None = None
    error: dict[str, Any] | None = None
    read: ReadStats | None = None


def task_xcoms(dag_id: str, run_id: str, task_id: str, map_index: int) -> list[tuple[str, Any]]:
    """Return (key, stored value) of every XCom of the task instance, from the metadata database."""
    from sqlalchemy import text  # noqa: PLC0415 - only the API server runs this

    from xcomkit.compat import create_session  # noqa: PLC0415

    params = {"dag_id": dag_id, "run_id": run_id, "task_id": task_id, "map_index": map_index}
    with create_session() as session:
        return [(row.key, row.value) for row in session.execute(text(_ROWS), params)]


def preview_store(ref: Reference) -> Store:
    """Return the store a preview reads through: the reference's location, with the preview identity."""
    settings = get_settings()
    location = settings.location_of(ref)  # refuses a reference outside every configured location
    if settings.preview_conn_id and location.scheme != "file":
        location = replace(location, conn_id=settings.preview_conn_id)
    return open_store(location)


def _db_value(raw: Any) -> Any:
    """Undo the JSON column's text encoding for references and inline values alike."""
    value = from_db_column(raw)
    for _ in range(2):
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if not isinstance(value, str):
            break
        try:
            value = json.loads(value)
        except ValueError:
            break
    return value


def view(key: str, raw: Any) -> XComView:
    """Build the view of one XCom row; a failed preview becomes its error's text, never a trace."""
    value = _db_value(raw)
    stored, _ = cut_text(json.dumps(value, indent=2, ensure_ascii=False, default=str), "stored value")
    shown = XComView(key, stored)
    if not is_reference(value):
        shown.preview = render_json(value)
        return shown
    try:
        shown.reference = Reference.from_json(value)
        source = ObjectSource(shown.reference, preview_store(shown.reference))
        shown.read = source.stats
        shown.preview = preview(source)
    except XComKitError as err:
        shown.error = {"error": type(err).__name__, "text": str(err)}
    except Exception as err:  # noqa: BLE001 - one XCom's failure must not take the page down
        log.warning("XCom preview of key %r failed: %s", key, type(err).__name__)
        shown.error = {"error": type(err).__name__, "text": f"the preview failed: {err}"}
    return shown


def task_views(dag_id: str, run_id: str, task_id: str, map_index: int) -> list[XComView]:
    """Return the view of every XCom of the task instance."""
    return [view(key, raw) for key, raw in task_xcoms(dag_id, run_id, task_id, map_index)]
