"""Twilio through the official `twilio` package: find, buy and release French numbers."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http import HttpClient
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


@dataclass(frozen=True)
class BoughtNumber:
    sid: str
    number: str


def _french(exc: Exception) -> TelephonyError:
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
        self.client = Client(self.account_sid, self.auth_token, http_client=http_client)

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
