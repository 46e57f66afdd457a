"""Serves the built single-page app: its assets, and index.html for every other page path."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles


def mount_spa(app: FastAPI, dist: Path) -> bool:
    index = dist / "index.html"
    if not index.is_file():
        return False
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="spa-assets")

    @app.get("/{path:path}", include_in_schema=False)
    def spa_page(path: str) -> FileResponse:
        if path.startswith("api/"):
            raise HTTPException(status_code=404)
        static = (dist / path).resolve()
        if path and static.is_file() and static.is_relative_to(dist.resolve()):
            return FileResponse(static)
        # Pages are routed in the browser; the HTML itself must never be cached stale.
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    return True
