"""Sending one e-mail (SMTP, the standard library) or one SMS (Twilio's official package).

Every failure becomes `outbox.Undelivered` with a French reason the owner can act on, and
whether trying again can help: a refused address or number is final, a timeout or a busy
server is retried by the outbox with backoff.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from allokoli.deploy.outbox import Undelivered
from allokoli.providers.twilio import SmsRefused, SmsUnavailable, TwilioGateway
from allokoli.settings import Settings

SMTP_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str | None
    message_id: str
    """Stable per delivery: a mail system that sees it twice may drop the copy."""
    unsubscribe_url: str | None = None


def build_message(settings: Settings, email: Email) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = email.message_id
    if email.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(email.text)
    if email.html:
        message.add_alternative(email.html, subtype="html")
    return message


def message_id(delivery_id: str, settings: Settings) -> str:
    domain = settings.smtp_from.rsplit("@", 1)[-1].strip(">").strip() or "allokoli.local"
    return f"<{delivery_id}@{domain}>" if delivery_id else make_msgid(domain=domain)


def send_email(settings: Settings, email: Email) -> str:
    """Hand the message to the SMTP server; returns its Message-ID."""
    if not settings.smtp_host:
        raise Undelivered(
            "L'envoi d'e-mails n'est pas configuré sur ce serveur (ALLOKOLI_SMTP_HOST) : "
            "prévenez l'administrateur.",
            retryable=False,
        )
    message = build_message(settings, email)
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS
        ) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if settings.smtp_user and settings.smtp_password:
                smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        code, _ = next(iter(exc.recipients.values()))
        raise Undelivered(
            f"Le serveur d'envoi a refusé l'adresse « {email.to} » (code {code}) : "
            "vérifiez-la dans vos réglages de notification.",
            retryable=400 <= code < 500,
        ) from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise Undelivered(
            "Le serveur d'envoi a refusé nos identifiants (ALLOKOLI_SMTP_USER / PASSWORD) : "
            "prévenez l'administrateur.",
            retryable=False,
        ) from exc
    except smtplib.SMTPResponseException as exc:
        raise Undelivered(
            f"Le serveur d'envoi a refusé le message (code {exc.smtp_code}).",
            retryable=400 <= exc.smtp_code < 500,
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        # smtplib reports a silent server as « Connection unexpectedly closed: timed out ».
        if isinstance(exc, TimeoutError) or "timed out" in str(exc):
            raise Undelivered(
                "Le serveur d'envoi n'a pas répondu à temps : nouvel essai plus tard.",
                retryable=True,
            ) from exc
        raise Undelivered(
            "Le serveur d'envoi est injoignable pour le moment : nouvel essai plus tard.",
            retryable=True,
        ) from exc
    return email.message_id


def send_sms(gateway: TwilioGateway | None, settings: Settings, to: str, body: str) -> str:
    """Send one SMS; returns Twilio's message sid."""
    sender = _sender(gateway, settings)
    assert gateway is not None
    try:
        return gateway.send_sms(to=to, from_=sender, body=body)
    except SmsRefused as exc:
        raise Undelivered(exc.detail, retryable=False) from exc
    except SmsUnavailable as exc:
        raise Undelivered(exc.detail, retryable=True) from exc


def find_sent_sms(
    gateway: TwilioGateway | None, settings: Settings, to: str, body: str, since: datetime
) -> str | None:
    """The sid of an SMS with this body sent to `to` since `since` (an attempt whose outcome
    was lost), or None."""
    sender = _sender(gateway, settings)
    assert gateway is not None
    try:
        return gateway.find_sms(to=to, from_=sender, body=body, since=since)
    except (SmsRefused, SmsUnavailable) as exc:
        raise Undelivered(exc.detail, retryable=True) from exc


def _sender(gateway: TwilioGateway | None, settings: Settings) -> str:
    if gateway is None or not settings.twilio_sms_from:
        raise Undelivered(
            "L'envoi de SMS n'est pas configuré sur ce serveur (ALLOKOLI_TWILIO_* et "
            "ALLOKOLI_TWILIO_SMS_FROM) : prévenez l'administrateur.",
            retryable=False,
        )
    return settings.twilio_sms_from
