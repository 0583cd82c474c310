"""What the bot sends: a bearer token of its own, and only to trusted service URLs.

The Agents SDK's `MsalAuth` insists on an https authority and discovers it online, so it cannot
reach a configured token endpoint; its extension points serve instead:

- `ClientCredentials` (an `AccessTokenProviderBase`) posts the client-credentials form to
  TEAMS_TOKEN_URL and caches the token until five minutes before it expires;
- `Connections` hands that one provider to the SDK for every turn;
- `TrustedClientFactory` makes the SDK's connector client only for a service URL that
  arrived in a valid token (`store.teams.trusted_service_urls`), so an activity can never make
  the bot post its token to an address of the sender's choosing.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.parse
import urllib.request
from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import ChannelServiceClientFactoryBase, TurnContext
from microsoft_agents.hosting.core.authorization import (
    AccessTokenProviderBase,
    AgentAuthConfiguration,
    ClaimsIdentity,
)
from microsoft_agents.hosting.core.connector import ConnectorClientBase
from microsoft_agents.hosting.core.connector.client import UserTokenClient
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient

from store import teams as teams_store
from store.db import Store

SCOPE = "https://api.botframework.com/.default"
EARLY = 300  # seconds before expiry a cached token is renewed
TIMEOUT = 15


class TokenError(Exception):
    """The token endpoint did not give us a token (the message says why, in Swedish)."""


class ClientCredentials(AccessTokenProviderBase):
    """The bot's own token: OAuth 2.0 client credentials at a configured endpoint."""

    def __init__(self, token_url: str, app_id: str, password: str, tenant_id: str | None) -> None:
        self.token_url = token_url
        self._config = AgentAuthConfiguration(client_id=app_id, tenant_id=tenant_id,
                                              client_secret=password)
        self._form = {"grant_type": "client_credentials", "client_id": app_id,
                      "client_secret": password}
        self._cache: dict[str, tuple[str, float]] = {}  # scope -> (token, monotonic expiry)
        self._lock = threading.Lock()

    @property
    def configuration(self) -> AgentAuthConfiguration:
        return self._config

    async def get_access_token(self, resource_url: str, scopes: list[str],
                               force_refresh: bool = False) -> str:
        scope = scopes[0] if scopes else SCOPE
        cached = self._cache.get(scope)
        if cached and not force_refresh and cached[1] > time.monotonic():
            return cached[0]
        return await asyncio.to_thread(self.token, scope, force_refresh)

    def token(self, scope: str = SCOPE, force_refresh: bool = False) -> str:
        """A token for ``scope`` (blocking): cached, else fetched."""
        with self._lock:
            cached = self._cache.get(scope)
            if cached and not force_refresh and cached[1] > time.monotonic():
                return cached[0]
            token, lifetime = self._fetch(scope)
            self._cache[scope] = (token, time.monotonic() + max(0.0, lifetime - EARLY))
            return token

    def _fetch(self, scope: str) -> tuple[str, float]:
        body = urllib.parse.urlencode({**self._form, "scope": scope}).encode()
        req = urllib.request.Request(self.token_url, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                data = json.loads(resp.read(1_000_000))
            return str(data["access_token"]), float(data.get("expires_in", 3600))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise TokenError(f"Fick ingen token från {self.token_url}: {exc}") from exc

    def get_token_credential(self) -> Any:
        raise NotImplementedError("Styrbot uses get_access_token only")

    # Styrbot acts as itself only: no on-behalf-of flow, no agentic identities
    async def acquire_token_on_behalf_of(self, scopes: list[str], user_assertion: str) -> str:
        raise NotImplementedError

    async def get_agentic_application_token(self, tenant_id: str,
                                            agent_app_instance_id: str) -> str | None:
        raise NotImplementedError

    async def get_agentic_instance_token(self, tenant_id: str,
                                         agent_app_instance_id: str) -> tuple[str, str]:
        raise NotImplementedError

    async def get_agentic_user_token(self, tenant_id: str, agent_app_instance_id: str,
                                     agentic_user_id: str, scopes: list[str]) -> str | None:
        raise NotImplementedError


class Connections:
    """The SDK's connection manager: one connection, the bot's own client credentials."""

    def __init__(self, provider: ClientCredentials) -> None:
        self.provider = provider

    def get_connection(self, connection_name: str) -> AccessTokenProviderBase:
        return self.provider

    def get_default_connection(self) -> AccessTokenProviderBase:
        return self.provider

    def get_token_provider(self, claims_identity: ClaimsIdentity,
                           service_url: str) -> AccessTokenProviderBase:
        return self.provider

    def get_token_provider_from_activity(self, claims_identity: ClaimsIdentity,
                                         activity: Activity) -> AccessTokenProviderBase:
        return self.provider

    def get_default_connection_configuration(self) -> AgentAuthConfiguration:
        return self.provider.configuration


class UntrustedServiceUrl(PermissionError):
    pass


class TrustedClientFactory(ChannelServiceClientFactoryBase):
    """Connector clients for trusted service URLs only, with the bot's token."""

    def __init__(self, store: Store, provider: ClientCredentials) -> None:
        self.store = store
        self.provider = provider
        self._trusted: set[str] = set()

    def trust(self, url: str) -> None:
        self._trusted.add(url)

    def is_trusted(self, url: str) -> bool:
        if url in self._trusted:
            return True
        self._trusted |= teams_store.trusted_service_urls(self.store)
        return url in self._trusted

    async def create_connector_client(
        self, context: TurnContext | None, claims_identity: ClaimsIdentity, service_url: str,
        audience: str, scopes: list[str] | None = None, use_anonymous: bool = False,
    ) -> ConnectorClientBase:
        if not service_url or not self.is_trusted(service_url):
            raise UntrustedServiceUrl(f"service URL {service_url!r} never came in a valid token")
        token = await self.provider.get_access_token(audience, scopes or [SCOPE])
        return TeamsConnectorClient(endpoint=service_url, token=token)

    async def create_user_token_client(self, context: TurnContext,
                                       claims_identity: ClaimsIdentity,
                                       use_anonymous: bool = False) -> UserTokenClient:
        # Styrbot signs no one in (no OAuth cards): a client that is never called, no token
        return UserTokenClient(app_id=self.provider.configuration.CLIENT_ID or "",
                               endpoint=context.activity.service_url or "http://localhost/",
                               token="")
