"""What the notifications say, in French: plain text and HTML, built from the stored call.

Kept in one module so that another language can be added beside it. No I/O here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

from allokoli.calls.display import date_time, display_number, duration, local
from allokoli.models import Call, TakenMessage

SMS_LIMIT = 600
"""Four SMS segments at most (Twilio splits longer texts)."""

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def long_date(day: date) -> str:
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str | None = None


@dataclass(frozen=True)
class CallFacts:
    """What the owner is told about one call."""

    assistant_name: str
    call: Call
    messages: Sequence[TakenMessage]
    link: str
    urgent: bool
    unanswered: Sequence[str] = field(default_factory=tuple)


def _message_lines(message: TakenMessage) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if message.caller_name:
        rows.append(("Nom", message.caller_name))
    if message.callback_number:
        rows.append(("Rappeler au", display_number(message.callback_number)))
    if message.reason:
        rows.append(("Motif" if message.kind == "message" else "Objet", message.reason))
    if message.preferred_date:
        rows.append(("Date souhaitée", message.preferred_date))
    if message.preferred_time:
        rows.append(("Heure souhaitée", message.preferred_time))
    if message.party_size:
        rows.append(("Nombre de personnes", str(message.party_size)))
    if message.details:
        rows.append(("Message" if message.kind == "message" else "Commentaire", message.details))
    return rows


def _title(message: TakenMessage) -> str:
    return "Demande de rendez-vous" if message.kind == "appointment" else "Message laissé"


def call_subject(facts: CallFacts) -> str:
    who = display_number(facts.call.caller_number)
    if facts.messages:
        what = "demande de rendez-vous" if facts.messages[0].kind == "appointment" else "message"
        base = f"Appel de {who} : {what}"
    else:
        base = f"Appel de {who}"
    return ("URGENT – " if facts.urgent else "") + f"{base} ({facts.assistant_name})"


def call_email(facts: CallFacts) -> Rendered:
    call = facts.call
    who = display_number(call.caller_number)
    raw = call.caller_number or ""
    when = date_time(call.started_at or call.created_at)
    lines = [
        f"Votre assistant « {facts.assistant_name} » a reçu un appel.",
        "",
        f"Appelant : {who}" + (f" ({raw})" if raw and raw != who else ""),
        f"Date : le {when} (heure de Paris)",
        f"Durée : {duration(call.duration_seconds)}",
        f"Urgence : {'OUI, à traiter en priorité' if facts.urgent else 'non'}",
        "",
        "Résumé : " + (call.summary or "pas de résumé pour cet appel."),
    ]
    for message in facts.messages:
        lines += ["", _title(message) + " :"]
        lines += [f"  {label} : {value}" for label, value in _message_lines(message)]
    if facts.unanswered:
        lines += ["", "Questions restées sans réponse :"]
        lines += [f"  – {q}" for q in facts.unanswered]
        lines += ["Répondez-y une fois dans AlloKoli : l'assistant saura y répondre ensuite."]
    lines += ["", f"Voir l'appel : {facts.link}", "", "— AlloKoli"]
    html = [
        "<!doctype html><html lang='fr'><body style='font-family:sans-serif;line-height:1.5'>",
        f"<p>Votre assistant « {escape(facts.assistant_name)} » a reçu un appel.</p>",
    ]
    if facts.urgent:
        html.append("<p style='color:#b00020;font-weight:bold'>Urgent : à traiter en priorité</p>")
    html.append("<table cellpadding='4'>")
    for label, value in (
        ("Appelant", who + (f" ({raw})" if raw and raw != who else "")),
        ("Date", f"le {when} (heure de Paris)"),
        ("Durée", duration(call.duration_seconds)),
    ):
        html.append(f"<tr><th align='left'>{label}</th><td>{escape(value)}</td></tr>")
    html.append("</table>")
    summary = escape(call.summary or "pas de résumé pour cet appel.")
    html.append(f"<p><strong>Résumé :</strong> {summary}</p>")
    for message in facts.messages:
        html.append(f"<h3>{_title(message)}</h3><ul>")
        html += [
            f"<li><strong>{label} :</strong> {escape(value)}</li>"
            for label, value in _message_lines(message)
        ]
        html.append("</ul>")
    if facts.unanswered:
        html.append("<h3>Questions restées sans réponse</h3><ul>")
        html += [f"<li>{escape(q)}</li>" for q in facts.unanswered]
        html.append("</ul>")
    html.append(f"<p><a href='{escape(facts.link)}'>Voir l'appel dans AlloKoli</a></p>")
    html.append("</body></html>")
    return Rendered(call_subject(facts), "\n".join(lines) + "\n", "\n".join(html))


def call_sms(facts: CallFacts) -> str:
    call = facts.call
    parts = [
        ("URGENT " if facts.urgent else "") + f"Appel de {display_number(call.caller_number)}",
        f"le {date_time(call.started_at or call.created_at)}",
    ]
    text = " ".join(parts) + "."
    for message in facts.messages[:1]:
        name = f" de {message.caller_name}" if message.caller_name else ""
        back = (
            f", rappeler au {display_number(message.callback_number)}"
            if message.callback_number
            else ""
        )
        what = "Demande de RDV" if message.kind == "appointment" else "Message"
        detail = (
            f" : {message.details or message.reason}" if message.details or message.reason else ""
        )
        text += f" {what}{name}{back}{detail}."
    if not facts.messages and call.summary:
        text += f" {call.summary}"
    tail = f" {facts.link}"
    return _clip(text, SMS_LIMIT - len(tail)) + tail


def _clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def confirmation_sms(business: str, message: TakenMessage) -> str | None:
    """The caller's confirmation; None when a fact it needs is missing (never sent incomplete)."""
    if not business.strip() or not message.callback_number:
        return None
    hello = f"Bonjour {message.caller_name}, " if message.caller_name else "Bonjour, "
    if message.kind == "appointment":
        when = ""
        if message.preferred_date:
            try:
                when = f" pour le {long_date(date.fromisoformat(message.preferred_date))}"
            except ValueError:
                when = ""
        if message.preferred_time:
            when += f" ({message.preferred_time})"
        body = (
            f"{hello}{business} a bien reçu votre demande de rendez-vous{when}. "
            f"Vous serez rappelé au {display_number(message.callback_number)} pour la confirmer."
        )
    else:
        body = (
            f"{hello}{business} a bien reçu votre message. Vous serez rappelé au "
            f"{display_number(message.callback_number)}."
        )
    return _clip(body, SMS_LIMIT - 40) + " Répondez STOP pour ne plus recevoir de SMS."


def alert_email(kind_label: str, text: str, link: str | None) -> Rendered:
    lines = [text, ""] + ([f"Voir : {link}", ""] if link else []) + ["— AlloKoli"]
    html = (
        "<!doctype html><html lang='fr'><body style='font-family:sans-serif'>"
        f"<p>{escape(text)}</p>"
        + (f"<p><a href='{escape(link)}'>Ouvrir AlloKoli</a></p>" if link else "")
        + "</body></html>"
    )
    return Rendered(f"AlloKoli – {kind_label}", "\n".join(lines) + "\n", html)


@dataclass(frozen=True)
class DigestLine:
    call: Call
    assistant_name: str
    headline: str
    link: str


DIGEST_GROUPS = (
    ("urgent", "Urgences"),
    ("messages", "Messages et demandes de rendez-vous"),
    ("information", "Appels d'information"),
    ("spam", "Appels indésirables ou vides"),
)


def digest_email(
    day: date,
    groups: dict[str, list[DigestLine]],
    unanswered: int,
    gaps_link: str,
    unsubscribe_link: str,
) -> Rendered:
    total = sum(len(lines) for lines in groups.values())
    title = f"Vos appels du {long_date(day)}"
    text = [f"{title} : {total} appel{'s' if total > 1 else ''}.", ""]
    html = [
        "<!doctype html><html lang='fr'><body style='font-family:sans-serif;line-height:1.5'>",
        f"<h2>{escape(title)}</h2><p>{total} appel{'s' if total > 1 else ''}.</p>",
    ]
    for key, label in DIGEST_GROUPS:
        lines = groups.get(key) or []
        if not lines:
            continue
        text.append(f"{label} ({len(lines)}) :")
        html.append(f"<h3>{label} ({len(lines)})</h3><ul>")
        for line in lines:
            at = local(line.call.started_at or line.call.created_at)
            hour = f"{at.hour} h {at:%M}" if at else "—"
            who = display_number(line.call.caller_number)
            text.append(f"  – {hour}, {who} : {line.headline} ({line.link})")
            html.append(
                f"<li>{hour}, {escape(who)} : {escape(line.headline)} "
                f"(<a href='{escape(line.link)}'>voir</a>)</li>"
            )
        text.append("")
        html.append("</ul>")
    if unanswered:
        sentence = (
            f"{unanswered} question{'s' if unanswered > 1 else ''} "
            f"sans réponse attend{'ent' if unanswered > 1 else ''} votre réponse"
        )
        text += [f"{sentence} : {gaps_link}", ""]
        html.append(f"<p><a href='{escape(gaps_link)}'>{escape(sentence)}</a></p>")
    text += [
        "Ne plus recevoir ce résumé : " + unsubscribe_link,
        "",
        "— AlloKoli",
    ]
    html.append(
        f"<p style='font-size:small'><a href='{escape(unsubscribe_link)}'>"
        "Ne plus recevoir ce résumé quotidien</a></p></body></html>"
    )
    return Rendered(title, "\n".join(text) + "\n", "\n".join(html))
