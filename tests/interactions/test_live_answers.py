"""LiveAnswers: what an expired press on a message leaves alone (bot.interactions.live_answers)."""

from __future__ import annotations

from bot.interactions.live_answers import FIRST_ANSWER_DEADLINE, LiveAnswers


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_answer_being_sent_or_landed_since_the_press_could_be_made_is_newer() -> None:
    clock = Clock()
    answers = LiveAnswers(clock)
    assert not answers.newer(1)
    answers.start(1)
    answers.start(1)  # a double click: both live
    answers.done(1, edited=True)
    assert answers.newer(1)  # the other is still answering
    answers.done(1, edited=True)
    clock.now += 1
    assert answers.newer(1)  # landed a second before: the press may have been made before it
    assert not answers.newer(2)  # another message's
    clock.now += FIRST_ANSWER_DEADLINE
    assert not answers.newer(1)  # made after it landed: it saw it


def test_an_answer_that_left_the_message_as_it_was_is_not_newer() -> None:
    clock = Clock()
    answers = LiveAnswers(clock)
    answers.start(1)
    answers.done(1, edited=False)  # a note of its own, or an error
    assert not answers.newer(1)


def test_landings_too_old_to_matter_go_once_a_thousand_are_kept() -> None:
    clock = Clock()
    answers = LiveAnswers(clock)
    for message_id in range(1000):
        answers.start(message_id)
        answers.done(message_id, edited=True)
    clock.now += FIRST_ANSWER_DEADLINE
    answers.start(5000)
    answers.done(5000, edited=True)
    assert list(answers._landed) == [5000]
    assert not answers._answering
