"""pandas DataFrames as CSV: the seed tutorial's format, for people who want to open it in a sheet.

Lossy by nature (dtypes come back as pandas infers them), but the index is kept: a non-default index
is written as leading `__index__<name>` columns and restored on read, so it neither disappears nor
comes back as an `Unnamed: 0` column as in the seed.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from xcomkit.codecs.base import Encoded, library_version
from xcomkit.codecs.parquet import is_dataframe

if TYPE_CHECKING:
    import pandas as pd

INDEX_MARK = "__index__"


class CsvCodec:
    """pandas DataFrame ↔ CSV, index kept."""

    name = "csv"
    extension = "csv"
    compressible = True

    def accepts(self, value: Any) -> bool:
        """Accept pandas DataFrames."""
        return is_dataframe(value)

    def encode(self, value: pd.DataFrame) -> Encoded:
        """Write the frame; a non-default index goes first, under marked column names."""
        import pandas as pd  # noqa: PLC0415

        rows, columns = value.shape
        frame = value
        default_index = isinstance(value.index, pd.RangeIndex) and value.index.equals(pd.RangeIndex(rows))
        if not default_index:
            names = [f"{INDEX_MARK}{'' if n is None else n}" for n in value.index.names]
            frame = value.rename_axis(names).reset_index()
        return Encoded(
            frame.to_csv(index=False).encode(),
            type="pandas.DataFrame",
            shape=(rows, columns),
            writer=library_version("pandas"),
        )

    def decode(self, data: bytes) -> pd.DataFrame:
        """Read the CSV and restore the marked index columns."""
        import pandas as pd  # noqa: PLC0415

        frame = pd.read_csv(io.BytesIO(data))
        index_cols = [c for c in frame.columns if str(c).startswith(INDEX_MARK)]
        if index_cols:
            frame = frame.set_index(index_cols)
            frame.index.names = [str(c)[len(INDEX_MARK) :] or None for c in index_cols]
        return frame
