"""The privacy commands have help and a README line, like every other command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app

runner = CliRunner()
README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["forget", "export", "optout", "owner set"])
def test_privacy_commands_have_help_and_a_readme_line(command):
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert re.search(rf"intrograph {re.escape(command)}\b", README), f"README lacks {command}"


def test_readme_says_what_is_stored_where_and_how_to_remove_it():
    section = README.split("## Privacy and data", 1)[1].split("\n## ", 1)[0]
    for words in ("What is stored", "~/.local/share/intrograph/", "intrograph forget OWNER",
                  "intrograph optout PERSON", "Deleting the store file"):
        assert words in section
