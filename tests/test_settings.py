from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parent.parent


def test_a_boolean_typo_stops_the_start(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "flase")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", default=False)


def test_a_number_that_is_not_a_number_stops_the_start(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", default=1)


def test_values_are_read_from_a_file_when_name_file_is_set(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    assert env_str("SOME_SECRET") == "s3cret"
    monkeypatch.setenv("SOME_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured):
        env_str("SOME_SECRET")


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", "a.example, b.example,")
    assert env_list("SOME_HOSTS") == ["a.example", "b.example"]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    unwanted = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "kV8w3-production-only-secret-5Jq9zP2mX7rT4yB6nL1cD0fH8gA3sE5uW",
    "ALLOWED_HOSTS": "ecvet.example.org",
}


def test_production_settings_pass_the_deploy_check_without_warnings(tmp_path):
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", VAR_DIR=str(tmp_path), **PRODUCTION
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret(tmp_path):
    env = {**PRODUCTION, "SECRET_KEY": "", "VAR_DIR": str(tmp_path)}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_development_generates_its_secret_once(tmp_path):
    first = _manage("check", VAR_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    _manage("check", VAR_DIR=str(tmp_path))
    assert (tmp_path / "secret_key").read_text() == key
