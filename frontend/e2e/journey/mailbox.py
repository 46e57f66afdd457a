"""A real SMTP server for the browser tests: every message it receives is written, as it came,
to a numbered .eml file in the mailbox folder, where a test reads the link it carries.

    python mailbox.py --port 8767 --dir ./mailbox
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


class Mailbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        name = f"{next(self.numbers):04d}.eml"
        partial = self.folder / f".{name}.part"
        partial.write_bytes(content)
        # Renamed into place whole, so a reader never sees half a message.
        partial.rename(self.folder / name)
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    for old in args.dir.glob("*.eml"):
        old.unlink()
    controller = Controller(Mailbox(args.dir), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"mailbox: SMTP on 127.0.0.1:{args.port}, messages in {args.dir}", flush=True)
    try:
        asyncio.run(asyncio.Event().wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
