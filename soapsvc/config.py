"""Settings, read once from the environment (the CLI sets the same variables from its options)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache

DEFAULT_TENANT = "Cust00000"


@dataclass(frozen=True)
class Settings:
    """What an operator can change without touching code."""

    max_body_bytes: int = 10 * 1024 * 1024
    default_tenant: str = DEFAULT_TENANT
    auto_create_tenants: bool = True
    # The admin API (/_soapsvc/): with no token it answers loopback clients only; with one, writes need it.
    admin_token: str = field(default="", repr=False)
    # The request journal: on or off, and how many calls it keeps per tenant (the oldest are dropped).
    journal: bool = True
    journal_size: int = 1000
    journal_max_body: int = 256 * 1024
    # Answers of pure reads kept per process to be sent again while their data is unchanged (0: off).
    replay_mb: int = 64

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            max_body_bytes=int(os.environ.get("SOAPSVC_MAX_BODY_BYTES", 10 * 1024 * 1024)),
            default_tenant=os.environ.get("SOAPSVC_DEFAULT_TENANT", DEFAULT_TENANT),
            auto_create_tenants=os.environ.get("SOAPSVC_TENANTS", "auto") != "fixed",
            admin_token=os.environ.get("SOAPSVC_ADMIN_TOKEN", ""),
            journal=os.environ.get("SOAPSVC_JOURNAL", "on").lower() not in ("off", "0", "false", "no"),
            journal_size=int(os.environ.get("SOAPSVC_JOURNAL_SIZE", "1000")),
            journal_max_body=int(os.environ.get("SOAPSVC_JOURNAL_MAX_BODY", str(256 * 1024))),
            replay_mb=int(os.environ.get("SOAPSVC_REPLAY_MB", "64")),
        )


@cache
def settings() -> Settings:
    """This process's settings (read from the environment once)."""
    return Settings.from_env()
