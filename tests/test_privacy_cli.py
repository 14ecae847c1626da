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
