"""Settings, read once from the environment (the CLI sets the same variables from its options)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

DEFAULT_TENANT = "Cust00000"


@dataclass(frozen=True)
class Settings:
    """What an operator can change without touching code."""

    max_body_bytes: int = 10 * 1024 * 1024
    default_tenant: str = DEFAULT_TENANT
    auto_create_tenants: bool = True

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            max_body_bytes=int(os.environ.get("SOAPSVC_MAX_BODY_BYTES", 10 * 1024 * 1024)),
            default_tenant=os.environ.get("SOAPSVC_DEFAULT_TENANT", DEFAULT_TENANT),
            auto_create_tenants=os.environ.get("SOAPSVC_TENANTS", "auto") != "fixed",
        )


@cache
def settings() -> Settings:
    """This process's settings (read from the environment once)."""
    return Settings.from_env()
