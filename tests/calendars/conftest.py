"""A real CalDAV server for the calendar tests: Radicale, started on a free port with a temporary
storage folder and htpasswd accounts (so that a wrong password is really refused)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from caldav.davclient import DAVClient

from allokoli.calendars.gateway import CalDavGateway, CalendarAccess
from allokoli.kit.outbound import OutboundPolicy
from allokoli.settings import Settings

USER = "cabinet"
PASSWORD = "mot-de-passe-d-application"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class Radicale:
    url: str
    process: subprocess.Popen[bytes]

    def access(self, password: str = PASSWORD) -> CalendarAccess:
        return CalendarAccess(self.url, USER, password)

    def client(self) -> Any:
        return DAVClient(
            url=self.url, username=USER, password=PASSWORD, enable_rfc6764=False, require_tls=False
        )

    def new_calendar(self, name: str = "Cabinet") -> Any:
        """A fresh calendar of the account (each test its own: tests stay independent)."""
        with self.client() as client:
            calendar = client.principal().make_calendar(name=name, cal_id=uuid.uuid4().hex)
            return client.calendar(url=str(calendar.url))

    def calendar(self, url: str) -> Any:
        return self.client().calendar(url=url)


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    folder: Path = tmp_path_factory.mktemp("radicale")
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    port = free_port()
    log = (folder / "radicale.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            f"--storage-filesystem-folder={folder / 'storage'}",
            f"--server-hosts=127.0.0.1:{port}",
            "--auth-type=htpasswd",
            f"--auth-htpasswd-filename={users}",
            "--auth-htpasswd-encryption=plain",
            "--logging-level=warning",
            # Radicale answers a request without (or with wrong) credentials after a delay of
            # its own, 1 s by default: a CalDAV client's first request of each session is such
            # a challenge, so every test would wait seconds for nothing.
            "--auth-delay=0",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + START_TIMEOUT
    # Wait on the condition (the port accepts connections), bounded, never a fixed sleep.
    while not _accepts(port):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError((folder / "radicale.log").read_text())
        time.sleep(0.05)
    yield Radicale(f"http://127.0.0.1:{port}/", process)
    process.terminate()
    process.wait(timeout=30)
    log.close()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings, with CalDAV servers on this machine allowed (Radicale is on
    127.0.0.1) and the periodic loops off (tests run the jobs themselves)."""
    return settings.model_copy(update={"calendar_allow_private": True, "calendar_sync_seconds": 0})


def local_gateway() -> CalDavGateway:
    return CalDavGateway(OutboundPolicy(require_https=False, timeout=10), allow_private=True)
