"""`[xcomkit] routes`: values go to the first matching route's location, are read, purged and swept there.

Two local directories stand in for two buckets (the integration suite does it with two S3 buckets
in real Airflow runs); a reference outside `path` and every route is refused as before.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from xcomkit.backend import ObjectStorageXComBackend
from xcomkit.config import get_settings
from xcomkit.errors import ConfigError, InvalidReferenceError
from xcomkit.location import Location
from xcomkit.stores import open_store
from xcomkit.sweep import referenced_keys

if TYPE_CHECKING:
    from pathlib import Path

ORIGIN = {"dag_id": "d", "run_id": "r", "task_id": "t", "map_index": -1}


@pytest.fixture
def routed(xcomkit_env: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    paths = {name: f"file://{tmp_path}/{name}" for name in ("default", "frames", "small")}
    routes = [
        {"codecs": ["parquet"], "path": paths["frames"]},
        {"codecs": ["json"], "max_size": 100, "path": paths["small"]},
    ]
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", paths["default"])
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__ROUTES", json.dumps(routes))
    return paths


def _push(value: object, key: str = "return_value") -> dict:
    return ObjectStorageXComBackend.serialize_value(value, key=key, **ORIGIN)


def _pull(ref: dict) -> object:
    return ObjectStorageXComBackend.deserialize_value(SimpleNamespace(value=ref))


def test_each_value_goes_to_its_route_and_comes_back(routed: dict[str, str]) -> None:
    frame = pd.DataFrame({"a": [1, 2]})
    refs = {
        "frames": _push(frame, "frame"),
        "small": _push({"n": 1}, "small"),
        "default": _push({"text": "x" * 500}, "big"),
    }
    for route, ref in refs.items():
        assert ref["url"].startswith(routed[route] + "/"), (route, ref["url"])
    pd.testing.assert_frame_equal(_pull(refs["frames"]), frame)
    assert _pull(refs["small"]) == {"n": 1}
    assert _pull(refs["default"]) == {"text": "x" * 500}


def test_purge_deletes_in_the_route_it_points_into(routed: dict[str, str]) -> None:
    ref = _push(pd.DataFrame({"a": [1]}))
    store = open_store(Location.parse(routed["frames"]))
    assert store.get(ref["key"])
    ObjectStorageXComBackend.purge(SimpleNamespace(value=ref))
    assert list(store.list(store.location.prefix + "/")) == []


def test_sweep_keeps_what_each_route_references(routed: dict[str, str]) -> None:
    ref = _push(pd.DataFrame({"a": [1]}))
    frames = Location.parse(routed["frames"])
    assert referenced_keys([ref], frames) == {ref["key"]}
    assert get_settings().locations == tuple(
        Location.parse(routed[r]) for r in ("frames", "small", "default")
    )


def test_a_reference_outside_every_route_is_refused(routed: dict[str, str], tmp_path: Path) -> None:
    ref = _push(pd.DataFrame({"a": [1]}))
    moved = {**ref, "key": f"{str(tmp_path).strip('/')}/elsewhere/x.parquet"}
    with pytest.raises(InvalidReferenceError, match="not a plain key under any configured location") as info:
        _pull(moved)
    for route in routed.values():
        assert route.removeprefix("file://") in info.value.detail


@pytest.mark.parametrize(
    ("routes", "message"),
    [
        ("not json", "is not valid JSON"),
        ('{"path": "s3://c@b/p"}', "is a JSON dict, not a list"),
        ('[{"codecs": ["json"]}]', "route 0 is .* not an object with a path"),
        ('[{"path": "s3://c@b/p", "bucket": "x"}]', "route 0 has unknown field\\(s\\) bucket"),
        ('[{"path": "s3://c@b/p", "codecs": []}]', "route 0 codecs = \\[\\] is not a non-empty list"),
        ('[{"path": "s3://c@b/p", "max_size": -1}]', "max_size = -1 is not a whole number"),
        ('[{"path": "s3://c@b/p", "min_size": 10, "max_size": 5}]', "route 0 min_size 10 > max_size 5"),
        ('[{"path": "s3://b/p"}]', "route 0 path .*lacks a connection id or a bucket"),
    ],
)
def test_malformed_routes_name_the_route_and_the_fix(
    routes: str, message: str, xcomkit_env: pytest.MonkeyPatch, local_path: str
) -> None:
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", local_path)
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__ROUTES", routes)
    with pytest.raises(ConfigError, match=message) as info:
        get_settings()
    assert "AIRFLOW__XCOMKIT__ROUTES" in info.value.detail
    assert info.value.fix
