from __future__ import annotations

import pytest

from xcomkit.errors import InvalidReferenceError
from xcomkit.location import Location
from xcomkit.reference import FORMAT_VERSION, MARKER, Reference, is_reference

HERE = Location.parse("s3://conn@bkt/xcom")

REF = Reference(
    scheme="s3",
    bucket="bkt",
    key="xcom/dag/run/task/-1/return_value.json",
    codec="json",
    compression="none",
    size=3,
    checksum="sha256:" + "0" * 64,
    dag_id="dag",
    run_id="run",
    task_id="task",
    map_index=-1,
    xcom_key="return_value",
)


def test_json_round_trip_and_marker() -> None:
    obj = REF.to_json()
    assert obj[MARKER] == FORMAT_VERSION
    assert obj["url"] == "s3://bkt/xcom/dag/run/task/-1/return_value.json"
    assert "rows" not in obj
    assert is_reference(obj)
    assert Reference.from_json(obj) == REF
    assert not is_reference("s3://bkt/xcom/key")
    assert not is_reference({"url": "s3://bkt/x"})


def test_newer_format_is_refused_with_the_fix() -> None:
    with pytest.raises(InvalidReferenceError, match="upgrade xcomkit on this worker"):
        Reference.from_json({**REF.to_json(), MARKER: FORMAT_VERSION + 1})


@pytest.mark.parametrize(
    "patch", [{"size": -1}, {"size": "3"}, {"key": 5}, {"unexpected": 1}, {"codec": None}]
)
def test_malformed_is_refused(patch: dict) -> None:
    with pytest.raises(InvalidReferenceError, match="malformed XCom reference"):
        Reference.from_json({**REF.to_json(), **patch})


def test_within_configured_store() -> None:
    REF.check_within(HERE)
    assert REF.is_within(Location.parse("s3://another_conn@bkt/xcom")), "the connection is not the store"


@pytest.mark.parametrize(
    "patch",
    [
        {"bucket": "other"},
        {"scheme": "file"},
        {"key": "other/dag/x.json"},
        {"key": "xcom/../secrets/x.json"},
        {"key": "/xcom/dag/x.json"},
        {"key": "xcom//dag/x.json"},
        {"key": "xcomother/x.json"},
    ],
)
def test_outside_configured_store_is_refused(patch: dict) -> None:
    ref = Reference.from_json({**REF.to_json(), **patch})
    assert not ref.is_within(HERE)
    with pytest.raises(
        InvalidReferenceError, match="is not a plain key under any configured location"
    ) as info:
        ref.check_within(HERE)
    assert info.value.resource == ref.url
    assert "point them back at the store" in info.value.fix


# Written by xcomkit 0.1.0 (reference format 1), as its workers stored them in the metadata database.
V1_FIXTURES = {
    "json": {
        "__xcomkit__": 1, "url": "s3://bkt/xcom/d/r/t/-1/return_value.json", "scheme": "s3", "bucket": "bkt",
        "key": "xcom/d/r/t/-1/return_value.json", "codec": "json", "compression": "none", "size": 17,
        "sha256": "a" * 64, "dag_id": "d", "run_id": "r", "task_id": "t", "map_index": -1,
        "xcom_key": "return_value",
    },
    "parquet": {
        "__xcomkit__": 1, "url": "s3://bkt/xcom/d/r/t/-1/return_value.parquet", "scheme": "s3",
        "bucket": "bkt", "key": "xcom/d/r/t/-1/return_value.parquet", "codec": "parquet",
        "compression": "none", "size": 4096, "sha256": "b" * 64, "dag_id": "d", "run_id": "r",
        "task_id": "t", "map_index": -1, "xcom_key": "return_value", "rows": 1000, "columns": 6,
    },
}  # fmt: skip


@pytest.mark.parametrize("name", list(V1_FIXTURES))
def test_format_1_references_still_read(name: str) -> None:
    old = V1_FIXTURES[name]
    ref = Reference.from_json(old)
    assert ref.checksum == f"sha256:{old['sha256']}"
    assert (ref.rows, ref.columns) == (old.get("rows"), old.get("columns"))
    assert ref.url == old["url"]
    assert ref.is_within(HERE)
    # Written again, it is a format-2 reference to the same object.
    again = ref.to_json()
    assert again[MARKER] == FORMAT_VERSION == 2
    assert (again["key"], again["size"], again["checksum"]) == (old["key"], old["size"], ref.checksum)


def test_format_2_carries_what_the_value_is() -> None:
    ref = Reference.from_json(
        {**REF.to_json(), "type": "numpy.ndarray", "shape": [3, 4, 5], "writer": "numpy 2.3.0"}
    )
    assert ref.shape == (3, 4, 5)
    assert ref.to_json()["shape"] == [3, 4, 5]
    assert (ref.rows, ref.columns) == (3, None)
