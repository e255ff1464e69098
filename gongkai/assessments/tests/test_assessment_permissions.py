"""Only those who supervise a scheme's root see or change it: the city's supervisor does, a district
supervisor does not (404, as if it did not exist) and clerks see no assessment at all."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from gongkai.assessments import services
from gongkai.assessments.models import Scheme
from gongkai.assessments.scoring import Kind
from gongkai.assessments.tests.conftest import inspection
from gongkai.core.errors import NotAllowed

pytestmark = pytest.mark.django_db


def _urls(scheme: Scheme) -> list[str]:
    indicator = inspection(scheme)
    base = f"/staff/assessments/{scheme.pk}/"
    return [base, f"{base}scheme/", f"{base}indicators/{indicator.pk}/scores/", f"{base}notice.docx"]


def _posts(scheme: Scheme) -> list[tuple[str, dict[str, str]]]:
    indicator = inspection(scheme)
    base = f"/staff/assessments/{scheme.pk}/"
    return [
        (f"{base}scheme/save", {"threshold": "90", "direct_only": "on"}),
        (f"{base}indicators/add", {"new-name": "偷加", "new-kind": "manual", "new-weight": "5"}),
        (f"{base}indicators/{indicator.pk}/remove", {}),
        (f"{base}indicators/{indicator.pk}/scores/", {}),
        (f"{base}publish", {}),
    ]


def test_the_city_supervisor_sees_the_citys_scheme(world: Any, scheme: Scheme, client: Client) -> None:
    client.force_login(world.city_supervisor)
    for url in _urls(scheme):
        assert client.get(url).status_code == 200, url
    assert scheme.display_title in client.get("/staff/assessments/").content.decode()


def test_a_district_supervisor_can_neither_see_nor_edit_the_citys_scheme(
    world: Any, scheme: Scheme, client: Client
) -> None:
    client.force_login(world.district_supervisor)
    index = client.get("/staff/assessments/")
    assert index.status_code == 200  # the district's own assessments live here
    assert scheme.display_title not in index.content.decode()
    for url in _urls(scheme):
        assert client.get(url).status_code == 404, url
    for url, data in _posts(scheme):
        assert client.post(url, data).status_code == 404, url
    fresh = Scheme.objects.get(pk=scheme.pk)
    assert fresh.status == "draft"
    assert fresh.threshold == Decimal(60)
    assert fresh.indicators.count() == 3
    assert inspection(fresh).manual_scores.count() == 3
    with pytest.raises(NotAllowed):
        services.indicator_add(
            actor=world.district_supervisor,
            scheme=scheme,
            name="偷加",
            kind=Kind.MANUAL,
            weight=Decimal(5),
            params={},
        )
    with pytest.raises(NotAllowed):
        services.scheme_publish(actor=world.district_supervisor, scheme=scheme)
    with pytest.raises(NotAllowed):
        services.scheme_create(actor=world.district_supervisor, root=world.city, year=2024)


def test_a_district_supervisor_runs_the_districts_own_assessment(world: Any, client: Client) -> None:
    client.force_login(world.district_supervisor)
    response = client.post("/staff/assessments/new", {"root": world.district.pk, "year": 2025})
    scheme = Scheme.objects.get(root=world.district, year=2025)
    assert response.status_code == 302
    page = client.get(f"/staff/assessments/{scheme.pk}/").content.decode()
    assert "东湖区教育局" in page
    assert "东湖区湖滨街道办事处" in page
    assert "明湖市教育局" not in page
    # The city is not among the roots a district supervisor may pick.
    client.post("/staff/assessments/new", {"root": world.city.pk, "year": 2025})
    assert not Scheme.objects.filter(root=world.city).exists()


def test_clerks_see_no_assessment(world: Any, scheme: Scheme, client: Client) -> None:
    for clerk in (world.clerk_a, world.district_clerk, world.head_a, world.reviewer_a):
        client.force_login(clerk)
        assert client.get("/staff/assessments/").status_code == 404
        for url in _urls(scheme):
            assert client.get(url).status_code == 404, (clerk, url)
        for url, data in _posts(scheme):
            assert client.post(url, data).status_code == 404, (clerk, url)
        with pytest.raises(NotAllowed):
            services.manual_scores_save(
                actor=clerk,
                indicator=inspection(scheme),
                entries=[services.ManualEntry(agency_id=world.agency_a.pk, score=Decimal(20))],
            )
    assert Scheme.objects.get(pk=scheme.pk).status == "draft"


def test_anonymous_visitors_are_sent_to_log_in(scheme: Scheme, client: Client) -> None:
    response = client.get(f"/staff/assessments/{scheme.pk}/")
    assert response.status_code == 302
    assert "login" in response["Location"]
