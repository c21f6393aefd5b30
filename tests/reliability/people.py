"""More people for the imitation's built-in server (the scenario has a member and a moderator)."""

from __future__ import annotations

from bot.sandbox.imitation import Imitation
from bot.sandbox.model import User


def add_members(imitation: Imitation, count: int, prefix: str = "lifter", *,
                moderator: bool = False) -> list[User]:
    """`count` new members of Sandbox Gym (with the Moderator role if asked), named prefix-N."""
    world, scenario = imitation.world, imitation.scenario
    roles = [scenario.moderator_role] if moderator else []
    start = len(world.users)
    users = []
    for n in range(count):
        user = world.add_user(f"{prefix}-{start + n}")
        world.add_member(scenario.guild, user, roles)
        users.append(user)
    return users
