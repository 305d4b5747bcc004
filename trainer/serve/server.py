"""The textual-serve server, made to own its app processes and to work offline.

* ``ChildService`` starts each tab's app in its own process group (see
  ``children``); closing the tab sends textual-serve's ``quit``, and an app that
  has not exited after ``grace`` seconds is ended (SIGTERM, then SIGKILL).
  When an app exits by itself the tab's websocket is closed, so the page says
  the session ended instead of showing a dead screen.
* ``TrainerServer`` uses our own page template (no Google Fonts link: the
  bundled Roboto Mono is served from ``/static/fonts``), builds the page's
  URLs from ``--public-url`` or else from the address the request came to,
  and on shutdown (Ctrl+C, SIGTERM) ends every app process before it exits.
* With ``trust_header`` (``trainer serve --trust-header X-Remote-User``) the
  account name comes from that header, set by an authenticating reverse proxy:
  a request without it gets 403, and the tab's app signs in as that account.
  Without the option the header is ignored. docs/accounts.md, docs/deploy.md.
"""

from __future__ import annotations

import asyncio
import logging
import re
import signal
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import textual_serve
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from trainer.serve.children import die_with_parent, end_process, kill_groups_now
from trainer.serve.env import REMOTE_USER_ENV, SERVED_ENV

log = logging.getLogger("trainer.serve")

TITLE = "客服陪練 trainer"
TEMPLATES = Path(__file__).with_name("templates")
STATICS = Path(textual_serve.__file__).with_name("static")
HEARTBEAT = 15.0  # seconds: a frozen browser is noticed after about 1.5 of these
MAX_NAME = 40  # an account name's length (trainer.store.accounts)


class ChildService(AppService):
    """One tab's app process, in its own process group, ended within ``grace`` seconds.

    The process is told it is served (``TRAINER_SERVED=1``: the store is shared,
    so it asks for a login) and, only when the server trusts a proxy header, the
    account name the proxy vouched for; any such name in the server's own
    environment is dropped.
    """

    def __init__(self, command: str, *, grace: float, remote_user: str | None = None, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.grace = grace
        self.remote_user = remote_user

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment[SERVED_ENV] = "1"
        environment.pop(REMOTE_USER_ENV, None)
        if self.remote_user:
            environment[REMOTE_USER_ENV] = self.remote_user
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_shell(
            self.command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=environment,
            start_new_session=True, preexec_fn=die_with_parent)
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    async def run(self) -> None:
        await super().run()
        await self.remote_close()  # the app is gone: let the page say so

    async def stop(self) -> None:
        """Ask the app to quit; end its group if it is still there after ``grace`` seconds."""
        task, self._task = self._task, None
        if task is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(self._exited(task), self.grace)
        except TimeoutError:
            log.warning("app process %s did not quit; ending it", self.pid)
        await self.terminate()
        await task

    async def _exited(self, task: asyncio.Task[None]) -> None:
        await asyncio.shield(task)
        if self._process is not None:
            await self._process.wait()

    async def terminate(self) -> None:
        """End the app's process group now (SIGTERM, ``grace`` seconds, SIGKILL)."""
        if self._process is not None:
            await end_process(self._process, self.grace)


def trusted_name(value: str) -> str | None:
    """A header's account name, trimmed; None if empty, too long, or holding control or undecodable bytes."""
    name = value.strip()
    bad = any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0xD800 <= ord(c) < 0xE000 for c in name)
    return None if not name or bad or len(name) > MAX_NAME else name


class TrainerServer(Server):
    """textual-serve's server, offline and owning its children (see the module docstring)."""

    def __init__(self, command: str, host: str, port: int, public_url: str | None = None,
                 grace: float = 3.0, trust_header: str | None = None) -> None:
        super().__init__(command, host=host, port=port, title=TITLE, public_url=public_url,
                         statics_path=STATICS, templates_path=TEMPLATES)
        self.fixed_url = public_url
        self.grace = grace
        self.trust_header = trust_header
        self.services: dict[ChildService, web.WebSocketResponse] = {}

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: ``_listening`` says where once the port is actually bound."""

    def _listening(self, text: str = "") -> None:
        found = re.findall(r"https?://\S+", text)
        where = self.fixed_url or (found[0] if found else self.public_url)
        self.console.print(f"trainer serve: {where}  (Ctrl+C to stop)", highlight=False)

    async def on_shutdown(self, app: web.Application) -> None:
        """End every app process, then close every tab's websocket."""
        services = list(self.services.items())
        await asyncio.gather(*(service.terminate() for service, _ in services), return_exceptions=True)
        for _service, websocket in services:
            await websocket.close()

    def base_url(self, request: web.Request) -> str:
        return self.fixed_url or f"{request.scheme}://{request.host}"

    def remote_user(self, request: web.Request) -> str | None:
        """The account name the trusted proxy put in the header; None without the option or the name."""
        if self.trust_header is None:
            return None  # the header is ignored: anyone could send it
        return trusted_name(request.headers.get(self.trust_header, ""))

    def _unvouched(self, request: web.Request) -> web.Response | None:
        """403 when a proxy header is trusted but this request has no usable name in it."""
        if self.trust_header is None or self.remote_user(request):
            return None
        return web.Response(status=403, text=f"未經登入代理：缺少 {self.trust_header} 標頭。\n"
                            f"Not authenticated by the proxy: no usable {self.trust_header} header.\n")

    async def handle_index(self, request: web.Request) -> web.Response:
        refused = self._unvouched(request)
        if refused is not None:
            return refused
        base = self.base_url(request)
        ws_base = ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1]
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws_base + str(request.app.router["websocket"].url_for()),
            "config": {"static": {"url": base + "/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: start its app process, relay until the tab goes, then end the process."""
        refused = self._unvouched(request)
        if refused is not None:
            raise web.HTTPForbidden(text=refused.text)
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: ChildService | None = None
        try:
            await websocket.prepare(request)
            service = ChildService(self.command, grace=self.grace, remote_user=self.remote_user(request),
                                   write_bytes=websocket.send_bytes,
                                   write_str=websocket.send_str, close=websocket.close,
                                   download_manager=self.download_manager, debug=self.debug)
            self.services[service] = websocket
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken tab must not take the server down
            log.exception(error)
        finally:
            if service is not None:
                await asyncio.shield(service.stop())
                self.services.pop(service, None)
        return websocket

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C or SIGTERM; every app process is ended before this returns."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request_exit)
        try:
            web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False,
                        loop=loop, print=self._listening, shutdown_timeout=2 * self.grace + 2)
        finally:
            kill_groups_now([s.pid for s in self.services if s.pid is not None])
