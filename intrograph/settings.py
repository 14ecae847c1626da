"""Settings from the environment: the one place (besides cli/) that reads it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from platformdirs import user_data_path
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_db_path"]


def default_db_path() -> Path:
    """Return where the embedded store lives unless told otherwise."""
    return user_data_path("intrograph", appauthor=False) / "intrograph.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INTROGRAPH_", extra="ignore")

    db: Path = Field(default_factory=default_db_path)
    backend: str = "sqlite"
    as_owner: str | None = Field(default=None, validation_alias=AliasChoices("INTROGRAPH_AS"))
    neo4j_uri: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_URI"))
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER"))
    neo4j_password: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_PASSWORD")
    )
    # The date tie strengths are scored on (decay); unset means today.
    today: dt.date | None = None
