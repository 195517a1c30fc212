"""Twilio through the official `twilio` package: find, buy and release French numbers, send
SMS."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response as TwilioResponse
from twilio.rest import Client

from allokoli.kit.errors import AppError
from allokoli.settings import Settings

log = logging.getLogger("allokoli.providers.twilio")

#: Twilio error codes for French numbers bought without the regulatory documents.
REGULATORY_CODES = {
    21649: "Twilio exige un dossier réglementaire (« bundle ») validé pour acheter un numéro "
    "français : créez-le dans la console Twilio (pièce d'identité et justificatif d'adresse en "
    "France), puis renseignez ALLOKOLI_TWILIO_BUNDLE_SID.",
    21631: "Twilio exige une adresse en France pour ce numéro : enregistrez-la dans la console "
    "Twilio et renseignez ALLOKOLI_TWILIO_ADDRESS_SID.",
}


class TelephonyError(AppError):
    status_code = 502
    default_detail = "Le fournisseur de téléphonie (Twilio) n'a pas pu traiter la demande."


class NoNumberAvailable(TelephonyError):
    status_code = 409
    default_detail = (
        "Aucun numéro français n'est disponible pour cette zone en ce moment : essayez une "
        "autre zone ou réessayez plus tard."
    )


#: Twilio's refusals of an SMS, in the owner's words (retrying cannot help).
SMS_REFUSALS = {
    21608: "Ce numéro n'est pas vérifié sur le compte Twilio (compte d'essai) : vérifiez-le "
    "dans la console Twilio ou passez à un compte payant.",
    21211: "Twilio refuse ce numéro de destinataire : il n'est pas valide.",
    21614: "Ce numéro ne peut pas recevoir de SMS (ce n'est pas un mobile).",
    21610: "Ce destinataire a répondu STOP : il ne reçoit plus nos SMS.",
    21408: "L'envoi de SMS vers ce pays n'est pas autorisé sur le compte Twilio.",
    21606: "Le numéro d'envoi (ALLOKOLI_TWILIO_SMS_FROM) ne peut pas envoyer de SMS.",
    21612: "Twilio ne peut pas acheminer de SMS entre ce numéro d'envoi et ce destinataire.",
}


class SmsRefused(Exception):
    """Twilio refused the SMS (a bad or unsubscribed number, account limits): final."""

    def __init__(self, detail: str, code: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code


class SmsUnavailable(Exception):
    """Twilio could not be reached or asked us to wait (network, 429, 5xx): try again."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _sms_error(exc: Exception) -> SmsRefused | SmsUnavailable:
    if isinstance(exc, TwilioRestException):
        if exc.code in SMS_REFUSALS:
            return SmsRefused(SMS_REFUSALS[exc.code], exc.code)
        if exc.status == 429 or exc.status >= 500:
            return SmsUnavailable("Twilio est surchargé pour le moment : nouvel essai plus tard.")
        if exc.status in (401, 403):
            return SmsRefused("Identifiants Twilio refusés : vérifiez ALLOKOLI_TWILIO_*.", exc.code)
        return SmsRefused(f"Twilio a refusé le SMS (code {exc.code}) : {exc.msg}", exc.code)
    return SmsUnavailable("Twilio est injoignable pour le moment : nouvel essai plus tard.")


@dataclass(frozen=True)
class BoughtNumber:
    sid: str
    number: str


#: Twilio is called inside the owner's request: a few quick attempts, never a long wait.
ATTEMPTS = 3
#: Backoff before the 2nd and 3rd attempts (seconds, less up to half of it: equal jitter).
BACKOFF_SECONDS = (0.5, 1.0)
#: The longest `Retry-After` waited for inside a request; beyond, the owner is told when.
MAX_WAIT_SECONDS = 5.0
#: Twilio's timeout per request (seconds).
TIMEOUT_SECONDS = 15.0
_IDEMPOTENT = {"GET", "HEAD", "DELETE"}
_wait = time.sleep  # the pause between attempts (tests record it instead)


def _retry_after(response: TwilioResponse) -> float | None:
    headers = {
        str(k).lower(): str(v) for k, v in (getattr(response, "headers", None) or {}).items()
    }
    value = headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None


class RetryingHttpClient(HttpClient):  # type: ignore[misc]  # twilio ships no types
    """Twilio's HTTP boundary with our retry policy:

    - 429 (Twilio refused before doing anything): retried, after its `Retry-After` when it
      is at most `MAX_WAIT_SECONDS`, otherwise answered at once (the owner is told when to
      try again);
    - 5xx and network errors: retried for reads and deletes only. A purchase (POST) that
      failed that way may have been made: it is not repeated blindly;
    - at most `ATTEMPTS` attempts, `BACKOFF_SECONDS` apart with jitter."""

    def __init__(
        self,
        inner: HttpClient | None = None,
        *,
        sleep: Callable[[float], None] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(logger=log, is_async=False, timeout=TIMEOUT_SECONDS)
        self.inner = inner or TwilioHttpClient(timeout=TIMEOUT_SECONDS)
        self.sleep = sleep
        self.rng = rng or random.Random()

    def request(self, method: str, uri: str, *args: Any, **kwargs: Any) -> TwilioResponse:
        for attempt in range(1, ATTEMPTS + 1):
            last = attempt == ATTEMPTS
            try:
                response = self.inner.request(method, uri, *args, **kwargs)
            except Exception:
                if last or method.upper() not in _IDEMPOTENT:
                    raise
                log.warning("Twilio %s %s: network error, attempt %d", method, uri, attempt)
                self._pause(attempt, None)
                continue
            status = response.status_code
            retryable = status == 429 or (status >= 500 and method.upper() in _IDEMPOTENT)
            if not retryable or last:
                return response
            wait = _retry_after(response)
            if wait is not None and wait > MAX_WAIT_SECONDS:
                return response
            log.warning("Twilio %s %s answered %d, attempt %d", method, uri, status, attempt)
            self._pause(attempt, wait)
        raise AssertionError("unreachable")

    def _pause(self, attempt: int, retry_after: float | None) -> None:
        base = BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS)) - 1]
        wait = base / 2 + self.rng.uniform(0, base / 2)
        (self.sleep or _wait)(max(wait, retry_after or 0.0))


def _status(exc: Exception) -> int | None:
    """The HTTP status of a Twilio error: a REST error's, or the response a page fetch failed
    on (`TwilioException("Unable to fetch page", response)`)."""
    if isinstance(exc, TwilioRestException):
        return int(exc.status)
    for arg in getattr(exc, "args", ()):
        status = getattr(arg, "status_code", None)
        if isinstance(status, int):
            return status
    return None


def _french(exc: Exception) -> TelephonyError:
    status = _status(exc)
    if status == 429:
        return TelephonyError(
            "Twilio limite le nombre de requêtes pour le moment : réessayez dans une minute."
        )
    if status is not None and status >= 500:
        return TelephonyError(
            "Twilio est momentanément indisponible : réessayez dans quelques minutes."
        )
    if isinstance(exc, TwilioRestException):
        if exc.code in REGULATORY_CODES:
            return TelephonyError(REGULATORY_CODES[exc.code])
        if exc.status in (401, 403):
            return TelephonyError("Identifiants Twilio refusés : vérifiez ALLOKOLI_TWILIO_*.")
        return TelephonyError(f"Twilio a refusé la demande (code {exc.code}) : {exc.msg}")
    return TelephonyError("Twilio est injoignable pour le moment : réessayez dans un instant.")


class TwilioGateway:
    def __init__(self, settings: Settings, *, http_client: HttpClient | None = None) -> None:
        assert settings.twilio_account_sid and settings.twilio_auth_token
        self.account_sid = settings.twilio_account_sid
        self.auth_token = settings.twilio_auth_token.get_secret_value()
        self.bundle_sid = settings.twilio_bundle_sid
        self.address_sid = settings.twilio_address_sid
        self.client = Client(
            self.account_sid, self.auth_token, http_client=RetryingHttpClient(http_client)
        )

    def buy_french_number(self, *, contains: str | None, friendly_name: str) -> BoughtNumber:
        """Find a French local number (optionally matching e.g. "+334" for a region) and buy it."""
        try:
            kwargs: dict[str, Any] = {"limit": 1}
            if contains:
                kwargs["contains"] = contains
            found = self.client.available_phone_numbers("FR").local.list(**kwargs)
            if not found:
                raise NoNumberAvailable()
            create: dict[str, Any] = {
                "phone_number": found[0].phone_number,
                "friendly_name": friendly_name[:64],
            }
            if self.bundle_sid:
                create["bundle_sid"] = self.bundle_sid
            if self.address_sid:
                create["address_sid"] = self.address_sid
            bought = self.client.incoming_phone_numbers.create(**create)
        except TelephonyError:
            raise
        except TwilioException as exc:
            raise _french(exc) from exc
        except Exception as exc:  # network errors from the HTTP client
            raise _french(exc) from exc
        return BoughtNumber(sid=str(bought.sid), number=str(bought.phone_number))

    def release(self, sid: str) -> None:
        try:
            self.client.incoming_phone_numbers(sid).delete()
        except TwilioRestException as exc:
            if exc.status == 404:
                return
            raise _french(exc) from exc
        except Exception as exc:
            raise _french(exc) from exc

    def send_sms(self, *, to: str, from_: str, body: str) -> str:
        """Send one SMS; returns its sid (raises `SmsRefused` or `SmsUnavailable`)."""
        try:
            sent = self.client.messages.create(to=to, from_=from_, body=body)
        except Exception as exc:  # Twilio's refusals and the HTTP client's network errors
            raise _sms_error(exc) from exc
        return str(sent.sid)

    def find_sms(self, *, to: str, from_: str, body: str, since: datetime) -> str | None:
        """The sid of an SMS with exactly this body sent from `from_` to `to` since `since`:
        how a retry learns that an attempt whose answer was lost did send it."""
        try:
            found = self.client.messages.list(to=to, from_=from_, date_sent_after=since, limit=50)
        except Exception as exc:
            raise _sms_error(exc) from exc
        for message in found:
            if (message.body or "").strip() == body.strip():
                return str(message.sid)
        return None
