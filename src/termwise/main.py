"""The application factory."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp

import termwise.audit.recorder  # noqa: F401  (registers the audit hook on every session)
from termwise import __version__
from termwise.assessment.router import router as assessment_router
from termwise.audit.router import router as audit_router
from termwise.auth.router import me_router
from termwise.auth.router import router as auth_router
from termwise.body_limit import BodySizeLimitMiddleware
from termwise.clients.router import router as clients_router
from termwise.config import Settings, get_settings
from termwise.db import make_engine, make_read_sessionmaker, make_sessionmaker
from termwise.errors import install_error_handlers
from termwise.health.router import router as health_router
from termwise.home.router import router as home_router
from termwise.ingest.import_router import router as import_router
from termwise.ingest.imports import Sweeper
from termwise.ingest.router import router as ingest_router
from termwise.interventions.router import router as interventions_router
from termwise.maturity.router import router as maturity_router
from termwise.meetings.router import router as meetings_router
from termwise.monitoring.router import router as monitoring_router
from termwise.observability.access import AccessLogMiddleware
from termwise.observability.metrics import route as metrics_route
from termwise.observability.request_id import HEADER as REQUEST_ID_HEADER
from termwise.observability.request_id import RequestIdMiddleware
from termwise.oidc.router import router as oidc_router
from termwise.openapi import install_openapi
from termwise.orgs.admin_router import router as orgs_admin_router
from termwise.orgs.router import reference_router
from termwise.orgs.router import router as orgs_router
from termwise.oversight.dashboard_router import router as dashboard_router
from termwise.oversight.qa_router import router as qa_router
from termwise.oversight.router import router as oversight_router
from termwise.oversight.setup_router import router as oversight_setup_router
from termwise.people.router import router as people_router
from termwise.plans.router import router as plans_router
from termwise.pupils.rights_router import router as pupil_rights_router
from termwise.pupils.router import router as pupils_router
from termwise.routing import API_PREFIX, operation_id
from termwise.security_headers import SecurityHeadersMiddleware
from termwise.spa import mount_spa
from termwise.tracking.catalogue_router import router as measures_router
from termwise.tracking.export_router import router as tracking_export_router
from termwise.tracking.mutes_router import router as flag_mutes_router
from termwise.tracking.predictions_router import router as predictions_router
from termwise.tracking.router import router as tracking_router
from termwise.tracking.targets_router import router as target_groups_router

log = logging.getLogger(__name__)

DESCRIPTION = """
The termly school-improvement cycle: tracking, plans, pupil progress meetings, interventions and
peer review, for schools and multi-academy trusts.

Errors are RFC 9457 `application/problem+json`. Lists are cursor-paginated (`cursor`, `limit`,
`updated_since`). Updates need the resource's `ETag` in `If-Match`.
"""


def _tune_garbage_collector() -> None:
    """A batch request makes hundreds of thousands of short-lived objects. With CPython's
    defaults they set off a full collection every few requests, and each one walks every object
    the process holds: 100-130 ms a time, a fifth of a bulk push. What exists at start-up lives
    as long as the process, so it is frozen out of the collector's sight, and the young
    generation is collected less often (by count, so memory still stays bounded)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 10)


# Answers smaller than this are sent as they are: compressing them saves less than it costs.
GZIP_MINIMUM_BYTES = 1024


class Termwise(FastAPI):
    """The app, with its request id and access log outside everything else, so that even the
    answer to an unhandled error carries the id and gets its log line."""

    def build_middleware_stack(self) -> ASGIApp:
        return RequestIdMiddleware(AccessLogMiddleware(super().build_middleware_stack()))


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    session_factory: sessionmaker[Session] | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    settings.signing_key()  # refuse to start with a missing or weak key
    engine = engine or make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sweeper = None
        if settings.import_sweep_seconds > 0:
            sweeper = Sweeper(app.state.sessionmaker, settings.import_sweep_seconds)
            sweeper.start()
        _tune_garbage_collector()
        yield
        gc.unfreeze()
        if sweeper is not None:
            sweeper.stop()

    app = Termwise(
        lifespan=lifespan,
        title="Termwise",
        version=__version__,
        description=DESCRIPTION,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = session_factory or make_sessionmaker(engine)
    app.state.read_sessionmaker = make_read_sessionmaker(app.state.sessionmaker)

    install_error_handlers(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=6)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["ETag", REQUEST_ID_HEADER],
        )

    # The routes go on the app's own router, not through include_router: FastAPI keeps an
    # included router as a node that every request walks (all its routes, twice) before it
    # reaches a match. Held flat, finding a route is one pass over the list.
    for router in (
        health_router,
        auth_router,
        me_router,
        orgs_router,
        reference_router,
        audit_router,
        orgs_admin_router,
        people_router,
        oidc_router,
        clients_router,
        ingest_router,
        pupils_router,
        pupil_rights_router,
        import_router,
        assessment_router,
        tracking_router,
        target_groups_router,
        predictions_router,
        flag_mutes_router,
        tracking_export_router,
        measures_router,
        plans_router,
        meetings_router,
        interventions_router,
        maturity_router,
        monitoring_router,
        oversight_router,
        oversight_setup_router,
        qa_router,
        home_router,
        dashboard_router,
    ):
        app.router.routes.extend(router.routes)
    app.router.routes.append(metrics_route)
    install_openapi(app)

    if not mount_spa(app, settings.spa_dir):
        log.info("no built SPA at %s; serving the API only", settings.spa_dir)
    return app
