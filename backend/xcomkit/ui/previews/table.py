"""Frames and tables (pandas, polars, Arrow; Parquet or Arrow IPC): counts, schema, the first rows.

Parquet is read the way its layout allows: the footer (schema, row and column counts, where each
column chunk starts), then, with buffered column reads, only the pages the first rows live in —
never the whole object. Arrow IPC files (footer) and streams (schema, first batch) likewise. The
container is told by its magic bytes, so a codec is added to the registry whatever it writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xcomkit.errors import MissingExtraError, PreviewError
from xcomkit.ui.previews.base import Preview

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit.ui.source import ObjectSource

ROWS = 20
MAX_COLUMNS = 50
CELL = 120
# Column chunks are read through a buffer of this size: a page header, then just that page.
COLUMN_BUFFER = 16 * 1024


def _pyarrow() -> Any:
    try:
        import pyarrow as pa  # noqa: PLC0415 - heavy, optional
    except ImportError as err:
        raise MissingExtraError(
            f"previewing tables needs pyarrow ({err})", "pip install 'xcomkit[pandas]' in the API server"
        ) from err
    return pa


def _parquet(handle: Any) -> tuple[Any, int, Any]:
    import pyarrow.parquet as pq  # noqa: PLC0415

    parquet = pq.ParquetFile(handle, buffer_size=COLUMN_BUFFER, pre_buffer=False)
    batch = next(parquet.iter_batches(batch_size=ROWS, use_threads=False), None)
    return parquet.schema_arrow, parquet.metadata.num_rows, batch


def _ipc_file(handle: Any) -> tuple[Any, int, Any]:
    reader = _pyarrow().ipc.open_file(handle)
    batch = reader.get_batch(0) if reader.num_record_batches else None
    return reader.schema, None, batch  # the footer records batches, not rows


def _ipc_stream(handle: Any) -> tuple[Any, int | None, Any]:
    reader = _pyarrow().ipc.open_stream(handle)
    batch = next(iter(reader), None)
    return reader.schema, None, batch


def _container(head: bytes, tail: bytes) -> Callable[[Any], tuple[Any, int | None, Any]]:
    if tail == b"PAR1":
        return _parquet
    if head.startswith(b"ARROW1"):
        return _ipc_file
    return _ipc_stream


def _cell(value: Any) -> str:
    text = "null" if value is None else str(value)
    return text if len(text) <= CELL else text[: CELL - 1] + "…"


def _read(source: ObjectSource) -> tuple[Any, int | None, Any]:
    pa = _pyarrow()
    reader = _container(source.head(8), source.tail()[-4:])
    try:
        return reader(source.open())
    except (pa.ArrowException, OSError, ValueError) as err:
        if source.by_ranges:
            source.whole()  # a damaged object fails here with the backend's size or checksum error
        raise PreviewError(
            f"{source.ref.url} is intact but could not be read as a table: {err}",
            "pull it in a task to look at it",
            resource=source.ref.url,
        ) from err


def preview(source: ObjectSource) -> Preview:
    """Return row and column counts, the schema and the first ROWS rows."""
    schema, rows, batch = _read(source)
    rows = rows if rows is not None else source.ref.rows
    shown = schema.names[:MAX_COLUMNS]
    first = batch.slice(0, ROWS).to_pylist() if batch is not None else []
    facts = {
        "type": source.ref.type or "table",
        "rows": f"{rows:,}" if rows is not None else "not recorded",
        "columns": f"{len(schema.names):,}",
    }
    notes = [f"the first {len(first)} rows"] if rows is None or rows > len(first) else []
    if len(schema.names) > MAX_COLUMNS:
        notes.append(f"the first {MAX_COLUMNS} of {len(schema.names):,} columns")
    return Preview(
        "table",
        facts,
        schema=[(field.name, str(field.type)) for field in schema][:MAX_COLUMNS],
        rows=[[_cell(row.get(name)) for name in shown] for row in first],
        note=", ".join(notes) or None,
    )
