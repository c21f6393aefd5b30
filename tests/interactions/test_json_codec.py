"""discord.py's JSON: orjson, and the standard library's for what orjson refuses (bot/interactions/json_codec.py)."""

from __future__ import annotations

import json
import math

import discord.utils
import orjson
import pytest

from bot.interactions.json_codec import dumps, loads, use_orjson

# An INTERACTION_CREATE frame as the gateway sends it, with a note option that has a lone surrogate.
FRAME = (
    '{"op":0,"t":"INTERACTION_CREATE","s":7,'
    '"d":{"data":{"name":"log","options":[{"name":"note","value":"\\ud800"}]}}}'
)


@pytest.mark.parametrize("text", ['"\\ud800"', "NaN", "Infinity", "1e400", '{"a":[1,"\\udfff x"]}'])
def test_what_orjson_refuses_reads_as_the_standard_library_reads_it(text: str) -> None:
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(text)
    got, want = loads(text), json.loads(text)
    assert got == want or (isinstance(got, float) and math.isnan(got) and math.isnan(want))


def test_a_frame_with_a_lone_surrogate_reaches_the_command() -> None:
    frame = loads(FRAME)
    assert frame["d"]["data"]["options"][0]["value"] == "\ud800"
    assert loads(FRAME.encode()) == frame


@pytest.mark.parametrize("value", ["\ud800", {"note": "a \udfff"}, 2**70, {1: "a"}])
def test_what_orjson_cannot_write_is_written_as_the_standard_library_writes_it(value: object) -> None:
    with pytest.raises(orjson.JSONEncodeError):
        orjson.dumps(value)
    assert dumps(value) == json.dumps(value, separators=(",", ":"), ensure_ascii=True)


def test_the_common_case_round_trips() -> None:
    payload = {"type": 4, "data": {"content": "Logged 100 kg × 10 — “ok”", "flags": 64, "embeds": [], "n": 2.5}}
    text = dumps(payload)
    assert loads(text) == payload == json.loads(text)
    assert isinstance(text, str)


def test_discord_py_uses_them_once_installed() -> None:
    use_orjson()
    use_orjson()
    assert discord.utils._from_json is loads
    assert discord.utils._to_json is dumps
    assert discord.utils._from_json(FRAME)["t"] == "INTERACTION_CREATE"
