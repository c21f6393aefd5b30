"""Discord's limits, stated once for the bot: they agree with the imitation's and load no discord."""

from __future__ import annotations

import subprocess
import sys

from bot.interactions import limits
from bot.sandbox import validate


def test_the_bot_and_the_imitation_state_the_same_limits() -> None:
    # Two statements of Discord's numbers, kept apart on purpose: a typo in either shows here.
    assert (limits.CONTENT, limits.EMBEDS_PER_MESSAGE, limits.EMBED_CHARS_PER_MESSAGE) == (
        validate.CONTENT_MAX,
        validate.EMBEDS_MAX,
        validate.EMBED_TOTAL_MAX,
    )
    assert {"title": limits.EMBED_TITLE, "description": limits.EMBED_DESCRIPTION} == validate._EMBED_TEXT_LIMITS
    assert limits.FIELDS_PER_EMBED == validate.FIELDS_MAX
    assert limits.ATTACHMENTS_PER_MESSAGE == validate.ATTACHMENTS_MAX
    assert (limits.ROWS_PER_MESSAGE, limits.BUTTONS_PER_ROW) == (validate.ROWS_MAX, validate.ROW_ITEMS_MAX)
    assert (limits.CUSTOM_ID, limits.BUTTON_LABEL) == (validate.CUSTOM_ID_MAX, validate.LABEL_MAX)
    assert (limits.OPTION_TEXT, limits.SELECT_PLACEHOLDER) == (validate.OPTION_TEXT_MAX, validate.PLACEHOLDER_MAX)
    assert (limits.MODAL_TITLE, limits.INPUT_LABEL, limits.INPUT_PLACEHOLDER, limits.INPUT_VALUE) == (
        validate.MODAL_TITLE_MAX,
        validate.INPUT_LABEL_MAX,
        validate.INPUT_PLACEHOLDER_MAX,
        validate.INPUT_VALUE_MAX,
    )
    assert (limits.CHOICES, limits.CHOICE_NAME, limits.CHOICE_VALUE) == (
        validate.CHOICES_MAX,
        validate.CHOICE_TEXT_MAX,
        validate.CHOICE_TEXT_MAX,
    )


def test_the_pure_cores_read_the_limits_without_loading_discord() -> None:
    code = (
        "import sys, bot.interactions.limits, bot.guide.model, bot.quiz.data, bot.snippets.text; "
        "print('discord' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
