"""Saving imported reports as history: the command (print, --save, --replace), the back-office upload →
review → correct → save flow with its permission and replacement rules, and the history feeding the
annual report's cross-year check."""

from __future__ import annotations

import json
import re
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from gongkai.annual_reports.models import HistoricalReport
from gongkai.annual_reports.selectors import previous_document
from gongkai.core.models import AuditEntry

pytestmark = pytest.mark.django_db

REPORT = """明湖市教育局2016年政府信息公开工作年度报告

一、概述
2016年，明湖市教育局认真贯彻落实《中华人民共和国政府信息公开条例》。

二、依申请公开情况
全年共收到政府信息公开申请12件，其中当面申请7件，网上申请5件。

三、其他需要报告的事项
无。
""".encode()


def _persona_client(user: Any, persona_password: str) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_command_prints_the_document_and_saves_only_when_asked(world: Any, tmp_path: Any) -> None:
    path = tmp_path / "2016.txt"
    path.write_bytes(REPORT)
    out = StringIO()
    call_command("import-report", str(path), stdout=out, stderr=StringIO())
    document = json.loads(out.getvalue())
    assert document["year"] == 2016
    assert document["figures"]["requests.new"] == 12
    assert document["provenance"]["requests.new"]["line"] == 7
    assert not HistoricalReport.objects.exists()

    call_command(
        "import-report",
        str(path),
        agency=world.agency_a.code,
        save=True,
        stdout=StringIO(),
        stderr=StringIO(),
    )
    row = HistoricalReport.objects.get()
    assert (row.agency, row.year, row.scope) == (world.agency_a, 2016, "agency")
    assert row.document["figures"]["requests.new"] == 12
    assert "全年共收到政府信息公开申请12件" in row.source_text
    with pytest.raises(CommandError, match="--replace"):
        call_command(
            "import-report",
            str(path),
            agency=world.agency_a.code,
            save=True,
            stdout=StringIO(),
            stderr=StringIO(),
        )
    call_command(
        "import-report",
        str(path),
        agency=world.agency_a.code,
        save=True,
        replace=True,
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert HistoricalReport.objects.count() == 1
    assert AuditEntry.objects.filter(action="history.replace").count() == 1


def test_unreadable_files_are_refused_clearly(tmp_path: Any) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("import-report", str(path), stdout=StringIO(), stderr=StringIO())


def test_upload_review_correct_and_save(world: Any, persona_password: str) -> None:
    client = _persona_client(world.clerk_a, persona_password)
    page = client.post(
        "/staff/history/upload/",
        {
            "agency": world.agency_a.pk,
            "file": SimpleUploadedFile("2016.txt", REPORT, content_type="text/plain"),
        },
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="mark-requests.new"' in body
    assert 'name="figure__requests.new" value="12"' in body
    payload = re.search(r'name="payload" value="([^"]+)"', body)
    assert payload is not None
    form = {
        "payload": payload.group(1),
        "year": "2016",
        "scope": "agency",
        "figure__requests.new": "12",
        "figure__requests.channel.in_person": "8",  # the person corrects a misread figure
        "figure__requests.channel.online": "",  # and drops another
        "add_key": "outcomes.total",
        "add_value": "12",
    }
    saved = client.post("/staff/history/save/", form)
    assert saved.status_code == 302
    row = HistoricalReport.objects.get()
    figures = row.document["figures"]
    assert figures["requests.new"] == 12
    assert figures["requests.channel.in_person"] == 8
    assert "requests.channel.online" not in figures
    assert figures["outcomes.total"] == 12
    assert row.document["provenance"]["requests.channel.in_person"]["corrected_by_staff"] == {
        "from": 7.0,
        "to": 8.0,
    }
    assert client.get(f"/staff/history/{row.pk}/").status_code == 200

    # Saving the same agency and year again asks for confirmation and changes nothing until given.
    again = client.post("/staff/history/save/", form)
    assert again.status_code == 409
    assert "替换" in again.content.decode()
    assert HistoricalReport.objects.get().imported_at == row.imported_at
    replaced = client.post("/staff/history/save/", {**form, "replace": "on", "figure__requests.new": "13"})
    assert replaced.status_code == 302
    assert HistoricalReport.objects.get().document["figures"]["requests.new"] == 13


def test_a_tampered_or_foreign_save_is_refused(world: Any, persona_password: str) -> None:
    clerk_a = _persona_client(world.clerk_a, persona_password)
    page = clerk_a.post(
        "/staff/history/upload/",
        {
            "agency": world.agency_a.pk,
            "file": SimpleUploadedFile("2016.txt", REPORT, content_type="text/plain"),
        },
    ).content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', page)
    assert payload is not None
    tampered = clerk_a.post(
        "/staff/history/save/", {"payload": payload.group(1)[:-3] + "abc", "year": "2016", "scope": "agency"}
    )
    assert tampered.status_code == 302
    assert not HistoricalReport.objects.exists()
    clerk_b = _persona_client(world.clerk_b, persona_password)
    foreign = clerk_b.post(
        "/staff/history/save/", {"payload": payload.group(1), "year": "2016", "scope": "agency"}
    )
    assert foreign.status_code == 404
    assert not HistoricalReport.objects.exists()
    bad = clerk_a.post(
        "/staff/history/upload/",
        {
            "agency": world.agency_a.pk,
            "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4", content_type="application/pdf"),
        },
    )
    assert bad.status_code == 400
    assert "只能导入" in bad.content.decode()


def test_history_is_the_previous_report_for_the_cross_year_check(world: Any, tmp_path: Any) -> None:
    path = tmp_path / "2016.txt"
    path.write_bytes(REPORT)
    call_command(
        "import-report",
        str(path),
        agency=world.agency_a.code,
        save=True,
        stdout=StringIO(),
        stderr=StringIO(),
    )
    previous = previous_document(world.agency_a, 2017, "agency")
    assert previous is not None
    assert previous.figures["requests.new"] == 12
    assert date(2017, 1, 1).year == previous.year + 1
