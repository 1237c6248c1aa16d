"""The platform's call bridge for outbound calls to leads (PRODUCT.md §4, seed §18).

The partner never gets the lead's number: the domain hands it to the bridge on
the server, and the bridge connects the caller. ``CallBridge`` is the
interface; ``LocalCallBridge`` is the default for a local run (no telephony:
it accepts every call, the caller then records the outcome). Another bridge
is plugged in with ``CALL_BRIDGE=package.module:ClassName``.
"""
from __future__ import annotations

import importlib
import os
from typing import Protocol, runtime_checkable

OUTCOMES = ("connected", "no_answer", "busy", "failed")


@runtime_checkable
class CallBridge(Protocol):
    name: str

    def dial(self, *, call_id: int, caller_email: str, number: str) -> str:
        """Start connecting the caller with ``number``; returns the bridge's reference for the call.

        Raise ``BridgeUnavailable`` when the call cannot be placed."""

    def hang_up(self, *, call_id: int, reference: str) -> None:
        """End the call (idempotent)."""


class BridgeUnavailable(Exception):
    pass


class LocalCallBridge:
    """Default bridge of a local run: accepts the call without telephony, so call logs and rules work end to end."""
    name = "local"

    def __init__(self):
        self.active: dict[int, str] = {}

    def dial(self, *, call_id: int, caller_email: str, number: str) -> str:
        if not number:
            raise BridgeUnavailable("The lead has no phone number to call.")
        reference = f"local-{call_id}"
        self.active[call_id] = reference
        return reference

    def hang_up(self, *, call_id: int, reference: str) -> None:
        self.active.pop(call_id, None)


_bridge: CallBridge | None = None


def get_bridge() -> CallBridge:
    global _bridge
    if _bridge is None:
        spec = os.environ.get("CALL_BRIDGE", "").strip()
        if spec:
            module, _, cls = spec.partition(":")
            _bridge = getattr(importlib.import_module(module), cls)()
        else:
            _bridge = LocalCallBridge()
    return _bridge


def set_bridge(bridge: CallBridge | None) -> None:
    """Install a bridge (tests, or a deployment's own wiring); None goes back to the configured default."""
    global _bridge
    _bridge = bridge
