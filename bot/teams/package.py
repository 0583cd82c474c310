"""The Teams app package: manifest.json and the two icons, zipped for upload to Teams.

Teams wants a colour icon of 192×192 px and an outline icon of 32×32 px (white on
transparent). Both are drawn here (three rising bars, the bot's subject), as PNG written with
zlib alone, so the package needs no image files in the repository.
"""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

from bot.teams.ids import is_guid

MANIFEST_VERSION = "1.19"
SCHEMA = ("https://developer.microsoft.com/en-us/json-schemas/teams/"
          f"v{MANIFEST_VERSION}/MicrosoftTeams.schema.json")
ACCENT = "#1F5E99"
SCOPES = ["personal", "team", "groupChat"]
COMMANDS = [
    ("hjälp", "Vad jag kan svara på"),
    ("status uppdrag 3.2", "Ett uppdrags kort: status, ansvariga, deadlines"),
    ("mina uppdrag", "Uppdragen du är ansvarig för"),
    ("vilka uppdrag är försenade", "Försenade uppdrag"),
    ("uppdatera 3.2: pågår 40 % …", "Rapportera läget i ett uppdrag"),
    ("prenumerera på veckobrev", "Veckobrevet hit, varje vecka"),
]


class PackageError(Exception):
    """The package cannot be made; the message (Swedish) says why."""


def manifest(app_id: str, *, developer_url: str, name: str = "Styrbot",
             version: str = "1.0.0") -> dict[str, Any]:
    if not is_guid(app_id):
        raise PackageError(f"TEAMS_APP_ID ska vara ett GUID (app-id från Azure), inte {app_id!r}.")
    url = developer_url
    if not url.startswith("https://") or len(url) <= len("https://"):
        raise PackageError(f"--developer-url ska börja med https://, inte {url!r}.")
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": app_id,
        "developer": {"name": name, "websiteUrl": url, "privacyUrl": url,
                      "termsOfUseUrl": url},
        "name": {"short": name[:30], "full": f"{name}: uppföljning av kommunens planer"[:100]},
        "description": {
            "short": "Fråga om uppdrag, indikatorer och deadlines i kommunens plan."[:80],
            "full": ("Styrbot svarar på svenska om kommunens uppdragsplan: status, ansvariga, "
                     "deadlines och indikatorer. Ansvariga rapporterar läget i chatten eller på "
                     "uppdragets kort, och veckobrev och påminnelser kommer hit av sig själva."),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [{
            "botId": app_id, "scopes": SCOPES, "supportsFiles": False,
            "isNotificationOnly": False,
            "commandLists": [{"scopes": SCOPES, "commands": [
                {"title": t, "description": d} for t, d in COMMANDS]}],
        }],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }


def write_package(out: Path, app_id: str, *, developer_url: str, name: str = "Styrbot") -> None:
    data = manifest(app_id, name=name, developer_url=developer_url)
    if not out.parent.is_dir():
        raise PackageError(f"Mappen {out.parent} finns inte; skapa den först.")
    if out.is_dir():
        raise PackageError(f"{out} är en mapp; ange ett filnamn som slutar på .zip.")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(data, ensure_ascii=False, indent=2))
        z.writestr("color.png", icon(192, outline=False))
        z.writestr("outline.png", icon(32, outline=True))


def icon(size: int, *, outline: bool) -> bytes:
    """Three rising bars: white on the accent colour, or white on transparent (outline)."""
    bg = (0, 0, 0, 0) if outline else (0x1F, 0x5E, 0x99, 255)
    fg = (255, 255, 255, 255)
    margin, gap = size // 6, size // 12
    width = (size - 2 * margin - 2 * gap) // 3
    bars = []
    for i, height in enumerate((0.35, 0.6, 0.85)):
        x0 = margin + i * (width + gap)
        bars.append((x0, x0 + width, size - margin - int((size - 2 * margin) * height)))
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # filter: none
        for x in range(size):
            inside = any(x0 <= x < x1 and top <= y < size - margin for x0, x1, top in bars)
            rows.extend(fg if inside else bg)
    return _png(size, size, bytes(rows))


def _png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
