"""What `help` and the README's sandbox section say each built-in user has is what the imitation
gives them (computed as Discord computes it), so a change to its roles fails here until both follow."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox import perms
from bot.sandbox.chat import HELP
from bot.sandbox.imitation import Imitation

README = Path(__file__).resolve().parents[2] / "README.md"


def sandbox_section() -> str:
    """The README's sandbox section with its line breaks undone."""
    text = README.read_text()
    section = text[text.index("## Sandbox"):]
    return " ".join(section[:section.index("\n## ")].split())


def test_help_and_the_readme_say_what_each_built_in_user_may_do() -> None:
    imitation = Imitation()
    world, scenario = imitation.world, imitation.scenario
    assert list(scenario.users()) == ["member", "moderator", "owner"]
    has = {name: {world.permissions(user.id, channel.id) for channel in (scenario.general, scenario.training)}
           for name, user in {**scenario.users(), "bot": scenario.bot}.items()}
    assert all(len(values) == 1 for values in has.values())  # no channel overrides any of them
    member, moderator, owner = (has[name].pop() for name in ("member", "moderator", "owner"))
    assert member == perms.EVERYONE_DEFAULT
    assert owner == perms.ALL
    moderator_adds = ", ".join(perms.names(moderator & ~member))

    readme = sandbox_section()
    assert f"`member` has what a new server gives everyone ({', '.join(perms.names(member))})" in readme
    assert f"`moderator` also has {moderator_adds} (so sees" in readme
    assert "`owner` owns the server, which gives every permission" in readme
    assert f"The bot's role has {', '.join(perms.names(scenario.bot_role.permissions))}." in readme

    assert "as @member|@moderator|@owner" in HELP
    assert f"moderator adds {moderator_adds};" in HELP
    assert "owner owns the server (every permission)" in HELP
