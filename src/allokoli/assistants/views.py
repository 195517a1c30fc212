"""HTML pages for assistants: list, create, detail, edit (3 levels), versions, test, deploy,
phone number. Thin: every action calls the same services as the API."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any
from urllib.parse import quote

import phonenumbers
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import UploadFile as StarletteUploadFile

from allokoli.assistants import bulk, fiche, owner, service, templates
from allokoli.assistants.repository import AssistantRepository
from allokoli.assistants.schemas import AssistantCreate, AssistantUpdate
from allokoli.domain.profile import WEEKDAYS
from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep, verify_csrf
from allokoli.kit.errors import AppError, InvalidInput
from allokoli.kit.numbers import parse_decimal, parse_integer
from allokoli.kit.validation import french_summary
from allokoli.models import Assistant
from allokoli.phone_numbers import service as phones
from allokoli.phone_numbers.repository import PhoneNumberRepository
from allokoli.rehearsal import service as rehearsals
from allokoli.understanding.from_text import MissingCompanyName
from allokoli.web.templating import render

router = APIRouter(include_in_schema=False)
Csrf = Depends(verify_csrf)

STATUS_LABELS = {
    "draft": "Brouillon",
    "deploying": "Mise en service…",
    "active": "En service",
    "error": "Erreur",
    "paused": "En pause",
}
MODES = ("simple", "avance", "expert")


def _ctx(session: DbSession, principal: CurrentPrincipal, assistant: Assistant) -> dict[str, Any]:
    phone = PhoneNumberRepository(session, principal.tenant).active_for(assistant.id)
    return {
        "assistant": assistant,
        "status_label": STATUS_LABELS.get(assistant.status, assistant.status),
        "phone": phones.phone_out(phone) if phone else None,
        "qr": phones.qr_svg(phone.number) if phone else None,
        "prompt": service.system_prompt(assistant.config),
        "config_json": json.dumps(assistant.config, indent=2, ensure_ascii=False),
        "owner_changes": owner.read(assistant.config),
        "check_links": _check_links(assistant),
        "rehearsal": rehearsals.latest(session, principal, assistant.id),
    }


def _check_links(assistant: Assistant) -> dict[str, str]:
    """Each quality check's Fiche field, as a link (the quality card points there)."""
    if assistant.profile is None:
        return {}
    links = {}
    for issue in ((assistant.generation or {}).get("quality") or {}).get("issues") or []:
        group, field = fiche.field_for_check(issue["check"], assistant.profile)
        links[issue["check"]] = f"/assistants/{assistant.id}/fiche?rubrique={group}#{field}"
    return links


@router.get("/assistants")
def list_page(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    q: str = "",
    status: str = "",
    sort: str = "-updated_at",
) -> HTMLResponse:
    if sort not in ("-updated_at", "name", "-created_at"):
        sort = "-updated_at"
    rows = AssistantRepository(session, principal.tenant).search(
        q=q or None, status=status or None, sort=sort, limit=200
    )
    numbers = PhoneNumberRepository(session, principal.tenant).all_for([a.id for a in rows])
    ctx = {
        "assistants": rows,
        "numbers": {k: phones.french_display(v.number) for k, v in numbers.items()},
        "labels": STATUS_LABELS,
        "q": q,
        "status": status,
        "sort": sort,
    }
    template = (
        "assistants/_rows.html"
        if request.headers.get("hx-target") == "rows"
        else "assistants/list.html"
    )
    return render(request, template, ctx)


@router.post("/assistants/bulk", dependencies=[Csrf])
def bulk_submit(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    ids: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies form defaults
    action: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Pause, resume or delete the checked assistants, after a confirmation page."""
    try:
        chosen = [uuid.UUID(i) for i in ids]
        if action not in bulk.ACTIONS:
            raise InvalidInput("Choisissez une action pour les assistants sélectionnés.")
        if confirm != "oui":
            rows = bulk.selected(session, principal, chosen)
            ctx = {
                "assistants": rows,
                "action": action,
                "label": bulk.ACTIONS[action],
                "labels": STATUS_LABELS,
            }
            return render(request, "assistants/bulk_confirm.html", ctx)
        result = bulk.apply(session, principal, action, chosen)
    except ValueError:
        request.session["flash"] = "Sélection invalide : rechargez la page et réessayez."
        return RedirectResponse("/assistants", status_code=303)
    except AppError as exc:
        request.session["flash"] = exc.detail
        return RedirectResponse("/assistants", status_code=303)
    request.session["flash"] = result.message()
    return RedirectResponse("/assistants", status_code=303)


@router.get("/assistants/new")
def new_page(request: Request, principal: CurrentPrincipal, session: DbSession) -> HTMLResponse:
    ctx = {"text": "", "error": None, "templates": templates.list_templates(session, principal)}
    return render(request, "assistants/new.html", ctx)


@router.post("/assistants", dependencies=[Csrf])
def create_submit(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    text: Annotated[str, Form()] = "",
    company_name: Annotated[str, Form()] = "",
) -> Response:
    name = company_name.strip()[:120] or None
    try:
        assistant = service.create(
            session, principal, AssistantCreate(text=text.strip() or "…", company_name=name)
        )
    except MissingCompanyName as exc:
        # the rest was understood: ask for the name inline, the description kept as typed
        sector = exc.extra.get("sector") or {}
        return render(
            request,
            "assistants/new.html",
            {
                "text": text,
                "ask_company_name": True,
                "sector_label": sector.get("label") or sector.get("subtype_label"),
                "error": None,
            },
            status_code=exc.status_code,
        )
    except AppError as exc:
        return render(
            request,
            "assistants/new.html",
            {"text": text, "error": exc.detail, "company_name": company_name},
            status_code=exc.status_code,
        )
    except ValueError as exc:
        return render(
            request, "assistants/new.html", {"text": text, "error": str(exc)}, status_code=422
        )
    request.session["flash"] = (
        "Votre assistant est prêt : vérifiez-le, testez-le, puis mettez-le en service."
    )
    return RedirectResponse(f"/assistants/{assistant.id}", status_code=303)


@router.post("/assistants/import", dependencies=[Csrf])
async def import_submit(
    request: Request, principal: CurrentPrincipal, session: DbSession
) -> Response:
    form = await request.form()
    upload = form.get("file")
    try:
        if not isinstance(upload, StarletteUploadFile):
            raise InvalidInput("Choisissez un fichier JSON exporté depuis AlloKoli.")
        raw = await upload.read()
        try:
            document = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidInput("Ce fichier n'est pas du JSON lisible.") from exc
        if not isinstance(document, dict):
            raise InvalidInput("Ce fichier n'est pas un export d'assistant AlloKoli.")
        assistant = service.import_(session, principal, document)
    except AppError as exc:
        return render(
            request,
            "assistants/new.html",
            {"text": "", "error": exc.detail},
            status_code=exc.status_code,
        )
    finally:
        await form.close()
    request.session["flash"] = "Assistant importé."
    return RedirectResponse(f"/assistants/{assistant.id}", status_code=303)


@router.get("/assistants/{assistant_id}")
def detail_page(
    assistant_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> HTMLResponse:
    assistant = service.get(session, principal, assistant_id)
    return render(request, "assistants/detail.html", _ctx(session, principal, assistant))


@router.get("/assistants/{assistant_id}/status")
def status_partial(
    assistant_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> HTMLResponse:
    assistant = service.get(session, principal, assistant_id)
    return render(request, "assistants/_status.html", _ctx(session, principal, assistant))


@router.post("/assistants/{assistant_id}/deploy", dependencies=[Csrf])
def deploy_submit(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
) -> HTMLResponse:
    assistant = service.deploy(session, principal, assistant_id)
    return render(request, "assistants/_status.html", _ctx(session, principal, assistant))


@router.post("/assistants/{assistant_id}/phone-number", dependencies=[Csrf])
def phone_submit(
    assistant_id: uuid.UUID,
    request: Request,
    services: ServicesDep,
    principal: CurrentPrincipal,
    session: DbSession,
) -> HTMLResponse:
    phones.provision(
        session,
        principal,
        assistant_id,
        gateway=services.gateway(principal.organization_id),
        settings=services.settings,
        twilio=services.twilio(),
    )
    assistant = service.get(session, principal, assistant_id)
    return render(request, "assistants/_status.html", _ctx(session, principal, assistant))


@router.post("/assistants/{assistant_id}/phone-number/release", dependencies=[Csrf])
def phone_release(
    assistant_id: uuid.UUID,
    request: Request,
    services: ServicesDep,
    principal: CurrentPrincipal,
    session: DbSession,
) -> HTMLResponse:
    phones.release(
        session,
        principal,
        assistant_id,
        gateway=services.gateway(principal.organization_id),
        twilio=services.twilio(),
    )
    assistant = service.get(session, principal, assistant_id)
    return render(request, "assistants/_status.html", _ctx(session, principal, assistant))


@router.get("/assistants/{assistant_id}/edit")
def edit_page(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    mode: str = "simple",
) -> HTMLResponse:
    assistant = service.get(session, principal, assistant_id)
    ctx = _ctx(session, principal, assistant) | {
        "mode": mode if mode in MODES else "simple",
        "error": None,
        "diff": None,
    }
    return render(request, "assistants/edit.html", ctx)


@router.post("/assistants/{assistant_id}/edit", dependencies=[Csrf])
async def edit_submit(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    mode = form.get("mode", "simple")
    assistant = service.get(session, principal, assistant_id)
    try:
        update = _update_from_form(mode, form)
        if mode == "expert" and form.get("preview") and update.config is not None:
            proposed = service.validate_config(update.config)
            ctx = _ctx(session, principal, assistant) | {
                "mode": mode,
                "error": None,
                "diff": service.diff_config(assistant.config, proposed),
                "config_json": form.get("config", ""),
            }
            return render(request, "assistants/edit.html", ctx)
        service.update(session, principal, assistant_id, update)
    except AppError as exc:
        ctx = _ctx(session, principal, assistant) | {
            "mode": mode,
            "error": exc.detail,
            "diff": None,
        }
        if mode == "expert":
            ctx["config_json"] = form.get("config", "")
        return render(request, "assistants/edit.html", ctx, status_code=exc.status_code)
    request.session["flash"] = "Modifications enregistrées (nouvelle version)."
    return RedirectResponse(f"/assistants/{assistant_id}", status_code=303)


FORM_LABELS = {
    "name": "Nom",
    "system_prompt": "Instructions",
    "first_message": "Premier message",
    "end_call_message": "Message de fin d'appel",
    "note": "Note de version",
}
"""The edit form's French names for `AssistantUpdate`'s fields, in its error messages."""


def _update_from_form(mode: str, form: dict[str, str]) -> AssistantUpdate:
    note = form.get("note") or None
    try:
        if mode == "expert":
            try:
                config = json.loads(form.get("config", ""))
            except json.JSONDecodeError as exc:
                raise InvalidInput(
                    f"JSON invalide (ligne {exc.lineno}, colonne {exc.colno})."
                ) from exc
            if not isinstance(config, dict):
                raise InvalidInput("La configuration doit être un objet JSON.")
            return AssistantUpdate(config=config, note=note)
        if mode == "avance":
            patch: dict[str, Any] = {"model": {}, "startSpeakingPlan": {}}
            if form.get("model"):
                patch["model"]["model"] = form["model"]
            if form.get("temperature"):
                patch["model"]["temperature"] = parse_decimal(
                    form["temperature"], label="La température"
                )
            if form.get("wait_seconds"):
                patch["startSpeakingPlan"]["waitSeconds"] = parse_decimal(
                    form["wait_seconds"], label="L'attente avant de parler", example="0,4"
                )
            if form.get("max_duration"):
                patch["maxDurationSeconds"] = parse_integer(
                    form["max_duration"], label="La durée maximale d'un appel"
                )
            return AssistantUpdate(
                config_patch={k: v for k, v in patch.items() if v != {}}, note=note
            )
        return AssistantUpdate(
            name=form.get("name") or None,
            system_prompt=form.get("system_prompt") or None,
            first_message=form.get("first_message") or None,
            end_call_message=form.get("end_call_message") or None,
            voice_gender=form.get("voice_gender") or None,
            register=form.get("register") or None,
            transfer_number=form.get("transfer_number") if "transfer_number" in form else None,
            note=note,
        )
    except ValidationError as exc:
        raise InvalidInput(french_summary(exc, labels=FORM_LABELS)) from exc


@router.get("/assistants/{assistant_id}/versions")
def versions_page(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    a: int | None = None,
    b: int | None = None,
) -> HTMLResponse:
    assistant = service.get(session, principal, assistant_id)
    rows = service.history_rows(session, principal, assistant_id)
    comparison = service.compare(session, principal, assistant_id, a, b) if a and b else None
    return render(
        request,
        "assistants/versions.html",
        {"assistant": assistant, "versions": rows, "comparison": comparison, "a": a, "b": b},
    )


@router.post("/assistants/{assistant_id}/versions/{version}/restore", dependencies=[Csrf])
def restore_submit(
    assistant_id: uuid.UUID,
    version: int,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
) -> Response:
    service.restore(session, principal, assistant_id, version)
    request.session["flash"] = f"Version {version} restaurée."
    return RedirectResponse(f"/assistants/{assistant_id}/versions", status_code=303)


@router.get("/assistants/{assistant_id}/regenerate")
def regenerate_page(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    garder: str = "oui",
) -> HTMLResponse:
    """What a regeneration would change, and the confirmation."""
    assistant = service.get(session, principal, assistant_id)
    keep = garder != "non"
    preview = service.regeneration_preview(
        session, principal, assistant_id, keep_owner_changes=keep
    )
    ctx = _ctx(session, principal, assistant) | {"preview": preview, "keep": keep}
    return render(request, "assistants/regenerate.html", ctx)


@router.post("/assistants/{assistant_id}/regenerate", dependencies=[Csrf])
def regenerate_submit(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    confirm: Annotated[str, Form()] = "",
    garder: Annotated[str, Form()] = "oui",
) -> Response:
    assistant = service.get(session, principal, assistant_id)
    if assistant.provider_id and confirm != "oui":
        # a deployed assistant is regenerated only after its owner saw the changes
        return RedirectResponse(f"/assistants/{assistant_id}/regenerate", status_code=303)
    assistant = service.regenerate(
        session, principal, assistant_id, keep_owner_changes=garder != "non"
    )
    request.session["flash"] = f"Assistant régénéré (version {assistant.version})."
    return RedirectResponse(f"/assistants/{assistant_id}", status_code=303)


# --- the Fiche ----------------------------------------------------------------------------------


def _fiche_ctx(
    session: DbSession,
    principal: CurrentPrincipal,
    assistant: Assistant,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    focus: str | None = None,
) -> dict[str, Any]:
    if assistant.profile is None:
        raise service.NoBusinessProfile(
            "Cet assistant a été importé sans fiche d'entreprise : modifiez sa configuration "
            "en mode Avancé ou Expert."
        )
    shown = fiche.form_values(assistant.profile) | (values or {})
    return _ctx(session, principal, assistant) | {
        "groups": fiche.GROUPS,
        "values": shown,
        "errors": errors or {},
        "focus": focus if focus in fiche.GROUP_IDS else None,
        "faq_rows": fiche.faq_rows(shown),
        "task_labels": fiche.TASK_LABELS,
        "weekdays": WEEKDAYS,
        "registers": fiche.REGISTER_LABELS,
        "styles": fiche.STYLE_LABELS,
        "voices": fiche.VOICE_LABELS,
        "step": None,
    }


@router.get("/assistants/{assistant_id}/fiche")
def fiche_page(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    rubrique: str | None = None,
) -> HTMLResponse:
    """Every fact of the business, by group, to edit."""
    assistant = service.get(session, principal, assistant_id)
    return render(
        request,
        "assistants/fiche.html",
        _fiche_ctx(session, principal, assistant, focus=rubrique),
    )


def _next_issue(assistant: Assistant, skipped: set[str]) -> dict[str, Any] | None:
    issues = ((assistant.generation or {}).get("quality") or {}).get("issues") or []
    return next((i for i in issues if i["check"] not in skipped), None)


@router.get("/assistants/{assistant_id}/fiche/completer")
def fiche_complete_page(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    passer: str = "",
) -> Response:
    """« Compléter ma fiche »: the missing items one by one, the costliest first."""
    assistant = service.get(session, principal, assistant_id)
    skipped = {p for p in passer.split(",") if p}
    issue = _next_issue(assistant, skipped)
    if issue is None:
        score = ((assistant.generation or {}).get("quality") or {}).get("score")
        request.session["flash"] = (
            f"Votre fiche est complète pour l'instant (qualité : {score}/100)."
        )
        return RedirectResponse(f"/assistants/{assistant_id}", status_code=303)
    group, field = fiche.field_for_check(issue["check"], assistant.profile)
    ctx = _fiche_ctx(session, principal, assistant, focus=group)
    ctx["step"] = {
        "issue": issue,
        "field": field,
        "passer": passer,
        "skip": ",".join(sorted(skipped | {issue["check"]})),
    }
    return render(request, "assistants/fiche.html", ctx)


@router.post("/assistants/{assistant_id}/fiche/{group}", dependencies=[Csrf])
async def fiche_submit(
    assistant_id: uuid.UUID,
    group: str,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    assistant = service.get(session, principal, assistant_id)
    try:
        assistant, changes = service.edit_fiche(session, principal, assistant_id, group, form)
    except AppError as exc:
        errors = {e["field"]: e["message"] for e in exc.extra.get("errors", [])}
        ctx = _fiche_ctx(session, principal, assistant, values=form, errors=errors, focus=group) | {
            "error": exc.detail
        }
        if form.get("next") == "completer":
            issue = _next_issue(assistant, set(form.get("passer", "").split(",")))
            if issue is not None:
                field = fiche.field_for_check(issue["check"], assistant.profile)[1]
                ctx["step"] = {
                    "issue": issue,
                    "field": field,
                    "passer": form.get("passer", ""),
                    "skip": form.get("passer", ""),
                }
        return render(request, "assistants/fiche.html", ctx, status_code=exc.status_code)
    if changes:
        listed = " ; ".join(f"{c.label} : {c.before} → {c.after}" for c in changes[:8])
        more = f" (et {len(changes) - 8} autres)" if len(changes) > 8 else ""
        request.session["flash"] = (
            f"Fiche enregistrée, assistant mis à jour (version {assistant.version}). "
            f"Ce qui a changé : {listed}{more}."
        )
    else:
        request.session["flash"] = "Rien n'a changé : aucune nouvelle version."
    if form.get("next") == "completer":
        passer = form.get("passer", "")
        return RedirectResponse(
            f"/assistants/{assistant_id}/fiche/completer?passer={quote(passer)}", status_code=303
        )
    return RedirectResponse(
        f"/assistants/{assistant_id}/fiche?rubrique={group}#{group}", status_code=303
    )


@router.post("/assistants/{assistant_id}/template", dependencies=[Csrf])
def template_submit(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    name: Annotated[str, Form()] = "",
) -> Response:
    template = templates.save_as_template(session, principal, assistant_id, name)
    request.session["flash"] = f"Modèle « {template.name} » enregistré."
    return RedirectResponse(f"/assistants/{assistant_id}", status_code=303)


@router.post("/templates/{template_id}/assistants", dependencies=[Csrf])
def from_template_submit(
    template_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    company_name: Annotated[str, Form()] = "",
) -> Response:
    assistant = templates.create_from_template(
        session, principal, template_id, company_name=company_name
    )
    request.session["flash"] = "Assistant créé à partir du modèle."
    return RedirectResponse(f"/assistants/{assistant.id}", status_code=303)


@router.post("/assistants/{assistant_id}/duplicate", dependencies=[Csrf])
def duplicate_submit(
    assistant_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> Response:
    copy_ = service.duplicate(session, principal, assistant_id)
    request.session["flash"] = "Copie créée."
    return RedirectResponse(f"/assistants/{copy_.id}", status_code=303)


@router.post("/assistants/{assistant_id}/delete", dependencies=[Csrf])
def delete_submit(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
) -> Response:
    service.delete(session, principal, assistant_id)
    request.session["flash"] = "Assistant supprimé."
    return RedirectResponse("/assistants", status_code=303)


@router.get("/assistants/{assistant_id}/test")
def chat_test_page(
    assistant_id: uuid.UUID,
    request: Request,
    services: ServicesDep,
    principal: CurrentPrincipal,
    session: DbSession,
) -> HTMLResponse:
    assistant = service.get(session, principal, assistant_id)
    settings = services.settings
    return render(
        request,
        "assistants/test.html",
        _ctx(session, principal, assistant) | {"vapi_public_key": settings.vapi_public_key},
    )


@router.post("/assistants/{assistant_id}/test", dependencies=[Csrf])
def chat_test_submit(
    assistant_id: uuid.UUID,
    request: Request,
    services: ServicesDep,
    principal: CurrentPrincipal,
    session: DbSession,
    text: Annotated[str, Form()] = "",
    chat_id: Annotated[str, Form()] = "",
) -> HTMLResponse:
    service.get(session, principal, assistant_id)
    text = text.strip()
    if not text:
        raise InvalidInput("Écrivez un message pour tester l'assistant.")
    reply = service.chat(
        session,
        principal,
        assistant_id,
        text[:2000],
        chat_id or None,
        services.gateway(principal.organization_id),
        services.settings,
    )
    transfer = _transfer_display(reply.transfer_to)
    tools = [TEST_CHAT_TOOLS[c.name] for c in reply.tool_calls if c.name in TEST_CHAT_TOOLS]
    context = {"text": text, "reply": reply, "transfer": transfer, "tools": tools}
    return render(request, "assistants/_chat_turn.html", context)


#: What the test chat shows under a reply for each tool the assistant called (the transfer has
#: its own line).
TEST_CHAT_TOOLS = {
    "take_message": "Outil appelé : prise de message",
    "request_appointment": "Outil appelé : demande de rendez-vous",
    "check_availability": "Outil appelé : créneaux libres de l'agenda",
    "book_appointment": "Outil appelé : réservation dans l'agenda",
    "cancel_appointment": "Outil appelé : annulation dans l'agenda",
}


def _transfer_display(number: str | None) -> str | None:
    """The transfer number for a French reader (« 06 12 34 56 78 »), as given if unparsable."""
    if not number:
        return None
    try:
        return fiche.phone_display(number)
    except phonenumbers.NumberParseException:
        return number
