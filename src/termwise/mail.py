"""Sending e-mail through the trust's own SMTP server (``TERMWISE_SMTP_URL``).

``smtp://user:pass@host:587`` upgrades to TLS with STARTTLS when the server offers it;
``smtps://…:465`` speaks TLS from the start. With no URL configured nothing is sent, and the
callers say so (an inviter is shown the link to pass on instead).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from termwise.config import Settings
from termwise.errors import ServiceUnavailable


def configured(settings: Settings) -> bool:
    return settings.smtp_url is not None


def send(settings: Settings, to: str, subject: str, body: str) -> None:
    """Send one plain-text message, or raise ServiceUnavailable saying the server refused."""
    assert settings.smtp_url is not None
    url = urlsplit(settings.smtp_url.get_secret_value())
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    secure = url.scheme == "smtps"
    port = url.port or (465 if secure else 25)
    try:
        if secure:
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                url.hostname or "", port, timeout=10, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(url.hostname or "", port, timeout=10)
        with server:
            server.ehlo()
            if not secure and server.has_extn("starttls"):
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if url.username:
                server.login(unquote(url.username), unquote(url.password or ""))
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise ServiceUnavailable(
            f"The mail server did not take the message ({type(exc).__name__}); nothing was saved. "
            "Try again, or ask whoever runs Termwise to check TERMWISE_SMTP_URL."
        ) from exc
