"""Argon2 with small costs for tests that count attempts or create many accounts (two shared cores)."""

from __future__ import annotations

from argon2 import PasswordHasher

from targets.store import accounts

CHEAP = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def use_cheap_hashes(monkeypatch) -> None:
    """The accounts module hashes with CHEAP for this test (same algorithm, argon2id, lower cost)."""
    monkeypatch.setattr(accounts, "_hasher", CHEAP)
    accounts._dummy_hash.cache_clear()  # the next test's dummy is made with its own hasher
