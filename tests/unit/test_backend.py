"""The backend on the local store: what goes where, what comes back, and every refusal's message."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from xcomkit.backend import ObjectStorageXComBackend as Worker
from xcomkit.errors import (
    IntegrityError,
    InvalidReferenceError,
    ObjectMissingError,
    UnsupportedTypeError,
)
from xcomkit.reference import MARKER, is_reference

RUN = "scheduled__2024-01-01T00:00:00+00:00"


def push(value: Any, key: str = "return_value", map_index: int = -1, task_id: str = "task") -> Any:
    return Worker.serialize_value(
        value, key=key, dag_id="dag", run_id=RUN, task_id=task_id, map_index=map_index
    )


def pull(stored: Any) -> Any:
    return Worker.deserialize_value(SimpleNamespace(value=stored))


@pytest.fixture
def store(xcomkit_env: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    root = tmp_path / "objects"
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", f"file://{root}")
    return root


def test_value_goes_to_the_store_and_only_a_reference_is_returned(store: Path) -> None:
    ref = push({"a": [1, 2]}, map_index=3)
    assert is_reference(ref)
    expected = (
        store / "dag" / "scheduled__2024-01-01T00%3A00%3A00%2B00%3A00" / "task" / "3" / "return_value.json"
    )
    assert ref["key"] == str(expected)[1:]
    assert expected.read_bytes() == b'{"a":[1,2]}'
    assert (ref["size"], ref["codec"], ref["map_index"], ref["xcom_key"]) == (11, "json", 3, "return_value")
    assert pull(ref) == {"a": [1, 2]}


def test_retry_overwrites_the_same_object(store: Path) -> None:
    first, second = push("one"), push("two")
    assert first["key"] == second["key"]
    assert pull(second) == "two"
    assert len([p for p in store.rglob("*") if p.is_file()]) == 1


def test_dataframe_goes_as_parquet_with_its_shape(store: Path) -> None:
    df = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    ref = push(df)
    assert (ref["codec"], ref["shape"], ref["type"]) == ("parquet", [3, 2], "pandas.DataFrame")
    assert ref["writer"].startswith("pyarrow ")
    assert ref["key"].endswith("return_value.parquet")
    pd.testing.assert_frame_equal(pull(ref), df)


def test_csv_format_setting(store: Path, xcomkit_env: pytest.MonkeyPatch) -> None:
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__DATAFRAME_FORMAT", "csv")
    ref = push(pd.DataFrame({"a": [1, 2]}))
    assert ref["codec"] == "csv"
    assert Path("/", ref["key"]).read_text() == "a\n1\n2\n"


@pytest.mark.parametrize(
    "key", ["skipmixin_key", "_link_SomeLink", "trigger_run_id", "trigger_logical_date_iso"]
)
def test_airflow_internal_keys_stay_inline(store: Path, key: str) -> None:
    assert push({"followed": ["a"]}, key=key) == {"followed": ["a"]}
    assert not store.exists()


def test_threshold_keeps_small_values_inline(store: Path, xcomkit_env: pytest.MonkeyPatch) -> None:
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__THRESHOLD", "20")
    assert push([1, 2, 3]) == [1, 2, 3]
    assert pull([1, 2, 3]) == [1, 2, 3]
    assert is_reference(push(list(range(20))))
    # bytes and DataFrames are never inline: the default backend could not store them as such
    assert is_reference(push(b"ab"))


def test_a_user_dict_that_looks_like_a_reference_is_never_inline(
    store: Path, xcomkit_env: pytest.MonkeyPatch
) -> None:
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__THRESHOLD", "1000")
    tricky = {MARKER: 1, "key": "whatever"}
    ref = push(tricky)
    assert ref != tricky
    assert pull(ref) == tricky


@pytest.mark.parametrize(
    ("algorithm", "suffix", "magic"),
    [("gzip", ".json.gz", b"\x1f\x8b"), ("zstd", ".json.zst", b"\x28\xb5\x2f\xfd")],
)
def test_compression(
    store: Path, xcomkit_env: pytest.MonkeyPatch, algorithm: str, suffix: str, magic: bytes
) -> None:
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__COMPRESSION", algorithm)
    value = {"text": "abc" * 1000}
    ref = push(value)
    assert ref["key"].endswith(suffix)
    assert ref["compression"] == algorithm
    body = Path("/", ref["key"]).read_bytes()
    assert body.startswith(magic)
    assert len(body) < 200
    assert pull(ref) == value
    parquet = push(pd.DataFrame({"a": [1]}))
    assert parquet["compression"] == "none", "Parquet compresses inside the file"


def test_missing_object_raises_naming_origin_and_fix(store: Path) -> None:
    ref = push(42, key="answer", task_id="producer")
    Path("/", ref["key"]).unlink()
    with pytest.raises(ObjectMissingError) as info:
        pull(ref)
    message = str(info.value)
    assert "dag 'dag'" in message
    assert "task 'producer'" in message
    assert "key 'answer'" in message
    assert ref["url"] in message
    assert "clear task 'producer'" in message
    assert isinstance(info.value, FileNotFoundError)


def test_corrupted_object_fails_the_checksum(store: Path) -> None:
    ref = push("abcdef")
    path = Path("/", ref["key"])
    path.write_bytes(path.read_bytes().replace(b"b", b"x"))
    with pytest.raises(IntegrityError, match=r"fails its checksum \(expected crc32c:"):
        pull(ref)


def test_replaced_object_of_another_size_is_refused(store: Path) -> None:
    ref = push("abcdef")
    Path("/", ref["key"]).write_bytes(b'"abc"')
    with pytest.raises(IntegrityError, match=r"fails its checksum .*the XCom pushed by dag 'dag'"):
        pull(ref)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"bucket": "elsewhere"}, "is not a plain key under any configured location"),
        ({"scheme": "s3"}, "to s3://.* is not a plain key under any configured location"),
        ({"key": "etc/passwd"}, "to file:///etc/passwd .*is not a plain key under any configured location"),
    ],
)
def test_foreign_references_are_refused(store: Path, patch: dict, message: str) -> None:
    ref = push("v")
    with pytest.raises(InvalidReferenceError, match=message):
        pull({**ref, **patch})


def test_traversal_is_refused_before_touching_the_disk(store: Path) -> None:
    ref = push("v")
    bad = {**ref, "key": ref["key"].rsplit("/", 2)[0] + "/../../../../outside.json"}
    with pytest.raises(InvalidReferenceError, match="not a plain key"):
        pull(bad)


def test_purge_deletes_the_object(store: Path) -> None:
    ref = push("v")
    Worker.purge(SimpleNamespace(value=ref))
    assert not Path("/", ref["key"]).exists()
    Worker.purge(SimpleNamespace(value=ref))  # already gone: fine
    Worker.purge(SimpleNamespace(value="inline value"))  # not ours: nothing to do


def test_purge_never_deletes_outside_the_store(
    store: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    victim = tmp_path / "victim.json"
    victim.write_text("keep me")
    ref = push("v")
    with caplog.at_level(logging.WARNING):
        Worker.purge(SimpleNamespace(value={**ref, "key": str(victim)[1:]}))
    assert victim.exists()
    assert "not purging XCom object" in caplog.text


def test_unsupported_type_names_type_and_codecs(store: Path) -> None:
    class Opaque:
        pass

    with pytest.raises(
        UnsupportedTypeError,
        match=r"type tests\.unit\.test_backend\..*Opaque in XCom: no codec takes it .*register_codec",
    ):
        push(Opaque())


def test_inline_values_from_the_default_backend_still_read(store: Path) -> None:
    assert pull({"plain": [1, 2]}) == {"plain": [1, 2]}
    assert pull("text") == "text"


def test_unknown_compression_in_a_reference_is_refused(store: Path) -> None:
    ref = push("v")
    with pytest.raises(InvalidReferenceError, match="compression 'brotli', which this xcomkit does not know"):
        pull({**ref, "compression": "brotli"})
