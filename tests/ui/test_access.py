"""Access to the preview over HTTP, as an API client sees it, on the real API server: Airflow's rules.

No token → 401 (a browser is sent to the login page); a user without the DAG → 403; a user with it →
the previews. The API server's log holds no preview value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import requests

from tests.ui.conftest import ALICE, BOB, get

if TYPE_CHECKING:
    from tests.ui.conftest import PreviewStack

pytestmark = pytest.mark.integration


def previews(stack: PreviewStack, task_id: str, suffix: str = "") -> list[dict]:
    response = get(stack.api(task_id) + suffix, stack.token(ALICE))
    assert response.status_code == 200, response.text
    return response.json()["xcoms"]


def test_without_a_login_the_api_says_401_and_a_browser_goes_to_login(preview_stack: PreviewStack) -> None:
    response = get(preview_stack.api("frame"))
    assert response.status_code == 401
    assert response.json() == {"detail": "Not authenticated"}
    response = requests.get(
        preview_stack.data_page("frame"), headers={"Accept": "text/html"}, allow_redirects=False, timeout=60
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/auth/login")  # 3.1+ adds ?next=<the page>


def test_a_user_without_the_dag_gets_403_and_reads_only_its_own(preview_stack: PreviewStack) -> None:
    token = preview_stack.token(BOB)
    stack = preview_stack
    refused = (stack.api("frame"), stack.data_page("frame"), stack.api("mapped") + "/mapped/1")
    for url in refused:
        response = get(url, token)
        assert response.status_code == 403, url
        assert "Lisbon" not in response.text
    run = preview_stack.env.latest_run("simple_xcom_dag")
    own = get(preview_stack.api("pick_a_random_number", dag_id="simple_xcom_dag", run_id=run), token)
    assert own.status_code == 200
    (xcom,) = own.json()["xcoms"]
    assert xcom["preview"]["kind"] == "json"


def test_alice_gets_every_kind(preview_stack: PreviewStack) -> None:
    (frame,) = previews(preview_stack, "frame")
    assert frame["reference"]["codec"] == "parquet"
    assert frame["preview"]["schema"] == [["city", "large_string"], ["temp_c", "double"], ["n", "int64"]]
    assert frame["preview"]["rows"][:2] == [["Lisbon", "21.5", "0"], ["Oslo", "4.25", "1"]]
    (settings,) = previews(preview_stack, "settings")
    assert '"tags": [\n    "nightly",' in settings["preview"]["text"]
    (blob,) = previews(preview_stack, "blob")
    assert blob["preview"]["text"].startswith("00000000  89 50 4e 47")
    (mapped,) = previews(preview_stack, "mapped", "/mapped/1")
    assert mapped["preview"]["text"] == '{\n  "item": 2\n}'
    (gone,) = previews(preview_stack, "gone")
    assert gone["preview"] is None
    assert gone["error"]["error"] == "ObjectMissingError"
    assert f"is gone from {gone['reference']['url']}" in gone["error"]["text"]


def test_no_preview_value_reaches_the_api_servers_log(preview_stack: PreviewStack) -> None:
    previews(preview_stack, "frame")
    previews(preview_stack, "settings")
    log = preview_stack.server.log_path.read_text()
    assert "/xcomkit/api/dags/xk_preview" in log  # the requests are logged …
    for value in ("Lisbon", "eu-west-1", "nightly"):
        assert value not in log  # … the values are not
