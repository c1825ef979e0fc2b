"""The XCom preview against one real API server: in a real browser, and over HTTP as an API client.

In the browser (Debian's chromium, driven by Playwright):

alice logs in through Airflow's login page and opens the task instance page (3.1+: the "XCom
preview" tab Airflow renders around the plugin's page): the DataFrame's first rows, the JSON value,
and a deleted object's error. bob, who may not read the DAG, is refused. The test writes the README's
screenshot, docs/ui-preview.png.

Over HTTP: no token → 401 (a browser is sent to the login page); a user without the DAG → 403; a
user with it → every kind of preview. The API server's log holds no preview value. One module, so
`--dist loadfile` starts one stack for all of it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest
import requests

from tests.ui.conftest import ALICE, BOB, DAG, PreviewStack, get
from xcomkit.compat import api_reads_token_cookie, has_task_instance_views

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, FrameLocator, Page

    from xcomkit_dev.api_server import User

pytestmark = pytest.mark.integration
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "ui-preview.png"


def chromium() -> str:
    found = os.environ.get("XCOMKIT_CHROMIUM") or shutil.which("chromium")
    if not found:
        raise AssertionError("no chromium on PATH: apt-get install -y chromium (CI's .ci/run installs it)")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        yield launched
        launched.close()


def task_page(stack: PreviewStack, task_id: str) -> str:
    """The task instance page a user opens: Airflow's own with the plugin's tab (3.1+), else the plugin's."""
    if not has_task_instance_views():
        return stack.page(task_id)
    run = quote(stack.run_id, safe="")
    return f"{stack.server.url}/dags/{DAG}/runs/{run}/tasks/{task_id}/plugin/xcom-preview"


def open_as(browser: Browser, user: User, url: str) -> Page:
    """Open a URL in a fresh session: Airflow sends us to its login page, then back."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.get_by_label("Username").fill(user.name)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda now: "/auth/" not in now, timeout=60_000)
    if page.url != url:  # 3.0's login page goes to the home page, not back
        page.goto(url)
    return page


def preview_of(page: Page) -> Page | FrameLocator:
    """The preview itself: inside Airflow's iframe on 3.1+, the page itself on 3.0."""
    return page.frame_locator("iframe") if has_task_instance_views() else page


def test_alice_sees_the_frames_first_rows_and_the_json_value(
    browser: Browser, preview_stack: PreviewStack
) -> None:
    page = open_as(browser, ALICE, task_page(preview_stack, "frame"))
    shown = preview_of(page)
    table = shown.locator("table.rows")
    table.wait_for(timeout=60_000)
    headers = table.locator("th").all_inner_texts()
    assert [h.split("\n")[0] for h in headers] == ["city", "temp_c", "n"]
    assert table.locator("tbody tr").count() == 20
    assert table.locator("tbody tr").first.locator("td").all_inner_texts() == ["Lisbon", "21.5", "0"]
    assert "rows: 30" in shown.locator(".facts").all_inner_texts()[1]
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    page.goto(task_page(preview_stack, "settings"))
    json_text = preview_of(page).locator("pre.json")
    json_text.wait_for(timeout=60_000)
    assert '"region": "eu-west-1"' in json_text.inner_text()
    assert '"retries": 3' in json_text.inner_text()
    page.close()


def test_a_deleted_object_shows_the_backends_error(browser: Browser, preview_stack: PreviewStack) -> None:
    page = open_as(browser, ALICE, task_page(preview_stack, "gone"))
    error = preview_of(page).locator(".error")
    error.wait_for(timeout=60_000)
    text = error.inner_text()
    assert text.startswith("ObjectMissingError")
    assert "task 'gone'" in text
    assert "is gone from s3://" in text
    assert "clear task 'gone' to push it again" in text
    assert "Traceback" not in page.content()
    page.close()


def test_a_user_without_the_dag_is_refused(browser: Browser, preview_stack: PreviewStack) -> None:
    page = open_as(browser, BOB, preview_stack.page("frame"))
    response = page.reload()
    assert response is not None
    if api_reads_token_cookie():
        assert response.status == 403
    else:  # 3.0: the shell's fetch is refused, and it says so
        page.get_by_text("403: ").wait_for(timeout=60_000)
    assert "Forbidden" in page.content()
    assert "Lisbon" not in page.content()
    page.close()


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
