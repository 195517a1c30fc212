"""The configurator (F1): a French conversation that fills a `BusinessProfile`.

One dialogue engine with no I/O, shared by every channel (web chat, terminal, REST API, Vapi
voice through tool calls):

    reply, state = start()
    reply, state = turn(state, "Je suis plombier à Lyon, appelez-moi au 06 12 34 56 78")
    ...
    if reply.done:
        profile = state.profile_model()

`resume(state)` gives the pending question again (with its chips) when the owner comes back.

`ConfiguratorState` is JSON-serialisable (`model_dump(mode="json")` / `model_validate`), so a
channel stores it after every turn and the owner can resume later. An optional `LLMExtractor`
(`OpenAIExtractor`, `Services.llm` when ALLOKOLI_LLM_BASE_URL is set) improves
extraction; any LLM failure falls back to the deterministic path.
"""

from allokoli.configurator.engine import resume, start, turn
from allokoli.configurator.llm import (
    LLMExtractor,
    LLMFacts,
    OpenAIExtractor,
    extractor_from_settings,
    merge_facts,
)
from allokoli.configurator.questions import COLLECT_BUDGET, MAX_OWNER_TURNS
from allokoli.configurator.recap import recap_text
from allokoli.configurator.state import ConfiguratorState, Reply, SectorGuess, Stage

__all__ = [
    "COLLECT_BUDGET",
    "MAX_OWNER_TURNS",
    "ConfiguratorState",
    "LLMExtractor",
    "LLMFacts",
    "OpenAIExtractor",
    "Reply",
    "SectorGuess",
    "Stage",
    "extractor_from_settings",
    "merge_facts",
    "recap_text",
    "resume",
    "start",
    "turn",
]
