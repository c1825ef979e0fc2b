"""numpy arrays stored as `.npy`: dtype and shape from the header, then the first elements only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xcomkit.errors import MissingExtraError, PreviewError
from xcomkit.ui.previews.base import Preview, human_size

if TYPE_CHECKING:
    from xcomkit.ui.source import ObjectSource

FIRST = 100


def preview(source: ObjectSource) -> Preview:
    """Parse the `.npy` header, then read FIRST elements (in storage order) after it."""
    try:
        import numpy as np  # noqa: PLC0415 - the API server may have no numpy
        from numpy.lib import format as npy  # noqa: PLC0415
    except ImportError as err:
        raise MissingExtraError(f"previewing arrays needs numpy ({err})", "pip install numpy") from err
    handle = source.open()
    version = npy.read_magic(handle)
    readers = {(1, 0): npy.read_array_header_1_0, (2, 0): npy.read_array_header_2_0}
    if version not in readers:
        raise PreviewError(
            f"{source.ref.url} is .npy format {version[0]}.{version[1]}, which this preview does not read",
            "pull it in a task to look at it",
            resource=source.ref.url,
        )
    shape, fortran, dtype = readers[version](handle)
    facts = {
        "dtype": str(dtype),
        "shape": " × ".join(str(n) for n in shape) or "scalar",
        "size": human_size(source.ref.size),
    }
    if dtype.hasobject:
        return Preview("ndarray", facts, note="object arrays are not stored without pickle: no elements")
    total = int(np.prod(shape))
    count = min(total, FIRST)
    first = np.frombuffer(handle.read(count * dtype.itemsize), dtype=dtype, count=count)
    order = "column-major (Fortran) order" if fortran and len(shape) > 1 else "row-major order"
    note = f"the first {count:,} of {total:,} elements, in {order}" if total > count else None
    return Preview("ndarray", facts, text=np.array2string(first, threshold=FIRST + 1), note=note)
