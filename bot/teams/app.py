"""The Teams app: Bot Framework activities at POST /api/messages, answered by the core.

Built on the Microsoft 365 Agents SDK (`CloudAdapter`, `TurnContext`, `Activity`), with two
parts of our own where the SDK cannot be pointed at configured URLs (see `auth` and
`connector`). One request:

1. The JWT is checked (`auth.TokenValidator`) before the body is read; the body (at most
   `MAX_BODY` bytes) is then checked against the token: its channel endorsed by the key, its
   serviceUrl the token's. Anything wrong: 401, and nothing runs. The bot is single-tenant:
   an activity from another tenant than TEAMS_TENANT_ID is a 403, and nothing runs (the
   plan's people and updates are the municipality's own).
2. A redelivery of an activity already answered (or being answered) is acknowledged and not
   run again (the durable inbox, `store.inbox`, platform "teams", keyed by conversation and
   activity id). The activity is written to the inbox before it writes anything: before the
   turn for what is answered in it, before a command's first write for a message answered
   at once (the core's ``ready``).
3. The SDK's adapter runs the turn: `StyrbotAgent` asks the core (in a thread: SQLite; a
   reply the core keeps, the uppdrag card asked again, on the event loop: `Bot.kept`) and
   sends the reply to `{serviceUrl}v3/conversations/…` with the bot's own token. A
   follow-up is read against the last answer of its conversation (the personal or group
   chat, a channel's reply chain), one message at a time per conversation (`Turns`).
4. The inbox entry is marked done with the reply (a message that wrote nothing is written
   now, done, in one transaction), and the request acknowledged (200). A failure to deliver
   the reply answers 503, so the channel sends it again: a write's entry is left pending (at
   start, whatever is pending is processed: `recover`), a question's was never written. A
   question whose reply went out just before a crash is answered again when the channel
   resends it (it got no 200); nothing is written twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import json
import logging
import re
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.authorization import ClaimsIdentity
from pydantic import ValidationError

from bot.clock import Clock
from bot.config import Settings
from bot.core.bot import Bot, Reply
from bot.core.markup import clean
from bot.core.memo import Replies
from bot.core.mentions import person
from bot.teams import cards
from bot.teams import markup as tm
from bot.teams.auth import AuthError, TokenValidator, Verified
from bot.teams.connector import ClientCredentials, TrustedClientFactory
from bot.teams.ids import ENTRA_ID
from bot.teams.inbound import refuse
from store import inbox
from store import teams as teams_store
from store.db import Store

log = logging.getLogger("styrbot.teams")

PLATFORM = "teams"
PATH = "/api/messages"
MAX_BODY = 1024 * 1024  # a Teams activity is a few kB; anything near this is not one
UNAUTHORIZED = {"error": "Unauthorized"}
RECOVERY = web.AppKey("styrbot_recovery", asyncio.Task)
_AT = re.compile(r"<at[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_ENTRA = re.compile(ENTRA_ID)
# a person @mentioned: their Entra object id (None: not found) and the name Teams showed
Mentioned = tuple[str | None, str]


@dataclass
class Prepared:
    """A message's reply, made before the SDK's turn began (None: nothing to say), its inbox
    entry if it is not written yet (``entry``: kind and payload): the message wrote nothing,
    so it is kept once its reply is out (`TeamsApp._accept`), and ``later``: what is written
    once the reply is out (the conversation's subject, `Bot.handle`)."""

    reply: dict[str, Any] | None
    entry: tuple[str, dict[str, Any]] | None = None
    later: list[Callable[[], None]] = field(default_factory=list)


class Turns:
    """One message at a time per conversation (a personal chat, a group chat, a channel's
    reply chain): a follow-up ("och 2027?") waits until the message before it has been
    answered and its subject kept, as in Slack (bot/slack/listeners/common.py `InTurn`)."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def turn(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


def _aad(activity: Activity) -> str | None:
    """Who sent the activity: their Entra object id."""
    return activity.from_property.aad_object_id if activity.from_property else None


def _bot_id(activity: Activity) -> str | None:
    return activity.recipient.id if activity.recipient else None


class StyrbotAgent:
    """The SDK's agent: every activity of a turn goes to the core; the reply goes back."""

    def __init__(self, app: TeamsApp) -> None:
        self.app = app

    async def on_turn(self, context: TurnContext) -> None:
        await self.turn(context)

    async def turn(self, context: TurnContext,
                   prepared: Prepared | None = None) -> list[dict[str, Any]]:
        """Answer one activity (``prepared``: already answered); what was sent."""
        activity = context.activity
        if activity.type != "message":  # conversationUpdate, installationUpdate …:
            await asyncio.to_thread(self.app.remember, activity)  # the reference is the point
            return []
        if prepared is not None:
            out = prepared.reply
        else:
            people = await people_mentioned(context)
            out = await asyncio.to_thread(self.app.answer, activity, people)
        if out is not None:
            await context.send_activity(Activity.model_validate(sealed(out)))
        await asyncio.to_thread(self.app.remember, activity)  # after the reply: off its path
        return [out] if out is not None else []


class TeamsApp:
    def __init__(self, settings: Settings, store: Store, clock: Clock, *,
                 refresh_interval: float = 60.0) -> None:
        if not (settings.teams_app_id and settings.teams_app_password):
            raise ValueError("TEAMS_APP_ID and TEAMS_APP_PASSWORD are needed")
        self.settings = settings
        self.store = store
        self.clock = clock
        self.bot = Bot(store, clock, admins=tuple(settings.admins),
                       leaders=tuple(settings.leaders))
        self.provider = ClientCredentials(settings.teams_token_endpoint, settings.teams_app_id,
                                          settings.teams_app_password, settings.teams_tenant_id)
        self.factory = TrustedClientFactory(store, self.provider)
        self.adapter = CloudAdapter(channel_service_client_factory=self.factory)
        self.adapter.on_turn_error = None  # a failed turn raises: the inbox keeps it pending
        self.validator = TokenValidator(settings.teams_openid_url, settings.teams_app_id,
                                        refresh_interval=refresh_interval)
        self.agent = StyrbotAgent(self)
        self._inflight: set[str] = set()  # keys being run now (by a request or recovery)
        self._inflight_lock = threading.Lock()
        self._references: dict[str, tuple[Any, ...]] = {}  # what remember() stored, this process
        self.turns = Turns()
        self._shown: Replies[dict[str, Any]] = Replies(256, copy=dict)  # `shown`

    # --- HTTP ---------------------------------------------------------------------------

    def web_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(PATH, self.messages)
        app.cleanup_ctx.append(self._recovery)
        return app

    async def messages(self, request: web.Request) -> web.Response:
        try:
            verified = await self.verify(request.headers.get("Authorization"))
        except AuthError as exc:
            log.info("Teams: 401 (%s)", exc)
            return web.json_response(UNAUTHORIZED, status=401)
        try:
            body = json.loads(await request.read())
        except web.HTTPRequestEntityTooLarge:
            return web.json_response({"error": "too large"}, status=413)
        except ValueError:
            return web.json_response({"error": "not JSON"}, status=400)
        if not isinstance(body, dict):
            return web.json_response({"error": "not an activity"}, status=400)
        try:
            service_url = verified.check_activity(body)
        except AuthError as exc:
            log.info("Teams: 401 (%s)", exc)
            return web.json_response(UNAUTHORIZED, status=401)
        try:
            activity = Activity.model_validate(body)
        except ValidationError:
            return web.json_response({"error": "not an activity"}, status=400)
        if not activity.type or not activity.conversation or not activity.conversation.id:
            return web.json_response({"error": "not an activity"}, status=400)
        if tenant_of(body) != self.settings.teams_tenant_id:
            log.warning("Teams: 403 for an activity from another tenant (%s)", tenant_of(body))
            return web.json_response({"error": "Forbidden"}, status=403)
        key = delivery_id(activity, body)
        try:
            async with self.turns.turn(thread_key(activity)):
                prepared = self._kept(key, body, verified.claims, service_url, activity)
                run = prepared is not None
                if prepared is None:
                    run, prepared = await asyncio.to_thread(self._accept, key, body,
                                                            verified.claims, service_url,
                                                            activity)
                if not run:
                    return web.Response(status=200)  # a redelivery: answered (or being so)
                await self.process(key, activity, verified.claims, prepared)
        except Exception:
            log.exception("Teams: could not answer activity %s; left for a redelivery", key)
            return web.json_response({"error": "try again"}, status=503)
        return web.Response(status=200)

    async def verify(self, authorization: str | None) -> Verified:
        """The token check; off the event loop only when the keys must be fetched."""
        try:
            return self.validator.verify_cached(authorization)
        except LookupError:
            return await asyncio.to_thread(self.validator.verify, authorization)

    def _trust(self, url: str) -> None:
        if not self.factory.is_trusted(url):
            teams_store.trust_service_url(self.store, url, self.clock.now())
            self.factory.trust(url)

    def _claim(self, key: str) -> bool:
        """Take ``key`` to run it here; False if it is already running."""
        with self._inflight_lock:
            if key in self._inflight:
                return False
            self._inflight.add(key)
            return True

    def _accept(self, key: str, body: dict[str, Any], claims: dict[str, Any],
                service_url: str, activity: Activity) -> tuple[bool, Prepared | None]:
        """Trust the token's service URL; whether to run the delivery now, and the reply to a
        message answered here. A delivery seen before runs again only if a failed try or a
        crash left it pending. Its entry is written before it writes anything: before the
        turn for what is answered in it, before a command's first write (the core's
        ``ready``) for a message answered here. The entry need not wait for the disk
        (durable=False): the channel gets its 200 only after the turn's writes and the done
        mark are committed (synchronous=FULL), and a delivery a crash interrupted is sent
        again by the channel, or found at start. A message that writes nothing is kept only
        after its reply is out, done at once (`process`): a crash before that leaves no
        entry, the channel (no 200) sends it again, and it is answered again, read-only."""
        self._trust(service_url)
        if key in self._inflight:
            return False, None
        row = inbox.get(self.store, PLATFORM, key)
        if row is not None and row["state"] != "pending":
            return False, None
        if not self._claim(key):
            return False, None
        entry = _entry(body, claims)
        try:
            if activity.type != "message" or _names_others(activity):
                if row is None:  # no answer, or people to look up first (in the turn)
                    self._keep(key, entry)
                return True, None
            kept = row is not None

            def ready() -> None:
                nonlocal kept
                if not kept:
                    self._keep(key, entry)
                    kept = True

            # the answer now, in this thread: one hop off the event loop, not two
            later: list[Callable[[], None]] = []
            reply = self.answer(activity, {}, ready=ready, later=later)
            return True, Prepared(reply, None if kept else entry, later)
        except BaseException:
            self._inflight.discard(key)
            raise

    def _kept(self, key: str, body: dict[str, Any], claims: dict[str, Any],
              service_url: str, activity: Activity) -> Prepared | None:
        """A message whose reply the core keeps (`Bot.kept`: the uppdrag card asked again),
        answered here on the event loop: two hops to a thread and back cost more than its
        look-ups. None for everything else (then `_accept`, in a thread): a service URL
        not yet trusted, a redelivery, a card's form, a mention of someone, a reply not
        kept. Kept in the inbox as `_accept` keeps a message that wrote nothing: after its
        reply is out, done."""
        if activity.type != "message" or activity.value is not None or key in self._inflight \
                or not self.factory.is_trusted(service_url) or _names_others(activity):
            return None
        if inbox.get(self.store, PLATFORM, key) is not None or not self._claim(key):
            return None
        try:
            later: list[Callable[[], None]] = []
            reply = self.bot.kept(inbound(activity, {}), user=_aad(activity),
                                  channel=conversation_id(activity), refuse=refuse,
                                  conversation=thread_key(activity), later=later)
            if reply is None:
                self._inflight.discard(key)
                return None
            return Prepared(self.shown(reply), _entry(body, claims), later)
        except BaseException:
            self._inflight.discard(key)
            raise

    def _keep(self, key: str, entry: tuple[str, dict[str, Any]]) -> None:
        inbox.accept(self.store, platform=PLATFORM, id=key, kind=entry[0], payload=entry[1],
                     now=self.clock.now(), durable=False)

    async def process(self, key: str, activity: Activity, claims: dict[str, Any],
                      prepared: Prepared | None = None) -> None:
        """Run one accepted delivery through the SDK and mark it done."""
        try:
            identity = ClaimsIdentity(dict(claims), authentication_type="Bearer")
            sent = await self._turn(identity, activity, prepared)
            await asyncio.to_thread(self._done, key, prepared, sent)
        finally:
            self._inflight.discard(key)

    def _done(self, key: str, prepared: Prepared | None, sent: list[dict[str, Any]]) -> None:
        """After the reply: the conversation's subject (not waiting for the disk), then the
        inbox entry done with what was sent, which waits for the disk and takes the subject
        along (a message that wrote nothing is kept only now, done)."""
        for write in prepared.later if prepared is not None else []:
            write()
        if prepared is not None and prepared.entry is not None:
            kind, payload = prepared.entry
            inbox.record(self.store, platform=PLATFORM, id=key, kind=kind, payload=payload,
                         now=self.clock.now(), reply={"sent": sent})
        else:
            inbox.finish(self.store, platform=PLATFORM, id=key, now=self.clock.now(),
                         reply={"sent": sent})

    async def _turn(self, identity: ClaimsIdentity, activity: Activity,
                    prepared: Prepared | None) -> list[dict[str, Any]]:
        sent: list[dict[str, Any]] = []

        async def callback(context: TurnContext) -> None:
            sent.extend(await self.agent.turn(context, prepared))

        await self.adapter.process_activity(identity, activity, callback)
        return sent

    async def _recovery(self, app: web.Application) -> AsyncIterator[None]:
        """Recover in the background while the app runs; when it stops, the recovery still
        running is cancelled (what it had not finished stays pending in the inbox, for the
        next start), so no task outlives its app."""
        task = asyncio.create_task(self.recover())
        app[RECOVERY] = task
        yield
        if not task.done():
            task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        except Exception:  # already logged per activity; this is the inbox itself failing
            log.exception("Teams: recovery failed; what is pending stays pending")

    async def recover(self) -> int:
        """Process what an earlier process accepted and did not finish; how many."""
        rows = await asyncio.to_thread(inbox.unfinished, self.store, PLATFORM)
        done = 0
        for row in rows:
            key = row["id"]
            if not self._claim(key):
                continue  # a redelivery is running it right now
            try:
                activity = Activity.model_validate(row["payload"]["activity"])
                await self.process(key, activity, row["payload"]["claims"])
                done += 1
            except Exception:
                log.exception("Teams: recovering activity %s failed; it stays pending", key)
        return done

    # --- the turn's work (threads) ------------------------------------------------------

    def remember(self, activity: Activity) -> None:
        """Store the conversation's reference, so the schedule can write here later."""
        conv = activity.conversation
        if conv is None or not activity.service_url:
            return
        kind = conv.conversation_type or ("personal" if not conv.is_group else "groupChat")
        user = activity.from_property.aad_object_id if activity.from_property else None
        name = activity.from_property.name if activity.from_property else None
        if user and name and _ENTRA.fullmatch(user):
            teams_store.save_person(self.store, user, name, self.clock.now())
        ref = activity.get_conversation_reference().model_dump(
            by_alias=True, exclude_none=True, mode="json")
        ref.pop("activityId", None)  # a proactive message starts its own thread
        ref["conversation"]["id"] = conversation_id(activity)
        known = (kind, user, activity.service_url, json.dumps(ref, sort_keys=True))
        if self._references.get(conversation_id(activity)) == known:
            return  # stored already, as it is: no write per message
        teams_store.save_conversation(
            self.store, conversation_id=conversation_id(activity), kind=kind,
            user_aad=user if kind == "personal" else None, service_url=activity.service_url,
            reference=ref, now=self.clock.now())
        self._references[conversation_id(activity)] = known

    def answer(self, activity: Activity, people: dict[str, Mentioned] | None = None,
               ready: Callable[[], None] | None = None,
               later: list[Callable[[], None]] | None = None) -> dict[str, Any] | None:
        """The reply activity (as JSON) for a message: text, or the uppdrag card. ``people``:
        each @mention's text ("<at>Anna</at>") and what the core reads for it; ``ready``:
        called before a command's first write, ``later``: the writes for after the reply
        (`Bot.handle`). A follow-up is read against the conversation's last answer (the
        personal chat, the group chat, the channel's reply chain: `thread_key`)."""
        user = _aad(activity)
        channel = conversation_id(activity)
        event_id = f"{PLATFORM}:{activity.conversation.id if activity.conversation else ''}:" \
                   f"{activity.id}"
        if isinstance(activity.value, dict) and cards.is_submit(activity.value):
            try:
                cmd = cards.submitted(activity.value)
            except cards.FormError as exc:
                return cards.text_activity(str(exc))
            return self.shown(self.bot.run(cmd, user=user, event_id=event_id, channel=channel,
                                           ready=ready))
        for aad, name in (people or {}).values():
            if aad:
                teams_store.save_person(self.store, aad, name, self.clock.now())
        text = inbound(activity, people or {})
        if not text:
            return None
        return self.shown(self.bot.handle(text, user=user, event_id=event_id, channel=channel,
                                          refuse=refuse, conversation=thread_key(activity),
                                          ready=ready, later=later))

    def shown(self, reply: Reply) -> dict[str, Any]:
        """The reply as Teams shows it: a card when it offers actions, else text; people by
        the names Teams told us (looked up once). What is made of the same markup, actions,
        form and names is made once (each caller gets its own outer dict; the card inside is
        never changed: `Sealed`): the uppdrag card the core keeps (bot/core/memo.py) is not
        laid out again."""
        ids = tm.people_in(reply.markup)
        known = self.names(ids) if ids else {}
        key = (*reply.layout_key(), cards.prefill(reply.result), tuple(sorted(known.items())))
        return self._shown.get(key, lambda: self._lay_out(reply, lambda _ids: known))

    @staticmethod
    def _lay_out(reply: Reply, names: tm.Names) -> dict[str, Any]:
        card = cards.card(reply.markup, reply.actions, names, reply.result)
        if card is not None:
            first = reply.markup.split("\n", 1)[0]
            return cards.card_activity(card, tm.plain_named(first, names, buttons=True))
        return cards.markup_activity(reply.markup, names)

    def names(self, ids: list[str]) -> dict[str, str]:
        """Display names of Teams people (by Entra object id), as far as we know them."""
        return teams_store.people(self.store, [i for i in ids if _ENTRA.fullmatch(i)])


class Sealed(dict[str, Any]):
    """A card, never changed once made: its own deep copy. The SDK deep-copies every
    activity it sends (TurnContext.send_activities), which for the uppdrag card took
    0.17 ms on the way to the reply; it only reads and serialises the copy."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Sealed:
        return self


def sealed(reply: dict[str, Any]) -> dict[str, Any]:
    """The reply activity with each attachment's content `Sealed`."""
    attachments = reply.get("attachments")
    if not attachments:
        return reply
    return {**reply, "attachments": [
        {**a, "content": Sealed(a["content"])} if isinstance(a.get("content"), dict) else a
        for a in attachments]}


def _names_others(activity: Activity) -> bool:
    """Whether the message @mentions someone besides the bot (their ids are looked up in
    the turn, `people_mentioned`)."""
    return any(who.get("id") != _bot_id(activity) for _, who in _mentions(activity))


def _entry(body: dict[str, Any], claims: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """An activity's inbox entry: its kind and what a redo needs (the activity, its claims)."""
    return str(body.get("type") or ""), {"activity": body, "claims": claims}


def _mentions(activity: Activity) -> list[tuple[str, dict[str, Any]]]:
    """The activity's @mentions: (their text in the message, who) each."""
    out = []
    for entity in activity.entities or []:
        data = entity.model_dump(by_alias=True, exclude_none=True)
        if data.get("type") == "mention" and data.get("text") and data.get("mentioned"):
            out.append((str(data["text"]), dict(data["mentioned"])))
    return out


async def people_mentioned(context: TurnContext) -> dict[str, Mentioned]:
    """Each person @mentioned (not the bot): their Entra object id and name.
    Teams names them by a chat id; their Entra object id comes from the conversation's
    member list (`GET v3/conversations/{id}/members/{member}`). One that cannot be looked up
    stays a bare @name, which the core does not take for a person."""
    activity = context.activity
    bot_id = activity.recipient.id if activity.recipient else None
    found: dict[str, Mentioned] = {}
    for text, who in _mentions(activity):
        if who.get("id") == bot_id or text in found:
            continue
        name = str(who.get("name") or _AT.sub(lambda m: m.group(1), text)).replace(">", "")
        aad = who.get("aadObjectId")
        if not aad and who.get("id") and activity.conversation:
            client: Any = context.turn_state.get("ConnectorClient")  # the SDK's, for this turn
            try:
                member = await client.conversations.get_conversation_member(
                    activity.conversation.id, str(who["id"]))
                aad = getattr(member, "aad_object_id", None) or (member.model_extra or {}).get(
                    "aadObjectId")
            except Exception as exc:  # noqa: BLE001  (a name we cannot resolve is no person)
                log.info("Teams: could not look up member %s: %s", who.get("id"), exc)
        found[text] = (str(aad) if aad and _ENTRA.match(str(aad)) else None, name)
    return found


def inbound(activity: Activity, people: dict[str, Mentioned] | None = None) -> str:
    """A message's text as the core reads it: the bot's own @mention removed, each other
    @mention as the core's person token (``people``: one found in the conversation's members;
    else its name, "@Anna", which the core does not take for a person), Teams' character
    entities decoded. Only the mentions become tokens: a private-use character typed, or an
    entity decoded into one, is taken out (it cannot forge a mention)."""
    text = activity.text or ""
    bot_id = activity.recipient.id if activity.recipient else None
    swaps: dict[str, str] = {}
    for mention, who in _mentions(activity):
        if who.get("id") == bot_id:
            swaps[mention] = " "
        elif people and mention in people:
            aad, name = people[mention]
            swaps[mention] = person(aad) if aad else _typed(f"@{name}")
    if not swaps:
        return _typed(text).strip()
    out, pos = [], 0
    for m in re.finditer("|".join(map(re.escape, swaps)), text):
        out += [_typed(text[pos:m.start()]), swaps[m.group(0)]]
        pos = m.end()
    return "".join([*out, _typed(text[pos:])]).strip()


def _typed(text: str) -> str:
    """Text as typed: <at>…</at> as its name, entities decoded, no marks."""
    return clean(html.unescape(_AT.sub(lambda m: m.group(1), text)))


def tenant_of(body: dict[str, Any]) -> str | None:
    """The Entra tenant an activity comes from (Teams puts it in two places)."""
    conv = body.get("conversation")
    data = body.get("channelData")
    tenant = data.get("tenant") if isinstance(data, dict) else None
    for value in ((conv or {}).get("tenantId") if isinstance(conv, dict) else None,
                  tenant.get("id") if isinstance(tenant, dict) else None):
        if isinstance(value, str) and value:
            return value
    return None


def conversation_id(activity: Activity) -> str:
    """The conversation as the schedule and subscriptions know it: a channel, not the reply
    chain of one of its messages (Teams appends ";messageid=…" for those)."""
    conv = activity.conversation.id if activity.conversation else ""
    return conv.split(";messageid=", 1)[0]


def thread_key(activity: Activity) -> str:
    """The conversation a follow-up belongs to: a personal or group chat, or in a channel the
    reply chain (its ";messageid=…" kept: each thread has its own subject)."""
    return f"{PLATFORM}:{activity.conversation.id if activity.conversation else ''}"


def delivery_id(activity: Activity, body: dict[str, Any]) -> str:
    """The inbox key: conversation and activity id (Teams' ids are per conversation)."""
    conv = activity.conversation.id if activity.conversation else ""
    if activity.id:
        return f"{conv}|{activity.id}"
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:32]
    return f"{conv}|sha256:{digest}"
