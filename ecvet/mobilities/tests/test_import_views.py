"""The import screens: upload, preview with every problem, confirm; nothing before that."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from ecvet.audit.models import AuditEvent
from ecvet.mobilities.learner_import import pending_save, template_headers
from ecvet.mobilities.models import Learner
from ecvet.mobilities.tests.factories import (
    LearnerFactory,
    learner_rows,
    learners_csv,
    learners_xlsx,
)

pytestmark = pytest.mark.django_db


def _upload(client, school, content: bytes, name: str = "learners.csv"):
    return client.post(
        reverse("learner_import"),
        {"school": school.pk, "file": SimpleUploadedFile(name, content)},
    )


def _pending_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return list(folder.glob("*.bin")) if folder.is_dir() else []


def test_the_upload_page_offers_the_users_schools_and_the_template(cast, login):
    response = login(cast.coordinator).get(reverse("learner_import"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Sending VET school" in text
    assert "Unrelated school" not in text
    assert reverse("learner_import_template") in text


def test_upload_preview_confirm_imports_every_learner_and_cleans_up(cast, login):
    client = login(cast.coordinator)

    uploaded = _upload(client, cast.sending, learners_csv(3))

    assert uploaded.status_code == 302
    assert not Learner.objects.exists()
    preview = client.get(uploaded.url)
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "Bērziņa2" in text
    assert "Import 3 learners" in text
    assert len(_pending_files()) == 1

    confirmed = client.post(uploaded.url)

    assert confirmed.status_code == 302
    assert confirmed.url == reverse("learner_list")
    assert Learner.objects.filter(school=cast.sending).count() == 3
    assert AuditEvent.objects.filter(action="learners.imported").count() == 1
    assert _pending_files() == []
    # The token is used up: confirming again is a 404, not a second import.
    assert client.post(uploaded.url).status_code == 404
    assert Learner.objects.count() == 3


def test_a_500_row_file_with_a_bad_date_in_row_217_shows_row_217_and_imports_nothing(cast, login):
    client = login(cast.coordinator)

    response = _upload(client, cast.sending, learners_csv(500, bad={217: "31.02.2008"}))

    text = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported: the file has 1 problem." in text
    assert "Row 217, Date of birth: “31.02.2008” is not a date." in text
    assert 'data-row="217" class="table-danger"' in text
    assert "data-confirm-import" not in text
    assert not Learner.objects.exists()
    assert _pending_files() == []


def test_a_500_row_workbook_is_previewed_and_imported(cast, login):
    client = login(cast.teacher)

    uploaded = _upload(client, cast.sending, learners_xlsx(500), "learners.xlsx")
    confirmed = client.post(uploaded.url)

    assert confirmed.status_code == 302
    assert Learner.objects.filter(school=cast.sending).count() == 500


def test_a_learner_added_between_preview_and_confirm_stops_the_whole_import(cast, login):
    client = login(cast.coordinator)
    uploaded = _upload(client, cast.sending, learners_csv(3))
    parsed_first = client.get(uploaded.url)
    assert parsed_first.status_code == 200
    first_name, last_name, born, *_rest = learner_rows(3)[1]  # row 3 of the file
    LearnerFactory.create(
        school=cast.sending, first_name=first_name, last_name=last_name, date_of_birth=born
    )

    response = client.post(uploaded.url)

    text = response.content.decode()
    assert response.status_code == 400
    assert "Row 3: The school already has Anna1 Bērziņa1" in text
    assert 'data-row="3" class="table-danger"' in text
    assert Learner.objects.count() == 1


def test_latvian_headers_and_dates_in_latvian_are_previewed(cast, login):
    content = "Vārds;Uzvārds;Dzimšanas datums;Grupa\nLīga;Ozola;01.02.2006;GA-2\n".encode()
    client = login(cast.coordinator)

    with translation.override("lv"):
        uploaded = _upload(client, cast.sending, content)
    preview = client.get(uploaded.url).content.decode()

    assert "Ozola" in preview
    client.post(uploaded.url)
    assert Learner.objects.get().group == "GA-2"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("learners.pdf", b"%PDF-1.7", "Upload an Excel workbook (.xlsx) or a CSV file (.csv)."),
        ("learners.xls", b"\xd0\xcf\x11\xe0", "This is an old Excel file (.xls)."),
        ("learners.csv", "Vārds\n".encode("cp1257"), "nor CSV text in UTF-8"),
        ("learners.csv", b"", "The submitted file is empty."),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_with_a_clear_message(
    cast, login, name, content, message
):
    response = _upload(login(cast.coordinator), cast.sending, content, name)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert _pending_files() == []


def test_a_file_larger_than_5_mb_is_refused(cast, login):
    content = b"x" * (5 * 1024 * 1024 + 1)

    response = _upload(login(cast.coordinator), cast.sending, content)

    assert response.status_code == 400
    assert "The file is larger than 5 MB." in response.content.decode()


def test_the_template_has_the_headers_in_the_users_language_and_reads_back(cast, login):
    client = login(cast.coordinator)

    response = client.get(reverse("learner_import_template"))
    semicolon = client.get(reverse("learner_import_template"), {"delimiter": "semicolon"})

    content = response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert content.decode("utf-8").startswith("\ufeffFirst name,Surname,Date of birth,")
    assert semicolon.content.decode("utf-8").startswith("\ufeffFirst name;Surname;")
    # Filled in, the template imports as it is.
    filled = content + "Anna,Bērziņa,17.05.2005\r\n".encode()
    uploaded = _upload(client, cast.sending, filled)
    assert uploaded.status_code == 302


def test_the_template_is_in_latvian_for_a_latvian_reader(cast, login):
    client = login(cast.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lv"

    with translation.override("lv"):
        expected = ",".join(template_headers())
    response = client.get(reverse("learner_import_template"))

    assert response.content.decode("utf-8").removeprefix("\ufeff").startswith(expected)


def test_another_sessions_token_is_404(cast, login):
    token = pending_save(learners_csv(2))

    for who in (cast.coordinator, cast.outsider):
        client = login(who)
        url = reverse("learner_import_confirm", args=[token])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert not Learner.objects.exists()


def test_an_outsider_cannot_import_into_another_school(cast, login):
    response = _upload(login(cast.outsider), cast.sending, learners_csv(2))

    assert response.status_code == 400  # the school is not one of the choices
    assert not Learner.objects.exists()


@pytest.mark.parametrize("url_name", ["learner_import", "learner_import_template"])
def test_learner_accounts_and_mentors_get_404_on_the_import(cast, login, url_name):
    for who in (cast.learner, cast.mentor):
        assert login(who).get(reverse(url_name)).status_code == 404


def test_a_coordinator_who_lost_the_school_cannot_confirm(cast, login):
    client = login(cast.teacher)
    uploaded = _upload(client, cast.sending, learners_csv(2))
    cast.teacher.memberships.all().delete()

    assert client.post(uploaded.url).status_code == 404
    assert not Learner.objects.exists()
