"""Guide model, rendering and the anti-spam memory, on small hand-made guides."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.guide.model import (
    EXAMPLE_CASES,
    SCIENCE_TOPICS,
    Guide,
    GuideDataError,
    Section,
    load_guide,
)
from bot.guide.recent_posts import MAX_DELETED_WHILE_SENDING, RecentPosts
from cogs.guide.render import (
    CONTINUED,
    content_version,
    paginate,
    parse_body,
    render_section,
    render_sections,
    split_text,
)
from tests.guide.test_data import DATA, assert_message_within_limits

SENTENCE = re.compile(r"Sentence \d+ [^.]*\.")


def numbered_sentences(start: int, count: int) -> list[str]:
    # Sentences of about 90 characters, each unique so a cut one can be found.
    return [
        f"Sentence {n} keeps the same range and effort so that the set stays easy to read week {n}."
        for n in range(start, start + count)
    ]


def long_section() -> Section:
    paragraphs = [" ".join(numbered_sentences(p * 100, 60)) for p in range(4)]  # ~5,400 chars each
    items = [f"- Item {n}: " + " ".join(numbered_sentences(1000 + n * 20, 14)) for n in range(30)]
    body = "\n\n".join([*paragraphs, "\n".join(items), "A closing paragraph after the list."])
    return Section("terms", "A " + "very " * 80 + "long title", "overview", body)


def test_long_section_splits_within_limits_and_never_cuts_a_sentence() -> None:
    section = long_section()
    embeds = render_section(section)
    messages = paginate(embeds)
    assert len(messages) > 1
    for message in messages:
        assert_message_within_limits(message)
    pieces = [e.description or "" for e in embeds] + [f.value or "" for e in embeds for f in e.fields]
    expected = SENTENCE.findall(section.body)
    found = [s for piece in pieces for s in SENTENCE.findall(piece)]
    assert found == expected  # every sentence whole, once, in order
    assert embeds[-1].description == "A closing paragraph after the list."
    assert len(embeds[0].title or "") <= 256
    names = [f.name for e in embeds for f in e.fields]
    assert "Item 0" in names
    assert f"Item 0{CONTINUED}" in names


def test_split_text_prefers_paragraphs_then_sentences() -> None:
    text = "First paragraph. It has two sentences.\n\nSecond paragraph here."
    assert split_text(text, 30) == ["First paragraph.", "It has two sentences.", "Second paragraph here."]
    assert split_text(text, 100) == [text]
    assert split_text(text, 45) == ["First paragraph. It has two sentences.", "Second paragraph here."]


def test_split_text_keeps_the_quote_or_bracket_that_closes_a_sentence() -> None:
    # A cut after `stop."` or `(see below.)` dropped the closing quote or bracket from the text.
    text = 'The coach said "stop at the top." Then the set ended (see below.) “Keep the range.” More text.'
    chunks = split_text(text, 40)
    assert chunks == [
        'The coach said "stop at the top."',
        "Then the set ended (see below.)",
        "“Keep the range.” More text.",
    ]
    assert " ".join(chunks) == text


def test_parse_body_reads_labelled_and_plain_items() -> None:
    blocks = parse_body("Intro line.\n- Label here: the text.\n- Plain item. Two sentences.")
    assert blocks[0] == "Intro line."
    items = blocks[1]
    assert not isinstance(items, str)
    assert [(i.label, i.text) for i in items] == [
        ("Label here", "the text."),
        (None, "Plain item. Two sentences."),
    ]


def test_render_sections_keeps_each_section_whole_and_splits_messages() -> None:
    small = [Section(f"s{n}", f"Title {n}", "g", "Short text.") for n in range(12)]
    messages = render_sections(small)
    assert [len(m) for m in messages] == [10, 2]
    big = long_section()
    messages = render_sections([small[0], big, small[1]])
    for message in messages:
        assert_message_within_limits(message)
    assert messages[0][0].title == "Title 0"
    assert messages[-1][-1].title == "Title 1"


def test_content_version_is_stable_and_follows_the_text() -> None:
    section = Section("quick-answer", "Quick answer", "overview", "Some text.")
    version = content_version(section)
    assert re.fullmatch(r"[0-9a-f]{12}", version)
    assert content_version(replace(section)) == version
    assert content_version(replace(section, body="Some other text.")) != version
    assert content_version(replace(section, title="Quick answers")) != version


def test_title_of_names_the_section_or_gives_its_id_when_the_guide_no_longer_has_it() -> None:
    guide = Guide("Guide", (Section("quick-answer", "Quick answer", "overview", "Some text."),))
    assert guide.title_of("quick-answer") == "Quick answer"
    assert guide.title_of("retired-section") == "retired-section"  # a snippet pinned from an older guide


def test_command_mappings_point_at_real_sections() -> None:
    g = load_guide(DATA)
    for section_id in [*EXAMPLE_CASES.values(), *SCIENCE_TOPICS.values()]:
        assert section_id in g.by_id
    assert set(SCIENCE_TOPICS) == {
        "glute-function",
        "activation",
        "squat-trial",
        "menu",
        "limitations",
        "why",
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: (d / "terms.md").unlink(), "terms.md: body file"),
        (lambda d: _edit(d, 'id = "terms"', 'id = "glossary"'), "unknown section id 'glossary'"),
        (lambda d: _edit(d, 'id = "caveats"', 'id = "terms"'), "listed twice"),
        (lambda d: _edit(d, 'section = "setup-repeatable"', 'section = "nowhere"'), "cites 'nowhere'"),
        (lambda d: _edit(d, "[guide]", "[guide"), "not valid TOML"),
        (lambda d: (d / "index.toml").unlink(), "guide index not found"),
        (lambda d: (d / "caveats.md").write_text("  \n"), "is empty"),
        # A derived section's every claim shows its sources, so each item needs a label and a source.
        (lambda d: _append(d / "caveats.md", "- An item without a label."), "without a \"Label: text\" label"),
        (lambda d: _append(d / "caveats.md", "- Unsourced: a claim nothing backs."), "no source for 'Unsourced'"),
        (lambda d: _edit(d, 'claim = "Not a substitute"', 'claim = "No such item"'), "the claim 'No such item'"),
    ],
)
def test_load_guide_refuses_broken_data(tmp_path: Path, change, message: str) -> None:
    data = tmp_path / "guide"
    shutil.copytree(DATA, data)
    change(data)
    with pytest.raises(GuideDataError, match=re.escape(message)):
        load_guide(data)


def test_load_guide_refuses_derived_without_sources(tmp_path: Path) -> None:
    data = tmp_path / "guide"
    shutil.copytree(DATA, data)
    text = (data / "index.toml").read_text()
    start = text.index('id = "caveats"')
    block_end = text.index("[[sections]]", start)
    block = text[start:block_end]
    (data / "index.toml").write_text(text.replace(block, block.split("sources = [")[0] + "\n"))
    with pytest.raises(GuideDataError, match="derived but lists no `sources`"):
        load_guide(data)


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text() + "\n" + line + "\n")


def _edit(directory: Path, old: str, new: str) -> None:
    path = directory / "index.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def test_recent_posts_remembers_a_post_for_sixty_seconds_per_channel_and_key() -> None:
    clock = FakeClock()
    recent = RecentPosts(clock)
    assert recent.claim(1, "quick-answer") is None
    recent.record(1, "quick-answer", "https://discord.com/channels/9/1/100", message_id=100)
    clock.advance(59)
    earlier = recent.claim(1, "quick-answer")
    assert earlier is not None
    assert earlier.jump_url == "https://discord.com/channels/9/1/100"
    assert recent.claim(2, "quick-answer") is None  # another channel
    assert recent.claim(1, "terms") is None  # another section
    clock.advance(1)
    assert recent.earlier(1, "quick-answer") is None


def test_recent_posts_reservation_blocks_a_racing_post_until_released() -> None:
    recent = RecentPosts(FakeClock())
    assert recent.claim(1, "k") is None
    pending = recent.claim(1, "k")
    assert pending is not None
    assert pending.jump_url is None
    recent.release(1, "k")
    assert recent.claim(1, "k") is None


def test_a_failed_send_releases_its_claim_and_a_sent_one_keeps_it() -> None:
    recent = RecentPosts(FakeClock())
    assert recent.claim(1, "k") is None
    with pytest.raises(ConnectionError), recent.sending(1, "k"):
        raise ConnectionError("Discord did not answer")
    assert recent.claim(1, "k") is None  # free again: nothing was posted
    with recent.sending(1, "k"):
        pass
    assert recent.claim(1, "k") is not None  # still reserved until recorded


def test_recent_posts_memory_is_bounded() -> None:
    clock = FakeClock()
    recent = RecentPosts(clock, max_entries=3)
    for n in range(10):
        recent.record(n, "k", f"url{n}", message_id=n)
    assert len(recent) == 3
    assert recent.earlier(9, "k") is not None
    assert recent.earlier(0, "k") is None
    clock.advance(61)
    recent.record(99, "k", "url", message_id=None)
    assert len(recent) == 1


def test_recent_posts_forgets_a_deleted_post_and_a_deleted_channel() -> None:
    recent = RecentPosts(FakeClock())
    recent.record(1, "quick-answer", "url/100", message_id=100)
    recent.record(1, "terms", "url/101", message_id=101)
    recent.record(2, "quick-answer", "url/200", message_id=200)
    recent.record(3, "terms", "url/300", message_id=300)
    assert recent.forget_messages(1, [999, 200]) == 0  # 200 is in another channel
    assert recent.forget_messages(1, [100, 999]) == 1
    assert recent.earlier(1, "quick-answer") is None
    assert recent.claim(1, "quick-answer") is None  # the next ask posts
    assert recent.earlier(1, "terms") is not None
    assert recent.forget_messages(2, iter([200])) == 1  # a bulk delete's set of ids
    assert recent.forget_channel(1) == 2  # the terms post, and the reservation just made
    assert recent.earlier(1, "terms") is None
    assert recent.earlier(3, "terms") is not None
    assert len(recent) == 1


def test_recent_posts_forgets_no_newer_post_for_an_older_ones_delete() -> None:
    clock = FakeClock()
    recent = RecentPosts(clock, max_entries=2)
    recent.record(1, "k", "url/100", message_id=100)
    clock.advance(61)
    recent.record(1, "k", "url/110", message_id=110)  # the window passed: posted again
    assert recent.forget_messages(1, [100]) == 0
    assert recent.earlier(1, "k") is not None
    recent.record(2, "k", "url/200", message_id=200)
    recent.record(3, "k", "url/300", message_id=300)  # the oldest entry goes, and its message with it
    assert recent.forget_messages(1, [110]) == 0
    assert len(recent) == 2


def test_recent_posts_knows_a_post_once_recorded_until_it_is_deleted() -> None:
    recent = RecentPosts(FakeClock())
    assert recent.claim(1, "k") is None
    assert not recent.knows(100)  # still being sent: Discord has not said which message it is
    recent.record(1, "k", "url/100", message_id=100)
    assert recent.knows(100)
    recent.forget_messages(1, [100])
    assert not recent.knows(100)


def test_a_post_deleted_before_its_send_was_answered_guards_nothing() -> None:
    """Discord names the post in its answer to the send; the post can be seen, and deleted,
    before that answer arrives. It is not kept as a link once the answer names it."""
    recent = RecentPosts(FakeClock())
    assert recent.claim(1, "k") is None
    assert recent.claim(1, "other") is None
    recent.forget_messages(1, iter([100, 101]))  # 100 is the post of "k"; the channel's id set is a bulk delete's
    recent.forget_messages(2, [102])  # another channel's delete, with nothing being sent there
    assert recent.deletes_kept(2) == 0
    assert recent.deletes_kept(1) == 2
    recent.record(1, "k", "url/100", message_id=100)
    assert recent.earlier(1, "k") is None
    assert not recent.knows(100)
    assert recent.claim(1, "k") is None  # the next ask posts
    recent.record(1, "k", "url/103", message_id=103)
    recent.record(1, "other", "url/104", message_id=104)  # a delete of other messages changes nothing
    assert recent.earlier(1, "other") is not None
    assert recent.knows(103)
    assert recent.knows(104)
    assert recent.deletes_kept(1) == 0  # nothing being sent: the deletes are not kept


def test_deletes_kept_while_a_post_is_sent_are_bounded() -> None:
    recent = RecentPosts(FakeClock())
    assert recent.claim(1, "k") is None
    for start in range(0, 5000, 100):
        recent.forget_messages(1, range(start, start + 100))
    assert recent.deletes_kept(1) == MAX_DELETED_WHILE_SENDING
    recent.release(1, "k")
    assert recent.deletes_kept(1) == 0


def test_a_request_whose_parts_one_recent_post_holds_is_a_repeat_of_it() -> None:
    clock = FakeClock()
    recent = RecentPosts(clock)
    every = ("guide", "a", "b", "c")
    assert recent.claim(1, every, {("guide", "a"), ("guide", "b"), ("guide", "c")}) is None
    recent.record(1, every, "url/100", message_id=100)
    clock.advance(10)
    one = recent.claim(1, ("guide", "b"), {("guide", "b")})  # a section inside the first post
    assert one is not None
    assert one.jump_url == "url/100"
    assert recent.claim(1, ("guide", "a", "d"), {("guide", "a"), ("guide", "d")}) is None  # d was not posted
    assert recent.claim(2, ("guide", "b"), {("guide", "b")}) is None  # another channel
    # Parts of two posts are no repeat: each post is asked about whole.
    recent.record(1, ("guide", "a", "d"), "url/101", message_id=101)
    assert recent.earlier(1, ("guide", "c", "d"), {("guide", "c"), ("guide", "d")}) is None
    # The latest post holding them is the one linked; a deleted one stops holding them.
    latest = recent.earlier(1, ("guide", "a"), {("guide", "a")})
    assert latest is not None
    assert latest.jump_url == "url/101"
    assert recent.forget_messages(1, [101]) == 1
    earlier = recent.earlier(1, ("guide", "a"), {("guide", "a")})
    assert earlier is not None
    assert earlier.jump_url == "url/100"
    clock.advance(50)  # 60 s after the first post
    assert recent.earlier(1, ("guide", "a"), {("guide", "a")}) is None
    assert recent.forget_channel(1) == 1  # the expired post, kept until a write prunes it
    assert len(recent) == 1  # channel 2's reservation
