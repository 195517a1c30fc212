"""The configurator's own Vapi assistant: the generator's French defaults, a relaying prompt.

Transcriber, voice, turn-taking (start/stop speaking plans, number endpointing) and model
settings come from the generator's catalogue (`generation.recommendations`), exactly as an
owner's assistant gets them. What differs: three function tools that call our webhook
(`/webhooks/vapi/configurator`) and a prompt that only relays. The assistant never decides a
fact: each owner sentence goes to `configurator_answer` and the tool's result is said word for
word. No recording, no caller summary: the owner's words land in the configurator transcript.
"""

from __future__ import annotations

import copy
from typing import Any

from allokoli.configurator.voice import ANSWER, CONFIRM, RECAP
from allokoli.domain.profile import Style, VoiceGender
from allokoli.generation import vapi_models as vm
from allokoli.generation.recommendations import (
    _choose,
    _choose_voice,
    build_transcriber,
    build_voice,
    load_recommendations,
)

WEBHOOK_PATH = "/webhooks/vapi/configurator"
NAME = "AlloKoli configurateur"
FIRST_MESSAGE = (
    "Bonjour, je suis l'assistant de configuration d'AlloKoli. "
    "Je vous écoute : quelle est votre activité, et dans quelle ville ?"
)
END_MESSAGE = "Merci, à bientôt sur AlloKoli."
_KEYTERMS = ("AlloKoli",)
_STYLE = Style.CHALEUREUX
_FAMILY = "services"

PROMPT = f"""Tu es la voix du configurateur d'AlloKoli. Tu parles français et tu vouvoies.
Tu ne fais que relayer : un moteur décide de tout ce qui est enregistré et de ce qu'il faut \
demander.

Règles :
- Après CHAQUE phrase de la personne, appelle l'outil `{ANSWER}` avec ses mots exacts dans \
`text`, sans les résumer ni les corriger, puis dis le résultat de l'outil mot pour mot.
- Tu n'inventes, ne supposes et ne confirmes jamais un fait toi-même (nom, horaires, numéro, \
adresse) : seul le résultat de l'outil fait foi.
- Si la personne demande où elle en est ou de répéter, appelle `{RECAP}` et lis le résultat.
- Si la personne valide le récapitulatif (« oui », « c'est bon »), appelle `{CONFIRM}` et lis \
le résultat.
- Si l'outil répond que la session n'est pas valable, dis-le et ne pose plus de question.
- Phrases courtes. Pas de liste à puces, pas d'emoji."""


def _function(name: str, description: str, *, with_text: bool, server: Any) -> Any:
    params = vm.OpenAIFunctionParameters(
        type="object",
        properties=(
            {"text": vm.JsonSchema(type="string", description="Les mots exacts de la personne.")}
            if with_text
            else {}
        ),
        required=["text"] if with_text else None,
    )
    return vm.CreateFunctionToolDTO(
        type="function",
        function=vm.OpenAIFunction(name=name, description=description, parameters=params),
        server=server,
        messages=[
            vm.ToolMessageFailed(
                type="request-failed",
                role="system",
                content="Je n'ai pas pu enregistrer cela. Pouvez-vous répéter ?",
            )
        ],
    )


def configurator_assistant(
    public_url: str, gender: VoiceGender, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """The `CreateAssistantDTO` (camelCase JSON) of the configurator for this installation.

    `headers`: the credential our webhook checks (`X-Vapi-Secret`), sent by Vapi with every
    tool call and server message: the installation's secret in the deployed assistant, the
    session's own in an inline one."""
    cat = load_recommendations()
    server_url = f"{public_url.rstrip('/')}{WEBHOOK_PATH}"
    server = vm.Server(url=server_url, timeout_seconds=10, headers=headers)
    voice, _ = _choose_voice(gender, _STYLE, _FAMILY, defaulted=True)
    model, _ = _choose("model", cat.models, _STYLE, _FAMILY, defaulted=True)
    transcriber, _ = _choose("transcriber", cat.transcribers, _STYLE, _FAMILY, defaulted=True)
    body = copy.deepcopy(cat.assistant)
    body["artifactPlan"] = {"recordingEnabled": False}
    body["serverMessages"] = []  # only the tools call us; nothing else to ingest
    base = vm.CreateAssistantDTO.model_validate(body)
    fields = {name: getattr(base, name) for name in base.model_fields_set}
    tools = [
        _function(ANSWER, "Transmet la phrase de la personne.", with_text=True, server=server),
        _function(
            RECAP,
            "Donne la question en cours ou le récapitulatif.",
            with_text=False,
            server=server,
        ),
        _function(CONFIRM, "Valide le récapitulatif.", with_text=False, server=server),
    ]
    llm = vm.OpenAIModel.model_validate(
        {
            **model.config,
            **cat.model_settings,
            "messages": [vm.OpenAIMessage(role="system", content=PROMPT)],
            "tools": tools,
        }
    )
    assistant = vm.CreateAssistantDTO(
        **fields,
        name=NAME,
        transcriber=build_transcriber(transcriber.id, _KEYTERMS),
        model=llm,
        voice=build_voice(voice.id, _STYLE, _FAMILY),
        first_message=FIRST_MESSAGE,
        end_call_message=END_MESSAGE,
        server=server,
        metadata={"allokoli_role": "configurator", "voice": voice.id},
    )
    return vm.to_vapi_json(assistant)
