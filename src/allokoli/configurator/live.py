"""Live feedback of a voice session: each tool call's turn pushed to the pages watching it.

A page that shows a configurator session opens `GET /configurator/sessions/{id}/events`
(server-sent events) and receives, after every voice turn, what the owner said, what the
engine answered and the profile so far: the same panel as the text chat fills in while the
owner talks, with no polling. Tool calls run in worker threads; `publish` hands each event to
the subscribers' event loops thread-safely. The feed is per process (a deployment with several
web processes pins a session's call to one, or the page falls back to the transcript on reload).
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections.abc import AsyncIterator

from allokoli.configurator.voice import VoiceEvent

_QUEUE_SIZE = 64


class LiveFeed:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: dict[
            uuid.UUID, list[tuple[asyncio.AbstractEventLoop, asyncio.Queue[VoiceEvent]]]
        ] = {}

    def subscribers(self, session_id: uuid.UUID) -> int:
        with self._lock:
            return len(self._subs.get(session_id, []))

    def publish(self, event: VoiceEvent) -> None:
        with self._lock:
            targets = list(self._subs.get(event.session_id, []))
        for loop, queue in targets:
            loop.call_soon_threadsafe(_offer, queue, event)

    async def events(self, session_id: uuid.UUID) -> AsyncIterator[VoiceEvent]:
        """The events of one session, until the conversation is done."""
        queue: asyncio.Queue[VoiceEvent] = asyncio.Queue(_QUEUE_SIZE)
        entry = (asyncio.get_running_loop(), queue)
        with self._lock:
            self._subs.setdefault(session_id, []).append(entry)
        try:
            while True:
                event = await queue.get()
                yield event
                if event.done:
                    return
        finally:
            with self._lock:
                subs = self._subs.get(session_id, [])
                if entry in subs:
                    subs.remove(entry)
                if not subs:
                    self._subs.pop(session_id, None)


def _offer(queue: asyncio.Queue[VoiceEvent], event: VoiceEvent) -> None:
    if queue.full():  # a stalled page loses the oldest turn, never blocks a tool call
        queue.get_nowait()
    queue.put_nowait(event)


def sse(event: VoiceEvent, panel: list[tuple[str, str]]) -> str:
    """One server-sent event (`event: turn`): the turn, the profile panel's rows, the progress."""
    data = {
        "owner": event.owner,
        "reply": event.reply,
        "panel": panel,
        "progress": event.progress,
        "done": event.done,
        "assistant_id": event.assistant_id,
        "profile": event.profile,
    }
    return f"event: turn\ndata: {json.dumps(data, default=str, ensure_ascii=False)}\n\n"
