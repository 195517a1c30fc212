from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from allokoli.assistants import service, templates
from allokoli.assistants.schemas import AssistantDetail
from allokoli.http.deps import CurrentPrincipal, DbSession

router = APIRouter(prefix="/api/v1", tags=["templates"])


class TemplateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    sector_family: str | None
    sector_subtype: str | None
    created_at: datetime


class TemplateCreate(BaseModel):
    assistant_id: uuid.UUID
    name: str = Field(min_length=1, max_length=120)


class FromTemplate(BaseModel):
    company_name: str = Field(min_length=1, max_length=120)


@router.get("/templates", operation_id="templates-list")
def list_templates(principal: CurrentPrincipal, session: DbSession) -> list[TemplateOut]:
    """The organisation's assistant templates."""
    return [TemplateOut.model_validate(t) for t in templates.list_templates(session, principal)]


@router.post("/templates", status_code=status.HTTP_201_CREATED, operation_id="templates-create")
def create_template(
    body: TemplateCreate, principal: CurrentPrincipal, session: DbSession
) -> TemplateOut:
    """Save an assistant as a template."""
    return TemplateOut.model_validate(
        templates.save_as_template(session, principal, body.assistant_id, body.name)
    )


@router.delete(
    "/templates/{template_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="templates-delete",
)
def delete_template(
    template_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> None:
    """Delete a template (assistants created from it stay)."""
    templates.delete_template(session, principal, template_id)


@router.post(
    "/templates/{template_id}/assistants",
    status_code=status.HTTP_201_CREATED,
    operation_id="templates-create_assistant",
)
def create_from_template(
    template_id: uuid.UUID, body: FromTemplate, principal: CurrentPrincipal, session: DbSession
) -> AssistantDetail:
    """A new draft assistant for another business, from a template."""
    assistant = templates.create_from_template(
        session, principal, template_id, company_name=body.company_name
    )
    return service.detail(session, principal, assistant)
