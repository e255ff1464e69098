"""English is available through Django i18n: a visitor who chooses English (language cookie or
Accept-Language) gets English navigation and lang="en"; everyone else gets Simplified Chinese. The
English catalogue ships compiled, every entry is translated, and the .mo says what the .po says."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client

LC_MESSAGES = Path(settings.BASE_DIR) / "gongkai" / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")


def html(response: Any) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


# ---- the portal in English and in Chinese ------------------------------------------------------


def test_default_visitor_gets_chinese(client: Client, world: Any) -> None:
    page = html(client.get("/"))
    assert '<html lang="zh-Hans">' in page
    assert "首页" in page
    assert "公开机关与指南" in page
    assert "Disclosure Guide" not in page


def test_choosing_english_switches_portal_to_english(client: Client, world: Any) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"

    page = html(client.get("/"))
    assert '<html lang="en">' in page
    assert ">Home</a>" in page
    assert "Agencies and Disclosure Guides" in page
    assert "Disclosure Guide" in page
    assert "Government Information Disclosure" in page
    assert "Staff Sign-in" in page
    # the switcher now offers the way back
    assert 'value="zh-hans"' in page
    assert "首页" not in page


def test_accept_language_english_is_honoured(client: Client, world: Any) -> None:
    page = html(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en">' in page
    assert ">Home</a>" in page
    assert "Agencies and Disclosure Guides" in page


def test_agency_guide_in_english(client: Client, world: Any) -> None:
    page = html(client.get(f"/agencies/{world.agency_a.code}/guide/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Disclosure Office" in page
    assert "Office address" in page
    assert "Telephone" in page


def test_staff_login_page_in_english(client: Client, world: Any) -> None:
    page = html(client.get("/staff/login/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en">' in page
    assert "Staff Sign-in" in page
    assert "Sign in</button>" in page


def test_staff_login_form_labels_in_english(client: Client, world: Any) -> None:
    page = html(client.get("/staff/login/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Username" in page
    assert "Password" in page


# ---- the shipped catalogue ---------------------------------------------------------------------


def parse_po(path: Path) -> list[dict[str, str]]:
    """Entries of a .po file as {"msgid": ..., "msgid_plural": ..., "msgstr[0]": ...}, with the
    `#,` flags under "flags". Enough of the format for what makemessages writes."""
    entries: list[dict[str, str]] = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry: dict[str, str] = {"flags": ""}
        key = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line[2:]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _, value = line.partition(" ")
                entry[key] = ast.literal_eval(value)
        entries.append(entry)
    return entries


def msgstrs(entry: dict[str, str]) -> list[str]:
    return [v for k, v in entry.items() if k.startswith("msgstr")]


def test_header_declares_english_utf8_and_plural_forms() -> None:
    header = parse_po(PO)[0]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"]


def test_every_entry_is_translated_and_not_fuzzy() -> None:
    entries = parse_po(PO)[1:]
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not all(s.strip() for s in msgstrs(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    plural_incomplete = [
        e["msgid"] for e in entries if "msgid_plural" in e and {"msgstr[0]", "msgstr[1]"} - e.keys()
    ]
    assert untranslated == []
    assert fuzzy == []
    assert plural_incomplete == []


def test_placeholders_survive_translation() -> None:
    for entry in parse_po(PO)[1:]:
        wanted = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for translated in msgstrs(entry):
            assert sorted(PLACEHOLDER.findall(translated)) == wanted, entry["msgid"]


def test_no_chinese_left_in_english_catalogue() -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    leftovers = [e["msgid"] for e in parse_po(PO)[1:] if any(han.search(s) for s in msgstrs(e))]
    assert leftovers == []


def test_compiled_mo_matches_po() -> None:
    """The committed .mo is what msgfmt makes of the committed .po (no stale binary)."""
    with MO.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)
    for entry in parse_po(PO)[1:]:
        if "msgid_plural" in entry:
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"]
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr[1]"]
        else:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]
    # and nothing in the .mo that the .po no longer has (plural entries hold one key per form)
    expected_keys = 1 + sum(2 if "msgid_plural" in e else 1 for e in parse_po(PO)[1:])
    assert len(catalog._catalog) == expected_keys  # type: ignore[attr-defined]
