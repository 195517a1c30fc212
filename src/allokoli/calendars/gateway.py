"""The CalDAV client (`caldav` package): list the account's calendars, read events in a window,
write and delete our events. Every failure becomes a `CalendarServerError` with a French reason
and whether trying again later can help.

The server URL is the owner's: it passes `kit.outbound.check_url` first (https only in
production, no address inside our network unless the operator allows private addresses for a
self-hosted server). Service discovery by DNS (RFC 6764) is off: we talk to the URL given.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import niquests
from caldav.davclient import DAVClient
from caldav.lib import error as dav_errors

from allokoli.calendars.ics import CalendarEntry, event_ics
from allokoli.kit import outbound
from allokoli.kit.errors import AppError

log = logging.getLogger("allokoli.calendars")


class CalendarServerError(AppError):
    """The calendar server could not do what we asked; `retryable` when a later try may work."""

    status_code = 502
    retryable = True
    default_detail = "Le serveur d'agenda n'a pas répondu correctement. Réessayez plus tard."


class CalendarUnreachable(CalendarServerError):
    default_detail = (
        "Le serveur d'agenda est injoignable. Vérifiez l'adresse, ou réessayez dans quelques "
        "minutes s'il est en panne."
    )


class CalendarRejected(CalendarServerError):
    status_code = 400
    retryable = False
    default_detail = (
        "Le serveur d'agenda a refusé l'identifiant ou le mot de passe. Vérifiez-les ; pour "
        "Google ou iCloud, utilisez un mot de passe d'application."
    )


class CalendarMissing(CalendarServerError):
    status_code = 400
    retryable = False
    default_detail = (
        "L'agenda choisi n'existe plus sur le serveur : choisissez-en un autre dans les "
        "réglages de l'agenda."
    )


class NotACalendarServer(CalendarServerError):
    status_code = 400
    retryable = False
    default_detail = (
        "Aucun agenda CalDAV n'a été trouvé à cette adresse pour ce compte. Vérifiez l'adresse "
        "CalDAV donnée par votre fournisseur d'agenda."
    )


@dataclass(frozen=True, slots=True)
class CalendarAccess:
    """What opens one account on one server (the password in clear, only in memory)."""

    server_url: str
    username: str
    password: str


@dataclass(frozen=True, slots=True)
class RemoteCalendar:
    url: str
    name: str


@dataclass(frozen=True)
class CalDavGateway:
    """Talks CalDAV; built once from the settings, no state between calls."""

    policy: outbound.OutboundPolicy
    timeout: float = 15.0
    allow_private: bool = False
    """Skip the private-address check (the operator's `ALLOKOLI_CALENDAR_ALLOW_PRIVATE`)."""

    def _check(self, url: str) -> None:
        if not self.allow_private:
            outbound.check_url(url, self.policy)
            return
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError):
            raise outbound.OutboundRefused("Cette adresse web n'est pas valide.") from None
        allowed = ("https",) if self.policy.require_https else ("https", "http")
        if parsed.scheme not in allowed or not parsed.host or parsed.userinfo:
            raise outbound.OutboundRefused(
                "Seules les adresses en https:// sont acceptées."
                if self.policy.require_https
                else "Seules les adresses en http:// ou https:// sont acceptées."
            )

    @contextmanager
    def _client(self, access: CalendarAccess) -> Iterator[Any]:
        self._check(access.server_url)
        client: Any = DAVClient(
            url=access.server_url,
            username=access.username,
            password=access.password,
            timeout=int(max(1, self.timeout)),
            enable_rfc6764=False,
            require_tls=self.policy.require_https,
        )
        try:
            with _translated():
                yield client
        finally:
            client.close()

    def _calendar(self, client: Any, access: CalendarAccess, calendar_url: str) -> Any:
        # The calendar chosen must live on the server the owner gave (same scheme and host).
        given, chosen = httpx.URL(access.server_url), httpx.URL(calendar_url)
        if (given.scheme, given.host, given.port) != (chosen.scheme, chosen.host, chosen.port):
            raise CalendarMissing()
        return client.calendar(url=calendar_url)

    def calendars(self, access: CalendarAccess) -> list[RemoteCalendar]:
        """The account's calendars that hold events (the connection test)."""
        with self._client(access) as client:
            found = client.principal().calendars()
            calendars = []
            for calendar in found:
                name = calendar.get_display_name() or str(calendar.url).rstrip("/").rsplit("/")[-1]
                calendars.append(RemoteCalendar(url=str(calendar.url), name=str(name)))
        if not calendars:
            raise NotACalendarServer(
                "Ce compte n'a aucun agenda sur ce serveur : créez-en un chez votre fournisseur, "
                "puis recommencez."
            )
        return calendars

    def objects(
        self, access: CalendarAccess, calendar_url: str, start: datetime, end: datetime
    ) -> list[str]:
        """The iCalendar texts of the events that may have an occurrence in [start, end)
        (recurring events whole: they are expanded by `ics.busy_intervals`)."""
        with self._client(access) as client:
            calendar = self._calendar(client, access, calendar_url)
            found: list[Any] = calendar.search(start=start, end=end, event=True, expand=False)
            return [str(item.data) for item in found]

    def put(
        self,
        access: CalendarAccess,
        calendar_url: str,
        entry: CalendarEntry,
        *,
        stamp: datetime,
        sequence: int,
    ) -> None:
        """Create or replace our event with `entry.uid` (idempotent)."""
        with self._client(access) as client:
            calendar = self._calendar(client, access, calendar_url)
            existing = _by_uid(calendar, entry.uid)
            text = event_ics(entry, stamp, sequence)
            if existing is not None:
                existing.data = text
                existing.save()
            else:
                calendar.save_event(text)

    def delete(self, access: CalendarAccess, calendar_url: str, uid: str) -> None:
        """Delete our event with `uid`; nothing to do when it is already gone (idempotent)."""
        with self._client(access) as client:
            calendar = self._calendar(client, access, calendar_url)
            existing = _by_uid(calendar, uid)
            if existing is not None:
                with suppress(dav_errors.NotFoundError):
                    existing.delete()


def _by_uid(calendar: Any, uid: str) -> Any:
    try:
        return calendar.event_by_uid(uid)
    except dav_errors.NotFoundError:
        return None


@contextmanager
def _translated() -> Iterator[None]:
    """caldav and network exceptions as `CalendarServerError`s (French, retryable or not)."""
    try:
        yield
    except CalendarServerError:
        raise
    except outbound.OutboundRefused:
        raise
    except dav_errors.AuthorizationError:
        raise CalendarRejected() from None
    except dav_errors.NotFoundError:
        raise CalendarMissing() from None
    except dav_errors.RateLimitError:
        raise CalendarServerError(
            "Le serveur d'agenda limite les requêtes pour le moment : nouvel essai plus tard."
        ) from None
    except dav_errors.DAVError as exc:
        log.warning("caldav error: %s", exc)
        reason = str(getattr(exc, "reason", "") or "")
        if reason.startswith("5") or "Internal" in reason or "Unavailable" in reason:
            raise CalendarServerError() from None
        raise NotACalendarServer() from None
    except niquests.exceptions.Timeout:
        raise CalendarUnreachable(
            "Le serveur d'agenda n'a pas répondu à temps. Réessayez dans quelques minutes."
        ) from None
    except (niquests.exceptions.RequestException, OSError) as exc:
        log.info("caldav server unreachable: %s", exc)
        raise CalendarUnreachable() from None
