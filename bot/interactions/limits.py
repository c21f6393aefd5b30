"""Discord's limits on what a message, an embed, a component and an autocomplete answer may hold.

Stated once, here, and used as `limits.EMBED_TITLE` and so on. No discord import (nor any other):
the pure cores check their data files against these numbers, and import-linter forbids them discord.
A length is a count of code points, Python's `len`, as Discord's API counts it (its API is Python:
discord/discord-api-docs#1315); a wide emoji with its variation selector is two, é typed as e and a
combining accent is two.
The sandbox's validator (`bot/sandbox/validate.py`) states the same numbers on its own, on purpose:
it imitates Discord, and the bot is tested against it.
"""

from __future__ import annotations

# A message
CONTENT = 2000  # characters of a message's text content
EMBEDS_PER_MESSAGE = 10  # embeds one message may carry
EMBED_CHARS_PER_MESSAGE = 6000  # title, description, field names and values, footer: summed over all its embeds
ATTACHMENTS_PER_MESSAGE = 10  # files one message may carry
PINS_PER_CHANNEL = 250  # pinned messages one channel may hold

# An embed
EMBED_TITLE = 256  # characters of an embed's title
EMBED_DESCRIPTION = 4096  # characters of an embed's description
FIELD_NAME = 256  # characters of a field's name
FIELD_VALUE = 1024  # characters of a field's value
FIELDS_PER_EMBED = 25  # fields one embed may have
FOOTER_TEXT = 2048  # characters of an embed's footer text

# Components (buttons)
CUSTOM_ID = 100  # characters of a component's custom_id, where a DynamicItem keeps its state
BUTTON_LABEL = 80  # characters of a button's label
BUTTONS_PER_ROW = 5  # buttons one action row may hold
ROWS_PER_MESSAGE = 5  # action rows one message may have
SELECT_OPTIONS = 25  # options one select menu may offer
OPTION_TEXT = 100  # characters of a select option's label, value or description
SELECT_PLACEHOLDER = 150  # characters of a select menu's placeholder

# A modal (form)
MODAL_TITLE = 45  # characters of a modal's title
INPUT_LABEL = 45  # characters of a text input's label
INPUT_PLACEHOLDER = 100  # characters of a text input's placeholder
INPUT_VALUE = 4000  # characters a text input holds (its prefilled value, its max_length)

# Autocomplete
CHOICE_NAME = 100  # characters of an autocomplete choice's name, what the user sees
CHOICE_VALUE = 100  # characters of a string choice's value, what the command receives
CHOICES = 25  # choices one autocomplete answer may offer
