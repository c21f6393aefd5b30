"""Raw slash commands: option values delivered exactly as given, as an unchecked payload carries them.

Discord's client never sends a string for a number, NaN, a 10,000-character note or a choice it
did not offer, and `Driver.slash` refuses the same. A bot must not rely on that (the payload is
only data, and a bot is the last line that checks it), so `Driver.slash_raw` delivers any JSON
value in any option: wrong types, out-of-range numbers, NaN and infinities, huge integers,
control characters, unknown option names. What Discord's servers decide is kept: who may see
the command (default permissions, contexts), and the nesting of subcommands.

Values are sent as JSON as they are; `float("nan")` goes out as `NaN`, which Python's (and so
discord.py's) JSON reader accepts, and a number too large for a double such as `1e400` reads
back as infinity. Channel and user objects of the imitation's world become ids with resolved
data, as Discord sends them.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox import invocations as inv
from bot.sandbox import option_values
from bot.sandbox.core import Core
from bot.sandbox.model import Channel, User

Json = dict[str, Any]


def command_data(core: Core, command: str, given: dict[str, Any], invoker: User, place: Channel,
                 types: dict[str, int] | None = None) -> Json:
    """The `data` of a slash command interaction whose option values are sent verbatim.

    Each option keeps the type its schema declares (a string option is type 3 whatever its
    value), unless `types` names another; options the schema does not know go as strings.
    """
    found = inv.slash_command(core, command, invoker, place)
    spec = found.spec
    schema = {o["name"]: o for o in found.leaf}
    resolved: Json = {}
    values: list[Json] = []
    for name, value in given.items():
        kind = (types or {}).get(name) or schema.get(name, {}).get("type", inv.STRING)
        if isinstance(value, Channel | User) and name in schema:
            value = option_values.convert(core, schema[name], value, invoker, place, resolved)
        values.append({"name": name, "type": kind, "value": value})
    data: Json = {"id": spec["id"], "name": spec["name"], "type": 1,
                  "options": inv.nest(found.chain, values)}
    if resolved:
        data["resolved"] = resolved
    if "guild_id" in spec:
        data["guild_id"] = spec["guild_id"]
    return data
