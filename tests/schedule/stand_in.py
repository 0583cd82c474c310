"""The local Slack (tests/mock_slack.MockSlack) plus what the schedule calls:
conversations.history (from the recorded posts, with their metadata), files.getUploadURLExternal,
the upload itself (POST to the upload_url on the stand-in) and files.completeUploadExternal.

`history` is what a workspace would show: every message that arrived, per channel. Hooks let a
test fail or kill a client at an exact call: `before(method, body)` runs before a call is
handled (raise to drop the connection: nothing arrives), `after(method, body)` after a message
has arrived but before the client hears back.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.mock_slack import MockSlack

Hook = Callable[[str, dict[str, Any]], None]


@dataclass
class Posted:
    """A message as Slack keeps it in a channel's history."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    metadata: dict[str, Any] | None
    files: list[dict[str, Any]] = field(default_factory=list)
    at: float = 0.0

    @property
    def key(self) -> str | None:
        if self.metadata and self.metadata.get("event_type") == "styrbot_send":
            return str(self.metadata["event_payload"]["key"])
        return None

    def as_slack(self) -> dict[str, Any]:
        m: dict[str, Any] = {"type": "message", "ts": self.ts, "text": self.text, "bot_id": "B0STYRBOT"}
        if self.blocks:
            m["blocks"] = self.blocks
        if self.metadata:
            m["metadata"] = self.metadata
        if self.files:
            m["files"] = self.files
        return m



class Dropped(ConnectionAbortedError):
    """Raised by a hook: the request is dropped before Slack handles it."""


class StandIn(MockSlack):
    def __init__(self) -> None:
        super().__init__()
        self.history: list[Posted] = []
        self.uploads: dict[str, dict[str, Any]] = {}
        self.before: Hook | None = None
        self.after: Hook | None = None
        self.page_size = 100
        self.server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]

    def reset(self) -> None:
        with self._lock:
            super().reset()
            self.history.clear()
            self.uploads.clear()

    # --- what arrived --------------------------------------------------------------------------

    def posted(self, channel: str | None = None) -> list[Posted]:
        with self._lock:
            return [p for p in self.history if channel is None or p.channel == channel]

    def keys(self) -> list[str]:
        """The send key of every message and file that arrived (files by their name)."""
        out = []
        for p in self.posted():
            if p.key:
                out.append(p.key)
            for f in p.files:
                out.append("file:" + f["name"])
        return out

    # --- serving ---------------------------------------------------------------------------------

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if self.before is not None:
            self.before(method, body)
        answer = self._serve(method, body)
        if self.after is not None and method in ("chat.postMessage", "files.completeUploadExternal"):
            self.after(method, body)
        return answer

    def _serve(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "chat.postMessage":
            answer = super()._answer(method, body)
            meta = body.get("metadata")
            if isinstance(meta, str):
                meta = json.loads(meta)
            blocks = body.get("blocks") or []
            if isinstance(blocks, str):
                blocks = json.loads(blocks)
            self.history.append(Posted(str(body.get("channel")), answer["ts"], body.get("text") or "",
                                       blocks, meta, at=time.monotonic()))
            return answer
        if method == "conversations.history":
            return self._history(body)
        if method == "files.getUploadURLExternal":
            file_id = f"F0{len(self.uploads) + 1:08d}"
            self.uploads[file_id] = {"name": body.get("filename"), "length": int(body.get("length") or 0),
                                     "data": None}
            return {"ok": True, "file_id": file_id,
                    "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            files = body.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            shared = []
            for f in files:
                up = self.uploads.get(f["id"])
                if up is None or up["data"] is None:
                    return {"ok": False, "error": "file_not_found"}
                shared.append({"id": f["id"], "name": up["name"], "title": f.get("title"),
                               "size": len(up["data"]), "mimetype": "image/png"})
            channel = body.get("channel_id")
            if channel:
                ts = self._next_ts()
                self.history.append(Posted(str(channel), ts, body.get("initial_comment") or "", [], None,
                                           files=shared, at=time.monotonic()))
            return {"ok": True, "files": shared}
        return super()._answer(method, body)

    def _history(self, body: dict[str, Any]) -> dict[str, Any]:
        channel = body.get("channel")
        oldest = float(body.get("oldest") or 0)
        msgs = [p for p in self.history if p.channel == channel and float(p.ts) > oldest]
        msgs.sort(key=lambda p: float(p.ts), reverse=True)
        start = int(body.get("cursor") or 0)
        page = msgs[start:start + min(int(body.get("limit") or 100), self.page_size)]
        more = start + len(page) < len(msgs)
        with_meta = str(body.get("include_all_metadata")).lower() in ("1", "true")
        out = [p.as_slack() for p in page]
        if not with_meta:
            for m in out:
                m.pop("metadata", None)
        return {"ok": True, "messages": out, "has_more": more,
                "response_metadata": {"next_cursor": str(start + len(page)) if more else ""}}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        base = super()._handler()
        mock = self

        class Handler(base):  # type: ignore[misc, valid-type]
            def do_POST(self) -> None:
                if self.path.startswith("/upload/"):
                    self._upload()
                else:
                    super().do_POST()

            def do_GET(self) -> None:
                super().do_POST()

            def _upload(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                file_id = self.path.rsplit("/", 1)[-1]
                with mock._lock:
                    if mock.before is not None:
                        mock.before("upload", {"file_id": file_id})
                    up = mock.uploads.get(file_id)
                    if up is not None:
                        up["data"] = raw
                data = f"OK - {len(raw)}".encode()
                self.send_response(200 if up is not None else 404)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def dm_channel(user: str) -> str:
    """The DM channel the stand-in's conversations.open gives for ``user``."""
    return "D0" + user[:9]


def kill(pid: int, timeout: float = 5.0) -> None:
    """SIGKILL a process and wait until it is dead (a zombie or gone)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().split(")")[-1].split()[0] in ("Z", "X"):
                    return
        except (FileNotFoundError, ProcessLookupError):  # reaped between open and read
            return
        time.sleep(0.002)
