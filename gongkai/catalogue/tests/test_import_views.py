"""Bulk import pages: who may import where, the upload, the progress endpoint driving the job, the
row errors, 正式导入 after a clean dry run, and the downloads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.catalogue.models import ImportJob, Item
from gongkai.catalogue.tests.test_bulk_import import HEADER, csv_bytes, good_rows
from gongkai.catalogue.workflow import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(date(2026, 3, 20), tick=False):
        yield


INDEX = reverse("catalogue_import:index")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, agency: Any, data: bytes, *, mode: str = "dry_run", publish: bool = True) -> Any:
    form: dict[str, Any] = {"agency": agency.pk, "file": SimpleUploadedFile("目录.csv", data), "mode": mode}
    if publish:
        form["publish"] = "on"
    return client.post(INDEX, form)


def _drive(client: Client, job: ImportJob) -> dict[str, Any]:
    url = reverse("catalogue_import:step", args=[job.pk])
    for _ in range(50):
        response = client.post(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        progress: dict[str, Any] = json.loads(response.content)
        if progress["done"]:
            return progress
    raise AssertionError("job did not finish")


def test_anonymous_visitors_are_sent_to_login(world: Any) -> None:
    response = Client().get(INDEX)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_only_people_who_draft_items_may_import(world: Any) -> None:
    assert _client(world.reviewer_a).get(INDEX).status_code == 404
    assert _client(world.city_supervisor).get(INDEX).status_code == 404
    page = _client(world.clerk_b).get(INDEX)
    assert page.status_code == 200
    choices = list(page.context["form"].fields["agency"].queryset)
    assert choices == [world.agency_b]


def test_clerk_b_cannot_import_into_agency_a(world: Any) -> None:
    response = _upload(_client(world.clerk_b), world.agency_a, csv_bytes(good_rows()))
    assert response.status_code == 400
    assert "agency" in response.context["form"].errors
    assert ImportJob.objects.count() == 0


def test_jobs_of_other_agencies_are_hidden(world: Any) -> None:
    _upload(_client(world.clerk_a), world.agency_a, csv_bytes(good_rows()))
    job = ImportJob.objects.get()
    other = _client(world.clerk_b)
    for name in ("detail", "progress", "errors_csv"):
        assert other.get(reverse(f"catalogue_import:{name}", args=[job.pk])).status_code == 404
    assert other.post(reverse("catalogue_import:step", args=[job.pk])).status_code == 404
    assert other.post(reverse("catalogue_import:confirm", args=[job.pk])).status_code == 404
    assert ImportJob.objects.get().processed == 0
    assert job.filename not in other.get(INDEX).content.decode()


def test_dry_run_progress_then_confirm_publishes(world: Any) -> None:
    client = _client(world.clerk_a)
    response = _upload(client, world.agency_a, csv_bytes(good_rows()))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue_import:detail", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert '<progress id="import-bar" max="2" value="0">' in page
    assert "catalogue/import-progress.js" in page
    assert "data-import-step" in page

    progress = json.loads(client.get(reverse("catalogue_import:progress", args=[job.pk])).content)
    assert (progress["processed"], progress["total"], progress["done"]) == (0, 2, False)
    progress = _drive(client, job)
    assert (progress["processed"], progress["percent"], progress["created"], progress["errors"]) == (
        2,
        100,
        2,
        0,
    )
    assert Item.objects.count() == 0

    page = client.get(reverse("catalogue_import:detail", args=[job.pk])).content.decode()
    assert "试导入没有发现错误" in page
    assert "data-import-step" not in page  # nothing left to drive
    response = client.post(reverse("catalogue_import:confirm", args=[job.pk]))
    real = ImportJob.objects.latest("pk")
    assert real.pk != job.pk
    assert not real.dry_run
    assert response["Location"] == reverse("catalogue_import:detail", args=[real.pk])
    _drive(client, real)
    assert set(Item.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert "导入完成：新增 2 条" in client.get(response["Location"]).content.decode()


def test_row_errors_are_listed_and_block_confirmation(world: Any) -> None:
    client = _client(world.clerk_a)
    bad = ["", "CMS-3", "日期错误的信息", "2021-02-30", "2021-03-01", "", "1", "", "", "", "", ""]
    _upload(client, world.agency_a, csv_bytes([*good_rows(), bad]))
    job = ImportJob.objects.get()
    # Without script: the button posts a normal form and comes back to the page.
    response = client.post(reverse("catalogue_import:step", args=[job.pk]))
    assert response.status_code == 302
    page = client.get(reverse("catalogue_import:detail", args=[job.pk])).content.decode()
    assert "试导入发现 1 行有错误" in page
    assert "<td>4</td><td>生成日期</td>" in page
    assert reverse("catalogue_import:confirm", args=[job.pk]) not in page
    client.post(reverse("catalogue_import:confirm", args=[job.pk]))
    assert ImportJob.objects.count() == 1
    download = client.get(reverse("catalogue_import:errors_csv", args=[job.pk]))
    text = download.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "行号,列,类型,说明"
    assert "4,生成日期,错误," in text
    assert "filename*=UTF-8''" in download["Content-Disposition"]


def test_a_bad_file_shows_the_reason_on_the_form(world: Any) -> None:
    response = _upload(_client(world.clerk_a), world.agency_a, "标题\n甲\n".encode())
    assert response.status_code == 400
    assert "缺少必填列" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_template_download(world: Any) -> None:
    response = _client(world.clerk_a).get(reverse("catalogue_import:template"))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert {"*名称", "*生成日期", "*公开类别", "索引号", "原系统编号"} <= set(header)
    assert set(HEADER) <= {h.lstrip("*") for h in header}
    assert "attachment" in response["Content-Disposition"]
