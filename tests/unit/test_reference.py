from __future__ import annotations

import pytest

from xcomkit.errors import InvalidReferenceError
from xcomkit.reference import FORMAT_VERSION, MARKER, Reference, is_reference

REF = Reference(
    scheme="s3",
    bucket="bkt",
    key="xcom/dag/run/task/-1/return_value.json",
    codec="json",
    compression="none",
    size=3,
    sha256="0" * 64,
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
    REF.check_within("s3", "bkt", "xcom")


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"bucket": "other"}, "is in bucket 'other', not the configured bucket 'bkt'"),
        ({"scheme": "file"}, "is for a 'file' store but"),
        ({"key": "other/dag/x.json"}, "not a plain key under the configured prefix 'xcom'/"),
        ({"key": "xcom/../secrets/x.json"}, "not a plain key"),
        ({"key": "/xcom/dag/x.json"}, "not a plain key"),
        ({"key": "xcom//dag/x.json"}, "not a plain key"),
        ({"key": "xcomother/x.json"}, "not a plain key"),
    ],
)
def test_outside_configured_store_is_refused(patch: dict, message: str) -> None:
    ref = Reference.from_json({**REF.to_json(), **patch})
    with pytest.raises(InvalidReferenceError, match=message):
        ref.check_within("s3", "bkt", "xcom")
