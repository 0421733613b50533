from __future__ import annotations

import logging
import socket
import urllib.request
from pathlib import Path
from typing import cast

import pytest
import time_machine
from django.conf import settings
from pypdf.generic import ArrayObject, DictionaryObject

from ecvet.documents.pdf import (
    LocalStaticFetcher,
    pdf_filename,
    pdf_response,
    render_pdf,
    static_file,
)
from ecvet.documents.tests.reading import pdf_reader, pdf_text

BASE_URL = "http://testserver/"
A4_SHORT, A4_LONG = 595.28, 841.89  # points


@pytest.fixture
def template_dir(settings, tmp_path: Path) -> Path:
    """A folder of templates for this test only, looked up before the project's."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    return tmp_path


def document(template_dir: Path, body: str, styles: str = "", name: str = "doc.html") -> str:
    """A document template (each name once: loaded templates are cached)."""
    (template_dir / name).write_text(
        '{% extends "documents/pdf_base.html" %}'
        "{% block title %}Mācīšanās līgums{% endblock %}"
        f"{{% block styles %}}{styles}{{% endblock %}}"
        f"{{% block content %}}{body}{{% endblock %}}",
        encoding="utf-8",
    )
    return name


def test_a_pdf_carries_its_title_language_author_and_creation_date(template_dir):
    name = document(template_dir, "<p>Saturs</p>")
    with time_machine.travel("2025-03-04 10:00:00+02:00", tick=False):
        content = render_pdf(template_name=name, context={}, language="lv", base_url=BASE_URL)
    reader = pdf_reader(content)
    assert content.startswith(b"%PDF-")
    assert reader.metadata is not None
    assert reader.metadata.title == "Mācīšanās līgums"
    assert reader.metadata.author == settings.SITE_NAME
    assert str(reader.metadata["/CreationDate"]).startswith("D:20250304")
    assert reader.root_object["/Lang"] == "lv"


def test_every_page_has_the_generated_date_and_its_number_in_the_footer(template_dir):
    name = document(template_dir, "".join(f"<p>Rinda {n}</p>" for n in range(150)))
    with time_machine.travel("2025-03-04 10:00:00+02:00", tick=False):
        content = render_pdf(template_name=name, context={}, language="en", base_url=BASE_URL)
    pages = pdf_reader(content).pages
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {len(pages)}" in text
        assert "Generated on March 4, 2025" in text


def test_the_footer_follows_the_document_language_not_the_readers(template_dir):
    name = document(template_dir, "<p>Saturs</p>")
    with time_machine.travel("2025-03-04 10:00:00+02:00", tick=False):
        content = render_pdf(template_name=name, context={}, language="lv", base_url=BASE_URL)
    assert "2025. gada 4. marts" in pdf_text(content)


def test_latvian_letters_are_drawn_with_an_embedded_dejavu_font(template_dir):
    letters = "āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ"
    name = document(template_dir, f"<p>Ģērsavienojumi: {letters}</p>")
    content = render_pdf(template_name=name, context={}, language="lv", base_url=BASE_URL)
    page = pdf_reader(content).pages[0]
    resources = cast(DictionaryObject, page["/Resources"].get_object())
    fonts = [
        cast(DictionaryObject, font.get_object())
        for font in cast(DictionaryObject, resources["/Font"].get_object()).values()
    ]
    assert fonts
    for font in fonts:
        assert "DejaVu" in str(font["/BaseFont"])
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:  # a composite font: the descriptor is its descendant's
            descendant = cast(ArrayObject, font["/DescendantFonts"].get_object())[0]
            descriptor = cast(DictionaryObject, descendant.get_object())["/FontDescriptor"]
        embedded = cast(DictionaryObject, descriptor.get_object())
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(embedded)
    assert letters in pdf_text(content)


def test_a_document_sets_its_own_page_size(template_dir):
    portrait = document(template_dir, "<p>A</p>")
    page = pdf_reader(
        render_pdf(template_name=portrait, context={}, language="en", base_url=BASE_URL)
    ).pages[0]
    assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == (
        A4_SHORT,
        A4_LONG,
    )
    landscape = document(
        template_dir, "<p>A</p>", "<style>@page { size: A4 landscape }</style>", "wide.html"
    )
    page = pdf_reader(
        render_pdf(template_name=landscape, context={}, language="en", base_url=BASE_URL)
    ).pages[0]
    assert round(float(page.mediabox.width), 2) == A4_LONG


def test_a_url_outside_our_static_files_is_never_fetched(template_dir, monkeypatch, caplog):
    attempts: list[object] = []

    def no_network(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("the PDF renderer tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    name = document(
        template_dir,
        '<p>Teksts</p><img src="https://tracker.example/pixel.png">'
        '<img src="file:///etc/passwd">'
        '<img src="/static/../../config/settings.py">',
        '<link rel="stylesheet" href="http://cdn.example/evil.css">'
        "<style>@import url('https://fonts.example/f.css');</style>",
    )
    with caplog.at_level(logging.WARNING, logger="ecvet.documents.pdf"):
        content = render_pdf(template_name=name, context={}, language="en", base_url=BASE_URL)
    assert "Teksts" in pdf_text(content)
    assert attempts == []
    refused = " ".join(record.getMessage() for record in caplog.records)
    for url in (
        "https://tracker.example/pixel.png",
        "file:///etc/passwd",
        "http://cdn.example/evil.css",
        "https://fonts.example/f.css",
    ):
        assert url in refused


def test_our_own_static_files_are_read_from_disk():
    css = static_file(f"{BASE_URL}static/documents/pdf.css", base_url=BASE_URL)
    assert css is not None
    assert css.name == "pdf.css"
    assert css.read_text(encoding="utf-8").startswith("/*")
    response = LocalStaticFetcher(base_url=BASE_URL).fetch(f"{BASE_URL}static/documents/pdf.css")
    assert response.content_type == "text/css"
    assert b"DejaVu Sans" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "http://elsewhere.example/static/documents/pdf.css",
        f"{BASE_URL}static/../config/settings.py",
        f"{BASE_URL}static/%2e%2e/config/settings.py",
        f"{BASE_URL}static/no-such-file.css",
        f"{BASE_URL}media/upload.png",
        "file:///etc/passwd",
    ],
)
def test_anything_else_is_refused(url):
    assert static_file(url, base_url=BASE_URL) is None
    with pytest.raises(ValueError, match="not one of our static files"):
        LocalStaticFetcher(base_url=BASE_URL).fetch(url)


def test_a_data_url_is_allowed_because_it_fetches_nothing():
    response = LocalStaticFetcher(base_url=BASE_URL).fetch("data:text/plain;base64,SGVsbG8=")
    assert response.read() == b"Hello"


def test_filenames_are_ascii_slugs_and_the_pdf_opens_in_the_browser():
    filename = pdf_filename("Ģērsavienojumi un fiksējošie savienojumi", "v2", "lv")
    assert filename == "gersavienojumi-un-fiksejosie-savienojumi-v2-lv.pdf"
    assert pdf_filename("", "") == "document.pdf"
    response = pdf_response(b"%PDF-1.7", filename=filename)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{filename}"'
    download = pdf_response(b"%PDF-1.7", filename=filename, inline=False)
    assert download["Content-Disposition"].startswith("attachment;")
