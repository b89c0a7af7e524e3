"""Settings, read once from the environment (the CLI sets the same variables from its options)."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_TENANT = "Cust00000"


@dataclass(frozen=True)
class Settings:
    """What an operator can change without touching code."""

    max_body_bytes: int = 10 * 1024 * 1024
    default_tenant: str = DEFAULT_TENANT

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            max_body_bytes=int(os.environ.get("SOAPSVC_MAX_BODY_BYTES", 10 * 1024 * 1024)),
            default_tenant=os.environ.get("SOAPSVC_DEFAULT_TENANT", DEFAULT_TENANT),
        )
