"""The container image's inputs: the lock agrees with pyproject.toml, and no secret or database goes in."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests import dockerignore
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


# What a checkout where the bot, the sandbox, a backup or a restore ran holds beside the code.
WRITTEN_BY_RUNNING_IT = [
    ".env", ".env.local", "data/.env",
    "data/hipthrust.db", "data/hipthrust.db-wal", "data/hipthrust.db-shm", "data/hipthrust.db-journal",
    "data/hipthrust.db.lock", "data/hipthrust.db.before-restore-20250131T120000Z",
    "data/sandbox.db", "data/sandbox.db-wal", "data/sandbox.db-shm", "data/sandbox.db.lock",
    "data/sandbox-files/entries.csv", "data/sandbox-files/progress.png",
    "data/bot.sqlite", "data/bot.sqlite-wal", "data/bot.sqlite3", "data/bot.sqlite3.lock",
    "hipthrust.db", "backups/hipthrust-2025-01-31.db", "backups/.hipthrust-2025-01-31.db.partial",
    "data/.backup.partial", "data/.backup.partial-journal",
    "bench-results.json", "data/bench-results-pg.json",
    ".git/config", ".venv/bin/python", "bot/__pycache__/client.cpython-311.pyc", "tests/test_container.py",
    ".hypothesis/examples/x", "data/.hypothesis/examples/x",
]  # fmt: skip


def test_the_dockerignore_matcher_reads_patterns_as_docker_documents() -> None:
    """The examples of Docker's .dockerignore reference, and `**`: the matcher the next test trusts."""
    rules = dockerignore.read("# comment\n*/temp*\n*/*/temp*\ntemp?\n")
    assert dockerignore.excluded("somedir/temporary.txt", rules)
    assert dockerignore.excluded("somedir/temp/file", rules)  # a folder matched takes what is in it
    assert dockerignore.excluded("somedir/subdir/temporary.txt", rules)
    assert dockerignore.excluded("tempa", rules)
    assert not dockerignore.excluded("temporary.txt", rules)
    assert not dockerignore.excluded("a/b/c/temp.txt", rules)
    go = dockerignore.read("**/*.go\n")
    assert dockerignore.excluded("main.go", go)
    assert dockerignore.excluded("a/b/main.go", go)
    markdown = dockerignore.read("*.md\n!README*.md\nREADME-secret.md\n")
    assert dockerignore.excluded("CHANGES.md", markdown)
    assert not dockerignore.excluded("README.md", markdown)
    assert dockerignore.excluded("README-secret.md", markdown)
    # A pattern without `**` matches at the top only: the mistake this file once made.
    top = dockerignore.read("*.db\nsandbox-files\n")
    assert dockerignore.excluded("hipthrust.db", top)
    assert not dockerignore.excluded("data/hipthrust.db", top)
    assert not dockerignore.excluded("data/sandbox-files/entries.csv", top)


def test_no_secret_database_or_file_of_a_run_is_sent_to_the_image_build() -> None:
    rules = dockerignore.load(ROOT)
    sent = [path for path in WRITTEN_BY_RUNNING_IT if not dockerignore.excluded(path, rules)]
    assert sent == [], f"docker build would send these to the image build: {sent}"
    # And everything the image is made of is sent: the code, its content, the lock.
    shipped = [*ROOT.glob("bot/**/*.py"), *ROOT.glob("bot/**/*.sql"), *ROOT.glob("cogs/**/*.py"),
               *ROOT.glob("data/guide/*"), *ROOT.glob("data/*.toml")]  # fmt: skip
    needed = [p.relative_to(ROOT).as_posix() for p in shipped] + ["requirements.lock", ".env.example"]
    left_out = [path for path in needed if dockerignore.excluded(path, rules)]
    assert left_out == [], f".dockerignore leaves out files the image needs: {left_out}"


def test_the_dockerfile_copies_only_the_code_and_its_content() -> None:
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
