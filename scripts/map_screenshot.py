"""The screenshot of the map in the README (docs/map.png): the fixture corpus ingested into a
scratch database, served on loopback, opened in Debian's Chromium with an event's evidence shown.

    python scripts/map_screenshot.py [--db DB] [--output docs/map.png]
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database to show (default: the fixture corpus, ingested)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "map.png")
    args = parser.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright

    from frontlines.api import create_app
    from frontlines.ingest import ingest
    from frontlines.merge.events import merge_stored_events
    from frontlines.settings import Settings
    from frontlines.store import Store

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.load()
        if args.db is None:
            store = Store(Path(folder) / "corpus.sqlite")
            ingest([ROOT / "tests" / "fixtures" / "corpus"], store, settings=settings)
            merge_stored_events(store)
        else:
            store = Store(args.db)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        server = uvicorn.Server(uvicorn.Config(create_app(settings, store=store), log_level="warning", lifespan="off"))
        threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        taken = next(r for r in store.merged_events() if r.location == "Al-Qaryatayn")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 820})
            page.goto(f"{base}/map?start=2017-07-15&end=2017-09-15&view=35.2,38.3,7&event={taken.id}")
            page.wait_for_selector("body[data-state=ready]", state="attached")
            page.wait_for_selector("#panel .page-title")
            time.sleep(0.5)  # the clusters' animation
            args.output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.output))
            browser.close()
        server.should_exit = True
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
