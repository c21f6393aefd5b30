"""The shipped guide data: loads, renders within Discord's limits, and says only what the guide says."""

from __future__ import annotations

import re

import discord
import pytest

from bot.guide.markdown import Item, parse_body
from bot.guide.model import PREAMBLE_SOURCE, SECTION_IDS, Guide, load_guide
from bot.interactions import limits
from cogs.guide.render import CITED, render_section, render_sections
from tests.paths import GUIDE_DIR, GUIDE_SOURCE

DATA = GUIDE_DIR
SEED = GUIDE_SOURCE  # the guide's original text, shipped with the project
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide(DATA)


@pytest.fixture(scope="module")
def seed() -> str:
    # A missing seed must fail the data tests, never skip them.
    assert SEED.is_file(), f"guide seed not found at {SEED}"
    return SEED.read_text(encoding="utf-8")


def assert_message_within_limits(embeds: list[discord.Embed]) -> None:
    assert 1 <= len(embeds) <= limits.EMBEDS_PER_MESSAGE
    assert sum(len(e) for e in embeds) <= limits.EMBED_CHARS_PER_MESSAGE
    for e in embeds:
        assert len(e.title or "") <= limits.EMBED_TITLE
        assert len(e.description or "") <= limits.EMBED_DESCRIPTION
        assert len(e.footer.text or "") <= limits.FOOTER_TEXT
        assert len(e.fields) <= limits.FIELDS_PER_EMBED
        for f in e.fields:
            assert f.name
            assert f.value
            assert len(f.name) <= limits.FIELD_NAME
            assert len(f.value) <= limits.FIELD_VALUE


def seen_text(embeds: list[discord.Embed]) -> str:
    """What a user reads; a labelled field reads as "name: value", as the guide writes it."""
    parts: list[str] = []
    for e in embeds:
        parts += [e.title or "", e.description or "", e.footer.text or ""]
        parts += [f"{f.name}: {f.value}\n{f.value}" for f in e.fields]
    return "\n".join(parts)


def seed_sentences(seed: str) -> list[str]:
    sentences: list[str] = []
    for line in seed.splitlines():
        line = line.strip().removeprefix("•").strip()
        if line.endswith((".", "?", "!")):  # headings have no final stop
            sentences += SENTENCE_END.split(line)
    return sentences


def test_every_fixed_id_is_in_the_index_in_reading_order(guide: Guide) -> None:
    assert sorted(s.id for s in guide.sections) == sorted(SECTION_IDS)
    ids = [s.id for s in guide.sections]
    # The guide's own order: quick answer first, limitations last, examples in a row.
    assert ids[0] == "quick-answer"
    assert ids[-1] == "limitations"
    start = ids.index("example-hypertrophy")
    assert ids[start : start + 3] == ["example-hypertrophy", "example-back-fatigue", "example-powerlifter"]


def test_every_section_renders_within_every_limit_in_one_message(guide: Guide) -> None:
    for section in guide.sections:
        embeds = render_section(section, guide_title=guide.title)
        assert_message_within_limits(embeds)
        assert embeds[0].title == section.title
        assert section.title in (embeds[-1].footer.text or "")


def test_all_sections_together_render_within_limits(guide: Guide) -> None:
    messages = render_sections(guide.sections, guide_title=guide.title)
    for embeds in messages:
        assert_message_within_limits(embeds)
    titles = [e.title for m in messages for e in m if e.title]
    assert titles == [s.title for s in guide.sections]


def test_guide_lists_become_fields(guide: Guide) -> None:
    (embed,) = render_section(guide.get("start-with-the-job"))
    assert [f.name for f in embed.fields] == [
        "Glute hypertrophy",
        "Lower-back fatigue management",
        "General strength accessory",
        "Specific squat or deadlift performance",
    ]
    (limits,) = render_section(guide.get("limitations"))
    assert len(limits.fields) == 3


@pytest.mark.parametrize(
    ("section_id", "sentence"),
    [
        ("quick-answer", "stable, loadable hip-extension pattern"),
        ("progress-it", "2 to 5 sets of about 6 to 15 reps at roughly RPE 7-9"),
        ("progress-it", "without shortening the top position, losing control"),
        ("why-the-answer", "or a substitute for specific squat, deadlift, sport, or rehab work"),
    ],
)
def test_key_sentences_reach_users_verbatim(guide: Guide, section_id: str, sentence: str) -> None:
    assert sentence in seen_text(render_section(guide.get(section_id)))


def test_every_sentence_of_the_guide_reaches_some_section(guide: Guide, seed: str) -> None:
    # Guide sections only: a derived summary quoting a sentence does not excuse dropping it.
    # The preamble (tagline, intro) has no heading of its own; who-for carries it.
    text = "\n".join(seen_text(render_section(s)) for s in guide.sections if not s.derived)
    text += f"\n{guide.tagline}\n{guide.intro}"
    missing = [s for s in seed_sentences(seed) if s not in text]
    assert seed_sentences(seed), "no sentences parsed from the seed"
    assert missing == []


def test_guide_sections_are_verbatim_and_titles_are_the_guide_headings(guide: Guide, seed: str) -> None:
    lines = {line.strip() for line in seed.splitlines()}
    for section in guide.sections:
        assert section.title in lines, section.id
        if section.derived:
            continue
        for line in section.body.splitlines():
            if line.strip():
                assert line.removeprefix("- ").strip() in seed, (section.id, line)


def test_derived_sections_name_sources_that_are_verbatim_in_the_guide(guide: Guide, seed: str) -> None:
    derived = {s.id for s in guide.sections if s.derived}
    assert derived == {"common-mistakes", "caveats", "decision-checkpoints", "who-for", "terms", "how-to-use"}
    preamble = f"{guide.title}\n{guide.tagline}\n{guide.intro}"
    for section in guide.sections:
        if not section.derived:
            continue
        assert section.sources, section.id
        for src in section.sources:
            assert src.quote in seed, (section.id, src.quote)
            if src.section == PREAMBLE_SOURCE:
                assert src.quote in preamble
            else:
                cited = guide.get(src.section)
                assert not cited.derived
                assert src.quote in f"{cited.title}\n{cited.body}", (section.id, src)


def test_derived_sections_use_no_number_the_guide_does_not(guide: Guide, seed: str) -> None:
    guide_numbers = set(re.findall(r"\d+(?:-\d+)?", seed))
    for section in guide.sections:
        if section.derived:
            assert set(re.findall(r"\d+(?:-\d+)?", section.body)) <= guide_numbers, section.id


def test_preamble_is_verbatim_and_quoted_as_the_guides(guide: Guide, seed: str) -> None:
    assert guide.tagline in seed
    assert guide.intro in seed
    body = guide.get("how-to-use").body
    assert f"“{guide.tagline}”" in body
    assert f"“{guide.intro}”" in body


def test_who_for_says_what_the_guide_says_of_pain_and_rehab_and_refers_them(guide: Guide) -> None:
    # The guide never limits its own scope ("outside this guide"): it says the evidence is not a
    # substitute for rehab work and cannot settle pain or injury outcomes, in these words.
    pain = fields_by_name(render_section(guide.get("who-for")))["Pain, injury and rehab"]
    assert "outside this guide" not in pain
    for words in (
        "the evidence does not make hip thrusts a substitute for specific squat, deadlift, sport, or rehab work",
        "activation data alone cannot prove the best long-term hypertrophy, strength-transfer, pain, or injury "
        "outcome for every lifter",
        "should not be inflated into a universal rule for advanced lifters, athletes, rehab, or pain outcomes",
        "qualified health professional",
    ):
        assert words in pain


def test_terms_keep_the_guides_qualifiers_and_its_own_words_for_growth(guide: Guide) -> None:
    fields = fields_by_name(render_section(guide.get("terms")))
    hypertrophy = fields["Hypertrophy"]
    assert "for advanced lifters, athletes, rehab, or pain outcomes" in hypertrophy
    assert "not required for glute growth" in hypertrophy
    assert "greater quadriceps and adductor growth" in hypertrophy
    budget = fields["Recovery budget"]
    assert "That does not make hip thrusts safer or better for everyone." in budget
    assert "because the exercise matches" not in budget  # it read as its own definition
    assert "adjusted to the rest of the lower-body plan" in fields["RPE 7-9"]


def test_how_to_use_points_to_the_parts_under_its_heading(guide: Guide) -> None:
    section = guide.get("how-to-use")
    assert "leaves this heading empty" not in section.body
    fields = fields_by_name(render_section(section))
    parts = ["What this does not prove", "Decision checkpoints", "Who this is for / not for", "Terms used here"]
    assert list(fields)[:4] == parts
    for title in parts:
        assert title in section.body.split("\n", 1)[0]  # named in its opening paragraph
        assert any(s.title == title for s in guide.sections)


def test_common_mistakes_cover_the_guides_warnings(guide: Guide) -> None:
    text = seen_text(render_section(guide.get("common-mistakes")))
    for phrase in (
        "a different mix of lumbar extension, shortened range, bouncing, or foot-position experiments",
        "Chasing the biggest plate stack",
        "not required for glute growth",
        "Treating them as a replacement for squats and hinges",
    ):
        assert phrase in text


def test_derived_sections_say_so_in_the_footer(guide: Guide) -> None:
    for section in guide.sections:
        footer = render_section(section)[-1].footer.text or ""
        assert ("compiled from the guide" in footer) == section.derived


# One test per finding of the guide-fidelity review (turn 2) on the derived sections.
WHOLE_CONDITION = ("without shortening the top position, losing control, turning the movement into a bounce, "
                   "or carrying soreness and fatigue into the work that matters more")


def fields_by_name(embeds: list[discord.Embed]) -> dict[str, str]:
    return {f.name or "": f.value or "" for e in embeds for f in e.fields}


def test_every_claim_of_a_derived_section_shows_the_sections_it_rests_on(guide: Guide) -> None:
    # F7: the sources were checked but never shown; a reader saw only "compiled from...".
    titles = {s.id: s.title for s in guide.sections} | {PREAMBLE_SOURCE: "Opening lines"}
    for section in guide.sections:
        if not section.derived:
            continue
        embeds = render_section(section, guide_title=guide.title)
        fields = fields_by_name(embeds)
        items = [i for block in parse_body(section.body) if isinstance(block, tuple) for i in block]
        assert items, section.id
        for item in items:
            assert isinstance(item, Item)
            assert item.label is not None, (section.id, item.text)
            value = fields[item.label]
            cited = [src for src in section.sources if src.claim == item.label]
            assert cited, (section.id, item.label)
            last = value.splitlines()[-1]
            assert last.startswith(f"*{CITED} "), (section.id, item.label)
            for src in cited:
                assert titles[src.section] in last, (section.id, item.label, src.section)
        lead = [src for src in section.sources if not src.claim]
        description = "\n".join(e.description or "" for e in embeds)
        for src in lead:
            assert titles[src.section] in description.split(CITED, 1)[1], section.id


def test_how_to_use_this_guide_is_a_derived_section_in_the_guides_place(guide: Guide) -> None:
    # F8: the heading had no section at all.
    section = guide.get("how-to-use")
    assert section.title == "How to use this guide"
    assert section.derived
    ids = [s.id for s in guide.sections]
    assert ids.index("how-to-use") == ids.index("quick-answer") + 1
    text = seen_text(render_section(section, guide_title=guide.title))
    for heading in ("start with the job", "make the setup repeatable", "pair it with the work it does not cover"):
        assert heading in text
    assert "should not be treated as final proof of long-term results" in text


def test_the_job_checkpoint_keeps_each_jobs_condition_and_the_specific_goals_instruction(guide: Guide) -> None:
    # F9: "are jobs hip thrusts can fill" dropped the guide's "when", and the fourth job lost its instruction.
    section = guide.get("decision-checkpoints")
    text = seen_text(render_section(section))
    for condition in (
        "when they let the glutes be the limiting target and progression is easy to track",
        "when heavy hinges already take too much from squats, rows, sport work, or the next lower-body day",
        "as one hip-extension option, not the only lower-body lift",
        "keep the tested lift and close variations in the plan",
    ):
        assert condition in text
    assert "jobs hip thrusts can fill" not in text
    assert "in the order" not in text
    quotes = {src.quote for src in section.sources}
    assert any(q.startswith("Glute hypertrophy: use hip thrusts when") for q in quotes)


def test_terms_say_only_what_the_guide_says(guide: Guide) -> None:
    # F10: a definition the guide never gives, a dropped "roughly", one condition of four, a
    # generalised "accessory", and the anatomy reviews' words given as the guide's.
    fields = fields_by_name(render_section(guide.get("terms")))
    assert "muscle growth" not in fields["Hypertrophy"]
    assert "untrained college-aged participants" in fields["Hypertrophy"]
    assert "roughly RPE 7-9" in fields["RPE 7-9"]
    assert WHOLE_CONDITION in fields["Range and top position"]
    assert "General" in fields["Accessory work"] or "general strength accessory" in fields["Accessory work"]
    assert "anatomy reviews the guide cites describe" in fields["Gluteus medius and minimus"]


def test_caveats_claim_no_verbatim_voice_and_the_replacement_mistake_cites_the_tagline(guide: Guide) -> None:
    # F11: "What the guide itself says" over a paraphrase; a label resting on an uncited tagline.
    assert not guide.get("caveats").body.startswith("What the guide itself says")
    mistakes = guide.get("common-mistakes")
    assert any(src.section == PREAMBLE_SOURCE and src.quote == guide.tagline
               and src.claim == "Treating them as a replacement for squats and hinges" for src in mistakes.sources)
