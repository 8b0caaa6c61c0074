"""Copy the map's JavaScript, CSS and basemap from their npm packages into the Python package
(src/frontlines/api/static/vendor/), at the pinned versions, checked against their pinned
integrity, with their licences. `make vendor-map` runs it; the copies are committed so that
installing frontlines needs no npm and serving the map needs no network.

    python scripts/vendor_map_assets.py
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "src" / "frontlines" / "api" / "static" / "vendor"

# npm package → (version, the registry's sha512 integrity of its tarball, files kept: path in
# the package → path under vendor/<package>/).
PACKAGES = {
    "leaflet": (
        "1.9.4",
        "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        {
            "dist/leaflet.js": "leaflet.js",
            "dist/leaflet.css": "leaflet.css",
            "dist/images/layers.png": "images/layers.png",
            "dist/images/layers-2x.png": "images/layers-2x.png",
            "dist/images/marker-icon.png": "images/marker-icon.png",
            "dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
            "dist/images/marker-shadow.png": "images/marker-shadow.png",
            "LICENSE": "LICENSE",
        },
    ),
    "leaflet.markercluster": (
        "1.5.3",
        "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
        {
            "dist/leaflet.markercluster.js": "leaflet.markercluster.js",
            "dist/MarkerCluster.css": "MarkerCluster.css",
            "dist/MarkerCluster.Default.css": "MarkerCluster.Default.css",
            "MIT-LICENCE.txt": "LICENSE",
        },
    ),
    "nouislider": (
        "15.8.1",
        "sha512-93TweAi8kqntHJSPiSWQ1o/uZ29VWOmal9YKb6KKGGlCkugaNfAupT7o1qTHqdJvNQ7S0su5rO6qRFCjP8fxtw==",
        {"dist/nouislider.min.js": "nouislider.min.js", "dist/nouislider.min.css": "nouislider.min.css", "LICENSE.md": "LICENSE"},
    ),
    "topojson-client": (
        "3.1.0",
        "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
        {"dist/topojson-client.min.js": "topojson-client.min.js", "LICENSE": "LICENSE"},
    ),
    # Natural Earth's countries at 1:50m (public domain), as TopoJSON.
    "world-atlas": (
        "2.0.2",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
        {"countries-50m.json": "countries-50m.json", "LICENSE": "LICENSE"},
    ),
}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="frontlines-vendor-") as folder:
        work = Path(folder)
        specs = [f"{name}@{version}" for name, (version, _, _) in PACKAGES.items()]
        packed = subprocess.run(
            ["npm", "pack", "--json", "--pack-destination", str(work), *specs],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        tarballs = {entry["name"]: work / entry["filename"] for entry in json.loads(packed.stdout)}
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        manifest = {}
        for name, (version, integrity, files) in PACKAGES.items():
            tarball = tarballs[name]
            digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
            if digest != integrity:
                print(f"error: {name}@{version} has the integrity {digest}, not the pinned {integrity}", file=sys.stderr)
                return 1
            with tarfile.open(tarball) as archive:
                for inside, kept in files.items():
                    member = archive.extractfile(f"package/{inside}")
                    if member is None:
                        print(f"error: {name}@{version} has no {inside}", file=sys.stderr)
                        return 1
                    target = VENDOR / name / kept
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(member.read())
            manifest[name] = {"version": version, "integrity": integrity, "files": sorted(files.values())}
            print(f"{name}@{version}: {len(files)} file(s)")
        (VENDOR / "versions.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
