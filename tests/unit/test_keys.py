from __future__ import annotations

from xcomkit.keys import MAX_KEY_BYTES, encode_segment, object_key


def key(**overrides: object) -> str:
    args = {
        "dag_id": "dag",
        "run_id": "manual__2024-01-01T00:00:00+00:00",
        "task_id": "task",
        "map_index": -1,
        "key": "return_value",
        "suffix": ".json",
    }
    args.update(overrides)
    return object_key("xcom", **args)  # type: ignore[arg-type]


def test_layout_and_encoding() -> None:
    assert key() == "xcom/dag/manual__2024-01-01T00%3A00%3A00%2B00%3A00/task/-1/return_value.json"
    assert key(map_index=7, key="a/b c/ü").endswith("/task/7/a%2Fb%20c%2F%C3%BC.json")


def test_dot_segments_never_escape() -> None:
    assert encode_segment("..") == "%2E%2E"
    assert encode_segment(".") == "%2E"
    assert encode_segment("") == "%00"
    assert "/../" not in key(task_id="..", key="../../etc/passwd")


def test_deterministic_and_distinct() -> None:
    assert key() == key()
    assert key(map_index=0) != key(map_index=1)
    assert key(key="a/b") != key(key="a%2Fb")


def test_long_ids_are_shortened_uniquely() -> None:
    long = {"dag_id": "d" * 250, "task_id": "t" * 250, "run_id": "r" * 250}
    first = key(**long, key="k" * 400 + "1")
    second = key(**long, key="k" * 400 + "2")
    assert len(first.encode()) <= MAX_KEY_BYTES
    assert len(second.encode()) <= MAX_KEY_BYTES
    assert first != second
    assert first == key(**long, key="k" * 400 + "1")
    assert first.endswith(".json")
