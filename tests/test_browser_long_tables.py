"""Long tables in a real headless Chromium: every row is reachable by "Show more rows".

Chromium loads a small harness page that opens the long table's page in a
frame, presses the button until it is gone, and writes what the table holds
into its own DOM, which --dump-dom prints. Debian's chromium is installed
by `make test` (see the Makefile); tests/test_browser.py drives the
readers' checks with Playwright.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from amnistia.benchmarks.chromium import LAUNCH_ARGS, find_chromium


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def rendered_dom(url: str, profile: Path, width: int = 1280, budget_ms: int = 5000) -> str:
    chromium = find_chromium()
    assert chromium, "Chromium is missing: `make test` installs Debian's chromium"
    completed = subprocess.run(
        [
            chromium,
            *LAUNCH_ARGS,
            f"--virtual-time-budget={budget_ms}",
            f"--user-data-dir={profile}",
            f"--window-size={width},900",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


# Opens a page in a frame, presses "Show more rows" until it is gone, then
# writes what the table holds into its own DOM for --dump-dom to print.
HARNESS = """<!doctype html><html><body><pre id="result">pending</pre>
<iframe id="page" src="site/PAGE" style="width:1000px;height:800px"></iframe>
<script>
var frame = document.getElementById("page"), clicks = 0, statuses = [];
function report(value) { document.getElementById("result").textContent = JSON.stringify(value); }
frame.addEventListener("load", function () {
  var doc = frame.contentDocument;
  function step() {
    var table = doc.querySelector("table[data-am-rows]");
    var button = doc.querySelector(".am-more-rows__button");
    var status = doc.querySelector(".am-more-rows__status");
    if (!table || !status) { report({error: "no paged table was enhanced"}); return; }
    if (button && clicks > 500) { report({error: "the button never went away"}); return; }
    if (!button) {
      var ids = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
        return row.cells[0].textContent;
      });
      report({clicks: clicks, ids: ids, status: status.textContent, live: status.getAttribute("aria-live"),
              first: statuses[0], label: statuses[1]});
      return;
    }
    if (!button.disabled) {
      if (!clicks) statuses.push(status.textContent, button.textContent);
      clicks += 1;
      button.click();
    }
    setTimeout(step, 10);
  }
  setTimeout(step, 50);
});
</script></body></html>
"""


@pytest.mark.parametrize(
    ("page", "words"),
    [("data/releases/", ("Showing 100 of 2,000 rows.", "Show 100 more rows")),
     ("es/data/releases/", ("Se muestran 100 de 2000 filas.", "Mostrar 100 filas más"))],
)  # fmt: skip
def test_long_tables_load_every_row_page_by_page(
    long_site: Path, tmp_path: Path, page: str, words: tuple[str, str]
) -> None:
    served = tmp_path / "served"
    served.mkdir()
    (served / "site").symlink_to(long_site)
    (served / "harness.html").write_text(HARNESS.replace("PAGE", page), encoding="utf-8")
    with serving(served) as url:
        dom = rendered_dom(url + "/harness.html", tmp_path / "profile", budget_ms=30000)
    found = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-2000:]
    result = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert "error" not in result, result
    assert result["ids"] == [f"bulk-{index:05d}" for index in range(2000)], (
        "rows missing, doubled or out of order"
    )
    assert result["clicks"] == 19
    assert (result["first"], result["label"]) == words
    assert result["live"] == "polite" and "2" in result["status"]
