"""A real SMTP server on loopback, and an app that sends its mail there."""

from __future__ import annotations

import email
import re
import socket
from collections.abc import Iterator
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from termwise.main import create_app
from tests.conftest import make_settings


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse = False

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refuse:
            return "554 Transaction failed"
        self.messages.append(email.message_from_bytes(envelope.original_content or b""))
        return "250 OK"

    def last_link(self, kind: str) -> str:
        """The token of the last link of this kind (invitations, reset-password) in the inbox."""
        body = self.messages[-1].get_payload(decode=True)
        assert isinstance(body, bytes)
        found = re.findall(rf"/{kind}/([A-Za-z0-9_\-]+)", body.decode())
        assert found, body
        return str(found[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    box.port = controller.port  # type: ignore[attr-defined]
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def mail_client(
    inbox: Inbox, database_url: str, engine: Engine, session_factory: sessionmaker[DbSession]
) -> Iterator[TestClient]:
    settings = make_settings(
        database_url,
        smtp_url=f"smtp://127.0.0.1:{inbox.port}",  # type: ignore[attr-defined]
        mail_from="Termwise <termwise@tests.example>",
        public_url="https://termwise.tests.example",
    )
    with TestClient(create_app(settings, engine=engine, session_factory=session_factory)) as c:
        yield c
