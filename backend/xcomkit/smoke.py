"""Smoke test of a deployed xcomkit setup, shipped in the package: run it once after `xcomkit export`.

`xcomkit smoke` runs it with `airflow dags test`; to run it in a deployment, put a file in the DAGs
folder holding `from xcomkit.smoke import dag  # noqa: F401` under a comment naming Airflow's DAG
discovery (safe mode skips files not mentioning "airflow"), and trigger `xcom_backend_smoke` once.

1. `check_setup` runs the doctor's essential checks (backend configured, `[xcomkit]` valid,
   connection present, credentials, bucket, put/get/delete under the prefix) and fails with ONE
   message naming the first problem and its fix: backend not configured, connection missing,
   credentials rejected, bucket missing, wrong region, access denied for a named action
   (e.g. `s3:DeleteObject`).
2. `push_json`, `push_frame` and `push_big` push a JSON value, a pandas DataFrame and a value larger
   than `[xcomkit] threshold`; `verify` pulls them through the backend and compares exactly, then
   reads what the metadata DB holds for each and checks it is only a reference whose object exists
   at the expected key (or route) with the recorded size and checksum.
3. `retry_purges` pushes, fails on purpose, and on its retry checks Airflow purged the first try's
   object (the backend's `purge` runs when the worker clears the try's XComs).

How a task reads its XCom rows' raw values under the Task SDK (tasks may not query the DB in
Airflow 3): `BaseXCom._get_xcom_db_ref(...)` sends the same `GetXCom` request `xcom_pull` sends
through the execution API, but returns the stored value without calling the backend's
`deserialize_value` — exactly what the database holds.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.sdk import dag as dag_decorator
from airflow.sdk import task
from pendulum import datetime

from xcomkit.compat import AirflowFailException, base_xcom

DAG_ID = "xcom_backend_smoke"
SAMPLE = {
    "text": "héllo, wörld ✓",
    "int": 2**53 + 1,
    "float": 0.1 + 0.2,
    "nested": {"list": [1, "two", None, True], "empty": {}},
    "tuple": (1, 2),
}
BIG_MARGIN = 4096  # bytes above the threshold


def _frame() -> Any:
    """Return a DataFrame that a lossy format would not return unchanged (dtypes, index name, NaN, tz)."""
    import pandas as pd

    return pd.DataFrame(
        {
            # Arrays, not Series: a Series would be aligned on the index below and come out all-NaN.
            "id": pd.array(range(1000), dtype="int64"),
            "ratio": [i / 7 for i in range(1000)],
            "label": pd.array([f"row-{i}" if i % 10 else None for i in range(1000)], dtype="string"),
            "flag": [i % 3 == 0 for i in range(1000)],
            "at": pd.date_range("2024-01-01", periods=1000, freq="min", tz="UTC"),
        },
        index=pd.Index(range(1000, 2000), name="row"),
    )


def _big(threshold: int) -> str:
    return "".join(chr(0x41 + i % 26) for i in range(threshold + BIG_MARGIN))


def _fail(message: str) -> None:
    raise AirflowFailException(f"xcomkit smoke test: {message}")


def _stored_reference(ti: Any, task_id: str, key: str = "return_value") -> Any:
    """Read the raw DB value of one XCom of this run and check it is a reference to an intact object."""
    from xcomkit.compression import SUFFIXES
    from xcomkit.config import get_settings
    from xcomkit.errors import XComKitError
    from xcomkit.keys import object_key
    from xcomkit.reference import Reference, is_reference
    from xcomkit.stores import open_store

    raw = (
        base_xcom()
        ._get_xcom_db_ref(key=key, dag_id=ti.dag_id, task_id=task_id, run_id=ti.run_id, map_index=-1)
        .value
    )
    if not is_reference(raw):
        _fail(f"the metadata DB holds the value of {task_id}/{key} itself, not a reference: {raw!r:.200}")
    ref = Reference.from_json(raw)
    location = get_settings().location_of(ref)
    stem = object_key(
        location.prefix, dag_id=ti.dag_id, run_id=ti.run_id, task_id=task_id, map_index=-1, key=key, suffix=""
    )
    if (ref.scheme, ref.bucket) != (location.scheme, location.bucket) or not ref.key.startswith(f"{stem}."):
        _fail(f"{task_id}/{key} was stored at {ref.url}, expected {location.url_of(stem)}.*")
    if not ref.key.endswith(SUFFIXES[ref.compression]):
        _fail(f"{ref.url} does not end with the {ref.compression} suffix")
    try:
        data = open_store(location).get(ref.key, ref.checksum)
    except XComKitError as err:
        _fail(f"the object of {task_id}/{key} at {ref.url}: {err.detail}; {err.fix}")
    if len(data) != ref.size:
        _fail(f"{ref.url} is {len(data)} bytes, its reference says {ref.size}")
    return ref


def check_setup() -> None:
    """Fail with one message naming the first essential check that fails, and its fix."""
    from xcomkit.checks import SetupError, assert_setup
    from xcomkit.errors import XComKitError

    try:
        settings = assert_setup()
    except (SetupError, XComKitError) as err:
        raise AirflowFailException(f"xcomkit smoke test: {err.detail}. Fix: {err.fix}") from None
    print(f"xcomkit smoke: setup OK ({settings.location}, threshold {settings.threshold})")


def verify(json_value: Any, frame: Any, big: Any, ti: Any = None) -> None:
    """Compare the pulled values exactly, then check the DB rows are references to intact objects."""
    import pandas as pd

    from xcomkit.config import get_settings

    if json_value != SAMPLE or type(json_value["tuple"]) is not tuple:
        _fail(f"the JSON value came back different: {json_value!r}")
    try:
        pd.testing.assert_frame_equal(frame, _frame(), check_exact=True)
    except AssertionError as err:
        _fail(f"the DataFrame came back different: {err}")
    if big != _big(get_settings().threshold):
        _fail(f"the value above the threshold came back different ({len(big)} characters)")
    refs = {t: _stored_reference(ti, t) for t in ("push_json", "push_frame", "push_big")}
    codecs = {t: r.codec for t, r in refs.items()}
    if codecs != {"push_json": "json", "push_frame": "parquet", "push_big": "json"}:
        _fail(f"unexpected codecs {codecs}")
    for ref in refs.values():
        print(f"xcomkit smoke: {ref.task_id} → {ref.url} ({ref.codec}, {ref.size} bytes)")


def retry_purges(ti: Any = None) -> None:
    """Push and fail on a try with a retry left; on the retry, check the first try's object is gone."""
    from xcomkit.config import get_settings
    from xcomkit.keys import object_key
    from xcomkit.stores import open_store

    if ti.try_number <= ti.max_tries:
        ti.xcom_push(key="first_try", value={"try": ti.try_number})
        ref = _stored_reference(ti, ti.task_id, "first_try")
        raise RuntimeError(f"xcomkit smoke: failing on purpose so the retry checks {ref.url} is purged")
    # The retry: the worker cleared the first try's XComs (and purged their objects) before this ran.
    row = base_xcom()._get_xcom_db_ref(
        key="first_try", dag_id=ti.dag_id, task_id=ti.task_id, run_id=ti.run_id, map_index=-1
    )
    if row.value is not None:
        _fail(f"the first try's XCom row is still there after the retry: {row.value!r:.200}")
    for location in get_settings().locations:  # wherever a route sent it
        stem = object_key(
            location.prefix,
            dag_id=ti.dag_id,
            run_id=ti.run_id,
            task_id=ti.task_id,
            map_index=-1,
            key="first_try",
            suffix="",
        )
        left = [o.key for o in open_store(location).list(f"{stem}.")]
        if left:
            _fail(f"the first try's object was not purged on retry: {', '.join(left)}")
    print("xcomkit smoke: retry purged the first try's object")


@dag_decorator(dag_id=DAG_ID, schedule=None, start_date=datetime(2024, 1, 1), catchup=False, tags=["xcomkit"])
def xcom_backend_smoke() -> None:
    """Check the setup, round-trip three values, check the stored references, check retry purge."""
    setup = task(check_setup, retries=0)()
    pushed = [
        task(_push_json, task_id="push_json", retries=0, multiple_outputs=False)(),
        task(_frame, task_id="push_frame", retries=0)(),
        task(_push_big, task_id="push_big", retries=0)(),
    ]
    setup >> pushed
    checked = task(verify, retries=0)(*pushed)
    purged = task(retry_purges, retries=1, retry_delay=timedelta(seconds=0))()
    setup >> purged
    [checked, purged] >> task(_report, task_id="report", retries=0)()


def _push_json() -> dict[str, Any]:
    return SAMPLE


def _push_big() -> str:
    from xcomkit.config import get_settings

    return _big(get_settings().threshold)


def _report() -> None:
    print("XCOM BACKEND SMOKE OK")


dag = xcom_backend_smoke()
