from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, status
from fastapi.responses import JSONResponse

from allokoli.assistants import fiche, listing, service
from allokoli.assistants.schemas import (
    AssistantCreate,
    AssistantDetail,
    AssistantPage,
    AssistantUpdate,
    ChangesOut,
    ChatIn,
    ChatOut,
    DeployOut,
    ExportDocument,
    FicheGroupOut,
    FicheOut,
    FicheSaved,
    FieldChange,
    PromptLineOut,
    RegenerateIn,
    VersionDiff,
    VersionOut,
)
from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep
from allokoli.kit.schemas import error_responses

router = APIRouter(prefix="/api/v1/assistants", tags=["assistants"])
MAX_VERSION = 2**31 - 1  # versions are 32-bit integers in the database


@router.get("", operation_id="assistants-list")
def list_assistants(
    principal: CurrentPrincipal,
    session: DbSession,
    q: Annotated[str | None, Query(max_length=100, description="Search in names")] = None,
    status_: Annotated[str | None, Query(alias="status", max_length=16)] = None,
    sector: Annotated[str | None, Query(max_length=60)] = None,
    sort: Annotated[str, Query(pattern=listing.SORT_PATTERN)] = "-updated_at",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[
        str | None, Query(pattern=listing.CURSOR_PATTERN, description="`next_cursor` of a page")
    ] = None,
) -> AssistantPage:
    """The organisation's assistants, filtered and sorted, one page at a time."""
    return listing.page(
        session,
        principal,
        q=q,
        status=status_,
        sector=sector,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="assistants-create")
def create_assistant(
    body: AssistantCreate, principal: CurrentPrincipal, session: DbSession
) -> AssistantDetail:
    """Create a draft assistant from a French description, a profile or a Vapi config."""
    return service.detail(session, principal, service.create(session, principal, body))


@router.post(
    "/import",
    status_code=status.HTTP_201_CREATED,
    operation_id="assistants-import",
    # A dict at run time (the service validates it with French messages); documented as what it is.
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ExportDocument"}}
            }
        }
    },
)
def import_assistant(
    document: Annotated[dict[str, Any], Body()], principal: CurrentPrincipal, session: DbSession
) -> AssistantDetail:
    """Import an assistant exported by AlloKoli (validated against Vapi's schema)."""
    return service.detail(session, principal, service.import_(session, principal, document))


# `:uuid` on the routes at the depth of `/import`: `GET /import` is then a 405, not a 422 about
# an id that was never one.
@router.get("/{assistant_id:uuid}", operation_id="assistants-get")
def get_assistant(
    assistant_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> AssistantDetail:
    """One assistant with its whole config."""
    return service.detail(session, principal, service.get(session, principal, assistant_id))


@router.patch(
    "/{assistant_id:uuid}", operation_id="assistants-update", responses=error_responses(409)
)
def update_assistant(
    assistant_id: uuid.UUID,
    body: AssistantUpdate,
    principal: CurrentPrincipal,
    session: DbSession,
) -> AssistantDetail:
    """Edit (simple fields, a partial config or the whole config); each save is a version."""
    assistant = service.update(session, principal, assistant_id, body)
    return service.detail(session, principal, assistant)


@router.delete(
    "/{assistant_id:uuid}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="assistants-delete",
    responses=error_responses(409),
)
def delete_assistant(
    assistant_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: DbSession,
) -> None:
    """Delete the assistant here and on the provider."""
    service.delete(session, principal, assistant_id)


@router.post("/{assistant_id}/duplicate", status_code=201, operation_id="assistants-duplicate")
def duplicate_assistant(
    assistant_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> AssistantDetail:
    """Copy an assistant as a new draft."""
    return service.detail(session, principal, service.duplicate(session, principal, assistant_id))


@router.post(
    "/{assistant_id}/regenerate",
    operation_id="assistants-regenerate",
    responses=error_responses(409),
)
def regenerate_assistant(
    assistant_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: DbSession,
    body: Annotated[RegenerateIn | None, Body()] = None,
) -> AssistantDetail:
    """Generate the assistant again from its facts (a new version), keeping the owner's changes
    unless `keep_owner_changes` is false."""
    keep = body.keep_owner_changes if body is not None else True
    assistant = service.regenerate(session, principal, assistant_id, keep_owner_changes=keep)
    return service.detail(session, principal, assistant)


@router.get(
    "/{assistant_id}/regenerate/preview",
    operation_id="assistants-regenerate_preview",
    responses=error_responses(409),
)
def preview_regeneration(
    assistant_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: DbSession,
    keep_owner_changes: bool = True,
) -> ChangesOut:
    """What a regeneration would change, field by field and line by line (nothing is saved)."""
    preview = service.regeneration_preview(
        session, principal, assistant_id, keep_owner_changes=keep_owner_changes
    )
    return _changes_out(preview.changes, preview.prompt)


def _changes_out(changes: list[Any], prompt: list[Any]) -> ChangesOut:
    return ChangesOut(
        changes=[FieldChange.model_validate(c) for c in changes],
        prompt=[None if line is None else PromptLineOut.model_validate(line) for line in prompt],
    )


@router.get(
    "/{assistant_id}/fiche", operation_id="assistants-fiche", responses=error_responses(409)
)
def get_fiche(assistant_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession) -> FicheOut:
    """The business facts as the Fiche forms show them, by group."""
    assistant = service.get(session, principal, assistant_id)
    return FicheOut(
        groups=[FicheGroupOut(id=g.id, title=g.title, help=g.help) for g in fiche.GROUPS],
        values=service.fiche_values(assistant),
    )


@router.put(
    "/{assistant_id}/fiche/{group}",
    operation_id="assistants-fiche_save",
    responses=error_responses(404, 409, 422),
)
def save_fiche(
    assistant_id: uuid.UUID,
    group: Annotated[str, Path(pattern=r"^[a-z]{2,20}$")],
    body: Annotated[dict[str, str], Body()],
    principal: CurrentPrincipal,
    session: DbSession,
) -> FicheSaved:
    """Save one group of facts, validated like the web form (same fields, same French
    messages); the assistant is regenerated from them as a new version."""
    assistant, changes = service.edit_fiche(session, principal, assistant_id, group, body)
    return FicheSaved(
        assistant=service.detail(session, principal, assistant),
        changes=[FieldChange.model_validate(c) for c in changes],
    )


@router.post("/{assistant_id}/deploy", status_code=202, operation_id="assistants-deploy")
def deploy_assistant(
    assistant_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: DbSession,
) -> DeployOut:
    """Create or update the assistant on Vapi (or the sandbox); poll until `active`."""
    assistant = service.deploy(session, principal, assistant_id)
    return DeployOut(
        id=assistant.id,
        status=assistant.status,
        status_reason=assistant.status_reason,
        provider_id=assistant.provider_id,
    )


@router.post("/{assistant_id}/chat", operation_id="assistants-chat", responses=error_responses(502))
def chat_with_assistant(
    assistant_id: uuid.UUID,
    body: ChatIn,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> ChatOut:
    """Test the assistant in text through the provider's chat (deploy it first)."""
    gateway = services.gateway(principal.organization_id)
    settings = services.settings
    reply = service.chat(
        session, principal, assistant_id, body.text, body.chat_id, gateway, settings
    )
    return ChatOut(reply=reply.text, chat_id=reply.chat_id)


@router.get("/{assistant_id}/versions", operation_id="assistants-versions")
def list_versions(
    assistant_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> list[VersionOut]:
    """Every saved version, newest first."""
    return [
        VersionOut.model_validate(v) for v in service.versions(session, principal, assistant_id)
    ]


@router.get("/{assistant_id}/versions/diff", operation_id="assistants-diff")
def diff_versions(
    assistant_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: DbSession,
    a: Annotated[int, Query(ge=1, le=MAX_VERSION, alias="from")],
    b: Annotated[int, Query(ge=1, le=MAX_VERSION, alias="to")],
) -> VersionDiff:
    """Unified diff of the configs of two versions."""
    text = service.diff(session, principal, assistant_id, a, b)
    return VersionDiff(from_version=a, to_version=b, diff=text)


@router.get("/{assistant_id}/versions/changes", operation_id="assistants-version_changes")
def version_changes(
    assistant_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: DbSession,
    a: Annotated[int, Query(ge=1, le=MAX_VERSION, alias="from")],
    b: Annotated[int, Query(ge=1, le=MAX_VERSION, alias="to")],
) -> ChangesOut:
    """Two versions compared in French: facts and settings field by field, instructions line by
    line with the changed words marked."""
    comparison = service.compare(session, principal, assistant_id, a, b)
    return _changes_out(comparison.changes, comparison.prompt)


@router.post(
    "/{assistant_id}/versions/{version}/restore",
    operation_id="assistants-restore",
    responses=error_responses(409),
)
def restore_version(
    assistant_id: uuid.UUID,
    version: Annotated[int, Path(ge=1, le=MAX_VERSION)],
    principal: CurrentPrincipal,
    session: DbSession,
) -> AssistantDetail:
    """Make an old version current again (as a new version)."""
    return service.detail(
        session, principal, service.restore(session, principal, assistant_id, version)
    )


@router.get(
    "/{assistant_id}/export", operation_id="assistants-export", response_model=ExportDocument
)
def export_assistant(
    assistant_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> JSONResponse:
    """The assistant as a JSON document to import elsewhere."""
    doc: ExportDocument = service.export(session, principal, assistant_id)
    filename = f"assistant-{assistant_id}.json"
    return JSONResponse(
        doc.model_dump(mode="json"),
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
