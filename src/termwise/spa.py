"""Serves the built single-page app: its assets, and index.html for every other page path."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

# The app loads nothing from elsewhere and is never framed; the API is same-origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class HashedAssets(StaticFiles):
    """Vite names every asset by its content hash, so a cached copy can never be stale."""

    def file_response(
        self, full_path: str | os.PathLike[str], *args: object, **kwargs: object
    ) -> Response:
        response = super().file_response(full_path, *args, **kwargs)  # type: ignore[arg-type]
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


def mount_spa(app: FastAPI, dist: Path) -> bool:
    index = dist / "index.html"
    if not index.is_file():
        return False
    if (dist / "assets").is_dir():
        app.mount("/assets", HashedAssets(directory=dist / "assets"), name="spa-assets")

    @app.get("/{path:path}", include_in_schema=False)
    def spa_page(path: str) -> FileResponse:
        if path.startswith("api/"):
            raise HTTPException(status_code=404)
        static = (dist / path).resolve()
        if path and static.is_file() and static.is_relative_to(dist.resolve()):
            return FileResponse(static)
        # Pages are routed in the browser; the HTML itself must never be cached stale.
        return FileResponse(
            index,
            headers={
                "Cache-Control": "no-cache",
                "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            },
        )

    return True
