"""The moderator log's lines: one short line per snippet event, with who did it and a jump link,
and one when an answer channel is deleted (what public guide answers are allowed now).

Pure: the lines are Discord markdown (mentions are sent with pings switched off); posting them,
and noticing when that fails, is `cogs.config.modlog`'s job.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.interactions import limits

LINE_LIMIT = limits.CONTENT  # a log message holds as many whole lines as fit


def pinned(actor_id: int, title: str, channel_id: int, jump_url: str) -> str:
    return f"<@{actor_id}> pinned **{title}** in <#{channel_id}>: {jump_url}"


def unpinned(actor_id: int, title: str, channel_id: int, jump_url: str) -> str:
    return f"<@{actor_id}> unpinned **{title}** in <#{channel_id}>: {jump_url}"


def refreshed(actor_id: int, title: str, channel_id: int, jump_url: str) -> str:
    return f"<@{actor_id}> refreshed **{title}** in <#{channel_id}> to the current guide text: {jump_url}"


def found_unpinned(checker_id: int, title: str, channel_id: int, jump_url: str) -> str:
    """A pin removed by hand: Discord does not say by whom, so the line names who noticed."""
    return f"**{title}** in <#{channel_id}> was found unpinned by hand (noticed by <@{checker_id}>): {jump_url}"


def adopted(checker_id: int, title: str, channel_id: int, jump_url: str) -> str:
    """A snippet posted before the bot was removed from the server, found still pinned and
    recorded again: who pinned it is not known, so the line names who noticed."""
    return (
        f"**{title}** in <#{channel_id}>, posted before I was removed from this server, was found still pinned"
        f" and is kept current again; pinner unknown (noticed by <@{checker_id}>): {jump_url}"
    )


def answer_channel_deleted(name: str, remaining: Iterable[int]) -> str:
    """An answer channel was deleted: what public guide answers are allowed now."""
    left = list(remaining)
    if left:
        where = ", ".join(f"<#{c}>" for c in left)
        return (
            f"Answer channel **#{name}** was deleted and left the list; public guide answers stay allowed in {where}."
        )
    return (
        f"Answer channel **#{name}** was deleted. It was the only one, so every guide answer is now private; "
        "`/config set add_answer_channel` names another, `answer_anywhere:True` allows every channel again."
    )


def messages(lines: Iterable[str], limit: int = LINE_LIMIT) -> list[str]:
    """The lines packed into as few messages as fit `limit` (a longer line is cut, never split)."""
    out: list[str] = []
    for raw in lines:
        line = raw if len(raw) <= limit else raw[: limit - 1] + "…"
        if out and len(out[-1]) + 1 + len(line) <= limit:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out
