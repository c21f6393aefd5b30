"""The container image's inputs: the lock agrees with pyproject.toml, and no secret or database goes in."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.paths import REPO as ROOT


def locked() -> dict[str, str]:
    """Package → version pinned in requirements.lock."""
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", (ROOT / "requirements.lock").read_text(), re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


def test_the_lock_pins_every_dependency_within_its_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = locked()
    for line in project["dependencies"]:
        wanted = Requirement(line)
        name = canonicalize_name(wanted.name)
        assert name in pins, f"{wanted.name} is not in requirements.lock: run `make lock`"
        assert wanted.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside {wanted}: run `make lock`"


def test_every_pin_has_a_hash() -> None:
    text = (ROOT / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9._-]+==)", text.split("\n", 6)[-1])
    assert len(blocks) == len(locked())
    assert all("--hash=sha256:" in block for block in blocks)


def test_no_secret_or_database_is_sent_to_the_image_build() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().splitlines())
    assert {".env", "*.db", "*.db-wal", ".git", ".venv", "tests"} <= ignored
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "COPY . " not in dockerfile  # only the code and its content, by name
    assert re.search(r"^USER 10001:10001$", dockerfile, re.MULTILINE)
    assert 'ENTRYPOINT ["python", "-m", "bot"]' in dockerfile


def test_env_example_leaves_the_images_database_alone_and_names_real_loggers() -> None:
    """`docker run --env-file .env` (README) hands every value set in .env to the container, over the
    image's own: a DATABASE_URL there would put the database off the volume."""
    from dotenv import dotenv_values

    from bot.settings import ENV_NAMES, Settings

    example = ROOT / ".env.example"
    values = {k: v for k, v in dotenv_values(example).items() if v}
    assert "DATABASE_URL" not in values
    assert "# DATABASE_URL=sqlite:///data/hipthrust.db" in example.read_text()  # still shown, commented out
    assert set(dotenv_values(example)) <= {*ENV_NAMES, "POSTGRES_PASSWORD"}
    assert Settings.from_env(values).database_url == Settings().database_url
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "DATABASE_URL=sqlite:////var/lib/hipthrust/hipthrust.db" in dockerfile
    assert "-v hipthrust-data:/var/lib/hipthrust" in (ROOT / "README.md").read_text()
    # The loggers its comments name are the bot's (`bot.health` was one that never existed).
    for name in re.findall(r"\bbot(?:\.\w+)+", example.read_text()):
        module = ROOT / (name.replace(".", "/") + ".py")
        assert module.is_file(), f".env.example names the logger {name}, which no module of the bot logs to"
