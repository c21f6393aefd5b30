import pytest

from bot.settings import (
    ENV_NAMES,
    Secret,
    Settings,
    SettingsError,
    is_postgres_url,
    load_settings,
    redact_url,
    sqlite_path,
)


def test_defaults():
    settings = Settings.from_env({})
    assert settings.token is None
    assert settings.database_url == "sqlite:///data/hipthrust.db"
    assert str(settings.sqlite_path) == "data/hipthrust.db"
    assert settings.log_level == "INFO"
    assert settings.shard_ids is None
    assert settings.debug_loggers == ()


def test_full_configuration():
    settings = Settings.from_env(
        {
            "DISCORD_TOKEN": "abc.def",
            "DATABASE_URL": "sqlite:////tmp/x.db",
            "DEV_GUILD_ID": "123",
            "DISCORD_API_BASE": "http://127.0.0.1:9999/api/v10/",
            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9999/gateway",
            "LOG_LEVEL": "debug",
            "SHARD_COUNT": "4",
            "SHARD_IDS": "0, 3",
            "LOG_DEBUG": "bot.interactions.loop_lag, discord.http",
        }
    )
    assert settings.token is not None
    assert settings.token.reveal() == "abc.def"
    assert str(settings.sqlite_path) == "/tmp/x.db"
    assert settings.dev_guild_id == 123
    assert settings.api_base == "http://127.0.0.1:9999/api/v10"
    assert settings.log_level == "DEBUG"
    assert settings.shard_ids == (0, 3)
    assert settings.debug_loggers == ("bot.interactions.loop_lag", "discord.http")


def test_token_never_in_repr():
    settings = Settings.from_env({"DISCORD_TOKEN": "super-secret-token"})
    assert "super-secret-token" not in repr(settings)
    assert "super-secret-token" not in str(settings.token)
    assert Secret("a") == Secret("a")


@pytest.mark.parametrize("token", ["MTIz.secret\nrest", "MTIz.secret\r\nrest", "MTIz.secret\x00rest"])
def test_a_token_with_a_line_break_is_refused_without_showing_it(token, tmp_path):
    # A token broken over two lines of a quoted .env value reached aiohttp, whose refusal to send
    # it ("Forbidden control character detected in headers") ended the start with a traceback.
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"DISCORD_TOKEN": token})
    assert str(refused.value) == ("DISCORD_TOKEN holds a line break or another control character; put the token"
                                  " on one line (a token has none).")
    dotenv = tmp_path / ".env"
    dotenv.write_text('DISCORD_TOKEN="MTIz.secret\nrest"\n')
    with pytest.raises(SettingsError, match="DISCORD_TOKEN holds a line break"):
        load_settings({}, dotenv_path=dotenv)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SHARD_IDS": "0"}, "SHARD_IDS needs SHARD_COUNT"),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "2"}, "from 0 to 1"),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "0,0"}, "twice"),
        ({"SHARD_COUNT": "two"}, "SHARD_COUNT must be a whole number"),
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT must be positive"),
        ({"DEV_GUILD_ID": "guild"}, "DEV_GUILD_ID must be a whole number"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be one of"),
        ({"LOG_DEBUG": "bot health"}, "LOG_DEBUG must list logger names"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL must look like"),
        ({"DATABASE_URL": "postgresql://"}, "must name a server"),
        ({"DISCORD_API_BASE": "127.0.0.1/api"}, "DISCORD_API_BASE must start with http"),
        ({"DISCORD_GATEWAY_URL": "http://x"}, "DISCORD_GATEWAY_URL must start with ws"),
    ],
)
def test_refused(env, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_dotenv_does_not_override_environment(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("DISCORD_TOKEN=from-file\nLOG_LEVEL=DEBUG\n")
    settings = load_settings({"DISCORD_TOKEN": "from-env"}, dotenv_path=dotenv)
    assert settings.token is not None
    assert settings.token.reveal() == "from-env"
    assert settings.log_level == "DEBUG"


def test_sqlite_path_forms():
    assert str(sqlite_path("sqlite:///data/a.db")) == "data/a.db"
    assert str(sqlite_path("sqlite:////abs/a.db")) == "/abs/a.db"
    with pytest.raises(SettingsError):
        sqlite_path("sqlite:///")


def test_postgresql_url_is_accepted_and_its_password_never_shown():
    settings = Settings.from_env({"DATABASE_URL": "postgresql://bot:hunter2@db.internal:5432/hipthrust"})
    assert is_postgres_url(settings.database_url)
    assert settings.database_url == "postgresql://bot:hunter2@db.internal:5432/hipthrust"
    assert "hunter2" not in repr(settings)
    assert redact_url(settings.database_url) == "postgresql://bot:***@db.internal:5432/hipthrust"
    assert is_postgres_url(Settings.from_env({"DATABASE_URL": "postgres://db/hipthrust"}).database_url)
    assert not is_postgres_url(Settings.from_env({}).database_url)


def test_bad_url_message_hides_the_password():
    with pytest.raises(SettingsError, match="must look like") as refused:
        Settings.from_env({"DATABASE_URL": "mysql://bot:hunter2@h/db"})
    assert "hunter2" not in str(refused.value)


@pytest.mark.parametrize("port", ["abc", "", "0", "65536", "54x32"])
def test_a_postgresql_port_that_is_no_port_is_refused_without_the_password(port):
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"DATABASE_URL": f"postgresql://bot:hunt/er2@127.0.0.1:{port}/db"})
    assert str(refused.value) == (
        f"DATABASE_URL has a port that is not a number from 1 to 65535 ({port!r}): postgresql://bot:***@127.0.0.1:{port}/db."
    )


@pytest.mark.parametrize(
    "url",
    ["postgresql://bot:pw@db/hipthrust", "postgresql://bot:p:w@db:5432/hipthrust", "postgresql://[::1]:5432/db",
     "postgresql://h1:5432,h2:5433/db?sslmode=require", "postgresql://bot:pa/ss@db:6432/hipthrust"],
)  # fmt: skip
def test_postgresql_hosts_with_ports_are_accepted(url):
    assert Settings.from_env({"DATABASE_URL": url}).database_url == url


async def test_a_url_postgresql_itself_refuses_never_shows_the_password():
    from bot.db.database import DatabaseUnavailableError
    from bot.db.postgres import PostgresDatabase

    with pytest.raises(DatabaseUnavailableError) as refused:  # past the settings' check, asyncpg's ValueError
        await PostgresDatabase.open("postgresql://bot:hunter2@127.0.0.1:abc/db")
    assert str(refused.value).startswith("cannot connect to PostgreSQL at postgresql://bot:***@127.0.0.1:abc/db: ")
    assert "hunter2" not in str(refused.value)


@pytest.mark.parametrize(
    ("env", "syncs"),
    [
        ({}, True),
        ({"SHARD_COUNT": "4"}, True),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0,1"}, True),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "2,3"}, False),
    ],
)
def test_only_the_process_holding_shard_0_syncs(env, syncs):
    assert Settings.from_env(env).syncs_commands is syncs


def test_operator_settings_default_to_off_and_local():
    settings = Settings.from_env({})
    assert settings.metrics_port is None
    assert settings.metrics_host == "127.0.0.1"
    assert settings.log_format == "text"
    chosen = Settings.from_env({"METRICS_PORT": "9100", "METRICS_HOST": "0.0.0.0", "LOG_FORMAT": "JSON"})
    assert (chosen.metrics_port, chosen.metrics_host, chosen.log_format) == (9100, "0.0.0.0", "json")


def test_a_metrics_host_without_a_port_is_a_warning_to_log():
    """Nothing listens without METRICS_PORT: the host was ignored without a word."""
    alone = Settings.from_env({"METRICS_HOST": "0.0.0.0"})
    assert alone.metrics_port is None
    assert alone.config_warnings == (
        "METRICS_HOST is set ('0.0.0.0') but METRICS_PORT is not, so nothing listens: metrics and health are off."
        " Set METRICS_PORT to serve them, or remove METRICS_HOST.",
    )
    assert Settings.from_env({"METRICS_HOST": "0.0.0.0", "METRICS_PORT": "9100"}).config_warnings == ()
    assert Settings.from_env({"METRICS_HOST": " "}).config_warnings == ()  # empty is unset, as .env.example has it
    assert Settings.from_env({}).config_warnings == ()


def test_the_database_is_named_for_the_log_without_its_password(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert Settings().database_named() == f"SQLite {tmp_path.resolve() / 'data' / 'hipthrust.db'}"
    url = Settings.from_env({"DATABASE_URL": "postgresql://bot:s3cret@db:5432/hipthrust"})
    assert url.database_named() == "PostgreSQL postgresql://bot:***@db:5432/hipthrust"


@pytest.mark.parametrize(("raw", "chosen"), [(None, "auto"), ("auto", "auto"), (" AUTO ", "auto"),
                                             ("off", "off"), ("Off", "off"), ("0", 0), ("17", 17)])
def test_the_bot_cpu_is_auto_off_or_a_number(raw, chosen):
    assert Settings.from_env({} if raw is None else {"BOT_CPU": raw}).bot_cpu == chosen


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"METRICS_PORT": "http"}, "METRICS_PORT must be a whole number"),
        ({"METRICS_PORT": "0"}, "METRICS_PORT must be a TCP port from 1 to 65535; got 0"),
        ({"METRICS_PORT": "70000"}, "from 1 to 65535"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be text or json; got 'xml'"),
        ({"BOT_CPU": "-1"}, "BOT_CPU must be auto, off or a CPU number such as 0; got '-1'"),
        ({"BOT_CPU": "1.5"}, "BOT_CPU must be auto, off or a CPU number"),
        ({"BOT_CPU": "one"}, "BOT_CPU must be auto, off or a CPU number"),
        ({"BOT_CPU": "٣"}, "BOT_CPU must be auto, off or a CPU number"),
        ({"BOT_CPU": "123456789"}, "BOT_CPU must be auto, off or a CPU number"),
    ],
)
def test_bad_operator_settings_are_refused(env, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_env_names_are_every_variable_the_settings_read():
    """A bot started as a child for a test or the benchmark inherits none of these
    (bot.sandbox.launch.process_environment): one read but not listed would leak in."""
    read: set[str] = set()

    class Recording(dict[str, str]):
        def get(self, name, default=None):
            read.add(name)
            return super().get(name, default)

    Settings.from_env(Recording())
    assert read == set(ENV_NAMES)
