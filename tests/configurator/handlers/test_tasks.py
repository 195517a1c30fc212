"""Tasks (booking mode included) and recording handlers."""

from __future__ import annotations

from allokoli.configurator.handlers.tasks import RecordingHandler, TasksHandler
from allokoli.domain.profile import Task

from ._helpers import reads, say, state_for

TASKS = TasksHandler()
RECORDING = RecordingHandler()


def test_booking_read_while_the_address_is_asked() -> None:
    s = state_for("restaurant")
    say(s, "12 cours Jean Jaures 84000 Avignon, et qu'il prenne les reservations", "address")
    assert s.profile["address"]["city"] == "Avignon"
    assert Task.BOOK_APPOINTMENT.value in s.profile["tasks"]


def test_everything_means_the_usual_tasks_only_as_an_answer() -> None:
    s = state_for("plombier")
    assert reads(TASKS, s, "tout ca", "tasks")
    assert reads(TASKS, s, "tout ca") is None


def test_a_yes_to_another_question_is_no_task_list() -> None:
    s = state_for("plombier")
    say(s, "oui", "service_area")
    assert "tasks" not in s.confirmed


def test_recording_consent_from_any_turn() -> None:
    s = state_for("cabinet comptable")
    assert reads(RECORDING, s, "vouvoiement et n'enregistrez pas les appels") is False
