"""A kernel client that never sleeps through a message that has arrived.

nbclient waits for each cell's ``execute_reply`` with one long
``shell_channel.get_msg(timeout=Execute.timeout)``.  Under pyzmq's asyncio
integration that wait can miss the socket's (edge-triggered) wake-up: the
reply sits in the queue while the event loop sleeps until the timeout, then
finds it with a final non-blocking poll.  Grading lesson 02 (which has
widgets) hit this in 4 of 8 runs of 12 notebooks, each time costing a full
``Execute.timeout`` (60 s) with no error and a correct score (the symptom of
jupyter/nbclient#312).

:class:`PromptKernelClient` waits in short slices instead, each ending with
that non-blocking poll, so a missed wake-up costs at most one slice.
:class:`PromptKernelManager` starts kernels whose clients are prompt ones,
for the self-check and any nbclient run outside grading.
"""

from __future__ import annotations

import os
import tempfile
import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type

POLL_SLICE_S = 0.1
"""Longest a message that has arrived may wait unnoticed, in seconds."""


class PromptChannel(AsyncZMQSocketChannel):
    """``get_msg`` polls in slices of :data:`POLL_SLICE_S` up to its timeout."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SLICE_S if deadline is None else deadline - time.monotonic()
            try:
                return await super().get_msg(timeout=max(0.0, min(POLL_SLICE_S, left)))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise


class PromptKernelClient(AsyncKernelClient):
    """An ``AsyncKernelClient`` whose shell, iopub, stdin and control waits are prompt."""

    shell_channel_class = Type(PromptChannel)
    iopub_channel_class = Type(PromptChannel)
    stdin_channel_class = Type(PromptChannel)
    control_channel_class = Type(PromptChannel)


class PromptKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` whose clients never sleep through a reply.

    Where Unix sockets exist the kernel listens on them (in a private folder)
    rather than on TCP ports: nothing else can connect, and ipykernel does not
    warn about unencrypted TCP.
    """

    client_class = DottedObjectName("autograder.lab.kernel_client.PromptKernelClient")
    client_factory = Type(PromptKernelClient)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if os.name == "posix":
            self._ipc_dir = tempfile.TemporaryDirectory(prefix="bfs-check-")
            self.transport = "ipc"
            self.ip = os.path.join(self._ipc_dir.name, "kernel")
