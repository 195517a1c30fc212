"""What the assistant must do when it answers (the booking mode among them), and whether calls
are recorded."""

from __future__ import annotations

import re

from allokoli.configurator import texts
from allokoli.configurator.handlers.base import FactHandler, How, Reading, set_fact
from allokoli.configurator.state import ConfiguratorState
from allokoli.domain.profile import Task

__all__ = ["TASK_CUE_RE", "RecordingHandler", "TasksHandler", "set_tasks"]

_ALL_TASKS_RE = re.compile(
    r"^\s*(?:(?:oui|ouais|ok|bah|ben|euh)\s*[,.!]?\s*)?(?:tout|toutes?|tout ca|tout cela"
    r"|tout ce que vous avez dit|les (?:deux|trois|quatre)|l'ensemble|un peu tout|tout ca oui"
    r"|oui|ouais|ok|d'accord|comme d'habitude|le tout|la totale|tout le reste)\b"
)
TASK_CUE_RE = re.compile(
    r"\b(?:assistant\w*|standard\w*|repondeur|secretaire|qu'il|qu'elle|il doit|elle doit"
    r"|il devra|elle devra|il faut qu|faut que?|faudrait que?|j'aimerais qu|je voudrais qu"
    r"|je veux qu|prenne|note"
    r"|transfere"
    # « faut prendre les commandes », « tu prends un msg », « doit répondre aux questions »:
    # what must be done on the phone, said to the assistant or of it
    r"|(?:faut|faudrait|doit|devrait|devra|tu|vous|peux|pouvez|peut)\s+(?:\w+\s+)?"
    r"(?:prendre|prends|prenez|repondre|reponds|repondez|noter|notes|notez|transferer"
    r"|transferes|transferez|gerer|geres|gerez|booker|qualifier|recueillir|enregistrer))\b"
)


def set_tasks(s: ConfiguratorState, tasks: list[Task], *, replace: bool) -> None:
    current: list[str] = [] if replace else list(s.profile.get("tasks") or [])
    for task in tasks:
        if task.value not in current:
            current.append(task.value)
    if s.knows("transfer_number") and Task.TRANSFER_URGENT.value not in current:
        current.append(Task.TRANSFER_URGENT.value)
    s.profile["tasks"] = current


class TasksHandler(FactHandler[list[Task]]):
    key = "tasks"
    hint = texts.HINTS["tasks"]

    def read(self, s: ConfiguratorState, r: Reading) -> list[Task] | None:
        return list(r.facts.tasks) or None

    def read_answer(self, s: ConfiguratorState, r: Reading) -> list[Task] | None:
        tasks = self.read(s, r)
        if (
            tasks is None
            and not r.others
            and (_ALL_TASKS_RE.search(r.folded) or r.facts.yes_no is True)
        ):
            tasks = list(s.subtype().default_tasks)
        return tasks

    def accepts(self, value: list[Task]) -> bool:
        return bool(value)

    def store(self, s: ConfiguratorState, value: list[Task], how: How, r: Reading) -> bool:
        if how is How.CORRECTION and r.target != self.key:
            # « non, le numéro de transfert c'est le 06… » corrects the number: the tasks
            # it implies are added, the others stay
            how = How.PASSING
        if how is How.PASSING:
            if r.pending == self.key:
                return False
            set_tasks(s, value, replace=False)
            if TASK_CUE_RE.search(r.folded) and self.key not in s.confirmed:
                s.confirmed.append(self.key)
            return True
        if (
            Task.TRANSFER_URGENT in value
            and not s.knows("transfer_number")
            and r.facts.transfer_number
        ):
            from allokoli.configurator.handlers.transfer import set_transfer

            set_transfer(s, r.facts.transfer_number)
        # the missions said earlier in the owner's own words stay (« qualifier les leads et
        # booker un call », then « les urgences, transfert sur mon mobile » to the question)
        set_tasks(s, value, replace=not s.knows(self.key))
        if self.key not in s.confirmed:
            s.confirmed.append(self.key)
        return True


class RecordingHandler(FactHandler[bool]):
    key = "recording_enabled"

    def read(self, s: ConfiguratorState, r: Reading) -> bool | None:
        return r.facts.recording_enabled

    def store(self, s: ConfiguratorState, value: bool, how: How, r: Reading) -> bool:
        set_fact(s, self.key, value)
        return True
