"""Notes for a user's next answer: sent once, privately, after the answer, never in its way."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.interactions import replies
from bot.interactions.notes import Notes
from tests.fakes import FakeInteraction


class Source:
    """A note source with one note for user 1000, taken once."""

    def __init__(self, *, fails: bool = False) -> None:
        self.left = {1000: "Your reminders are paused."}
        self.asked: list[int] = []
        self.fails = fails

    def waiting(self, user_id: int) -> bool:
        return user_id in self.left

    async def take(self, user_id: int) -> str | None:
        self.asked.append(user_id)
        if self.fails:
            raise RuntimeError("the database is gone")
        return self.left.pop(user_id, None)


def interaction(notes: Notes, user_id: int = 1000) -> FakeInteraction:
    return FakeInteraction(user_id=user_id, client=SimpleNamespace(notes=notes))


@pytest.mark.parametrize("public", [False, True])
async def test_a_waiting_note_follows_the_answer_privately_once(public: bool) -> None:
    notes, source = Notes(), Source()
    notes.add(source)
    first = interaction(notes)
    await replies.send(first, ephemeral=not public, content="answer")
    assert [(s.how, s.content, s.public) for s in first.sent] == [
        ("response", "answer", public), ("followup", "Your reminders are paused.", False)]
    second = interaction(notes)
    await replies.send(second, ephemeral=True, content="answer")
    assert [s.how for s in second.sent] == ["response"]


async def test_after_a_public_defer_the_answer_replaces_it_and_the_note_stays_private() -> None:
    notes = Notes()
    notes.add(Source())
    deferred = interaction(notes)
    await replies.defer(deferred, ephemeral=False)
    await replies.send(deferred, ephemeral=False, content="chart")
    assert [s.how for s in deferred.sent] == ["defer", "edit_original", "followup"]
    assert deferred.visible_to_others == ["chart"]
    assert deferred.sent[-1].content == "Your reminders are paused."


async def test_others_and_sources_without_a_note_cost_nothing() -> None:
    notes, source = Notes(), Source()
    notes.add(source)
    other = interaction(notes, user_id=2000)
    await replies.send(other, ephemeral=True, content="answer")
    assert [s.how for s in other.sent] == ["response"]
    assert source.asked == []  # only an in-memory look
    notes.remove(source)
    await replies.send(interaction(notes), ephemeral=True, content="answer")
    assert source.asked == []


async def test_a_failing_source_never_fails_the_answer() -> None:
    notes = Notes()
    notes.add(Source(fails=True))
    answered = interaction(notes)
    await replies.send(answered, ephemeral=True, content="answer")
    assert [s.how for s in answered.sent] == ["response"]
