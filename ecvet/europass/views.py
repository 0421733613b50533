"""The Europass Mobility and recommendation letter screens.

Every view finds the mobility through ``mobility_get`` (someone who may not see it gets 404,
whatever the method): the learner sees their own documents, the mentor those of the learners
they mentor, the host's coordinators those placed with them. Pages that change anything are
the sending school's coordinators' (404 for anyone else) and hand every write to the
services, which have the last word.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ecvet.documents.pdf import pdf_filename, pdf_response
from ecvet.errors import ConcurrentUpdate, DomainError
from ecvet.europass import selectors
from ecvet.europass.content import europass_content
from ecvet.europass.documents import draft_pdf, europass_document, letter_text
from ecvet.europass.documents import letter_pdf as render_letter_pdf
from ecvet.europass.forms import EuropassAmendForm, EuropassForm, EuropassSendForm, LetterForm
from ecvet.europass.models import EuropassMobility, RecommendationLetter
from ecvet.europass.services import europass as services
from ecvet.europass.services import letters as letter_services
from ecvet.forms import add_error
from ecvet.mobilities import selectors as mobility_selectors
from ecvet.mobilities.models import Mobility
from ecvet.multilingual.text import content_languages, document_language
from ecvet.signing import selectors as signing_selectors
from ecvet.signing.documents import DocumentStatus
from ecvet.signing.printing import document_pdf_response
from ecvet.signing.services import content_hash

READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")


# --- finding things (404 for whoever may not see them) ---


def _mobility_or_404(request: HttpRequest, pk: int) -> Mobility:
    try:
        return mobility_selectors.mobility_get(user=request.user, pk=pk)
    except Mobility.DoesNotExist:
        raise Http404 from None


def _document_or_404(mobility: Mobility, number: int) -> EuropassMobility:
    try:
        return selectors.europass_get(mobility=mobility, number=number)
    except EuropassMobility.DoesNotExist:
        raise Http404 from None


def _letter_or_404(mobility: Mobility, number: int) -> RecommendationLetter:
    try:
        return selectors.letter_get(mobility=mobility, number=number)
    except RecommendationLetter.DoesNotExist:
        raise Http404 from None


def _manager_or_404(request: HttpRequest, mobility: Mobility) -> None:
    if not mobility_selectors.mobility_can_manage(user=request.user, mobility=mobility):
        raise Http404


def _methods(request: HttpRequest, allowed: tuple[str, ...]) -> HttpResponse | None:
    if request.method not in allowed:
        return HttpResponseNotAllowed([m for m in allowed if m != "HEAD"])
    return None


def _to_detail(document: EuropassMobility) -> HttpResponse:
    return redirect("europass_detail", pk=document.mobility_id, number=document.number)


# --- the Europass Mobility ---


@login_required
def europass_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the mobility's Europass Mobility and letters at a glance; POST: prepare it."""
    mobility = _mobility_or_404(request, pk)
    if refused := _methods(request, READ_WRITE):
        return refused
    can_manage = mobility_selectors.mobility_can_manage(user=request.user, mobility=mobility)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        try:
            document = services.europass_prepare(actor=request.user, mobility=mobility)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("europass_prepare", pk=mobility.pk)
        messages.success(
            request,
            _(
                "The Europass Mobility %(number)s was prepared from what the system holds. "
                "Add the skill texts, then send it to the host for signature."
            )
            % {"number": document.europass_number},
        )
        return _to_detail(document)
    versions = list(selectors.europass_versions(mobility=mobility))
    return render(
        request,
        "europass/overview.html",
        {
            "mobility": mobility,
            "versions": versions,
            "letters": list(selectors.letters_of(mobility=mobility)),
            "can_manage": can_manage,
            "can_prepare": can_manage
            and not versions
            and services.europass_can_prepare(mobility=mobility),
            "can_write_letter": can_manage and letter_services.letter_can_create(mobility=mobility),
        },
    )


@login_required
def europass_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    document = _document_or_404(mobility, number)
    language = document_language(request)
    # The frozen content and the signature block read the envelope loaded here.
    signing = signing_selectors.document_signing(document, user=request.user)
    versions = list(selectors.europass_versions(mobility=mobility))
    return render(
        request,
        "europass/detail.html",
        {
            "mobility": mobility,
            "document": document,
            "doc": europass_document(document, language),
            "lang": language,
            "doc_languages": content_languages(),
            "envelope": signing.envelope,
            "earlier_envelopes": signing.earlier,
            "versions": versions,
            "amendment": next((v for v in versions if v.amends_id == document.pk), None),
            "is_latest": bool(versions) and versions[0].pk == document.pk,
            "can_manage": mobility_selectors.mobility_can_manage(
                user=request.user, mobility=mobility
            ),
            "amend_form": EuropassAmendForm(),
            "my_slot": signing.my_slot,
        },
    )


@login_required
def europass_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A draft: drawn now and marked "DRAFT"; once sent: the issued copy of its envelope, so
    every download of the same state is the same file and the verify page knows it."""
    mobility = _mobility_or_404(request, pk)
    document = _document_or_404(mobility, number)
    if refused := _methods(request, READ):
        return refused
    language = document_language(request)
    return document_pdf_response(
        document,
        language=language,
        name_parts=[mobility.learner.full_name, "europass-mobility", document.europass_number],
        draft=lambda: draft_pdf(document, language, base_url=request.build_absolute_uri("/")),
    )


def _edit_initial(document: EuropassMobility) -> dict[str, Any]:
    return {
        "revision": document.revision,
        **{name: getattr(document, name) for name in services.EDITABLE_FIELDS},
    }


@login_required
def europass_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The coordinator's texts: objective, programme, and the skill groups of section 5."""
    mobility = _mobility_or_404(request, pk)
    document = _document_or_404(mobility, number)
    _manager_or_404(request, mobility)
    if refused := _methods(request, READ_WRITE):
        return refused
    if document.is_frozen and request.method != "POST":
        messages.error(request, services.EuropassFrozen(document).message)
        return _to_detail(document)
    form = EuropassForm(request.POST or None, initial=_edit_initial(document))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            revision = data.pop("revision")
            try:
                services.europass_update(
                    actor=request.user, document=document, revision=revision, **data
                )
            except services.EuropassFrozen as error:
                messages.error(request, error.message)
                return _to_detail(document)
            except ConcurrentUpdate:
                current = EuropassMobility.objects.get(pk=document.pk)
                form = _conflict(request, current)
                status = 409
            except (DomainError, ValidationError) as error:
                add_error(form, error)
            else:
                messages.success(request, _("The changes were saved."))
                return _to_detail(document)
    return render(
        request,
        "europass/edit.html",
        {"mobility": mobility, "document": document, "form": form},
        status=status,
    )


def _conflict(request: HttpRequest, current: EuropassMobility) -> EuropassForm:
    """The form with what the user typed, at the revision saved meanwhile."""
    data = request.POST.copy()
    data["revision"] = str(current.revision)
    rebound = EuropassForm(data)
    rebound.is_valid()
    rebound.add_error(
        None,
        _(
            "Someone else saved this Europass Mobility while you were editing it. Nothing you "
            "typed is lost: it is below. Check it and save again to replace what they saved."
        ),
    )
    return rebound


def _send_initial(document: EuropassMobility, mobility: Mobility) -> dict[str, Any]:
    return {
        "signer": mobility.mentor_id,
        "revision": document.revision,
        "seen_hash": content_hash(europass_content(document)),
    }


@login_required
def europass_send(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Review the document, choose who signs for the host, and send it for signature."""
    mobility = _mobility_or_404(request, pk)
    document = _document_or_404(mobility, number)
    _manager_or_404(request, mobility)
    if refused := _methods(request, READ_WRITE):
        return refused
    if document.status != DocumentStatus.DRAFT and request.method != "POST":
        messages.info(
            request,
            _("This version is “%(status)s”: only a draft is sent for signature.")
            % {"status": document.get_status_display()},
        )
        return _to_detail(document)
    signers = services.signer_candidates(mobility=mobility)
    form = EuropassSendForm(
        request.POST or None, signers=signers, initial=_send_initial(document, mobility)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.europass_send(
                    actor=request.user,
                    document=document,
                    signer=form.cleaned_data["signer"],
                    revision=form.cleaned_data["revision"],
                    seen_hash=form.cleaned_data["seen_hash"],
                )
            except ConcurrentUpdate:
                mobility = _mobility_or_404(request, pk)
                document = _document_or_404(mobility, number)
                status = 409
                messages.error(
                    request,
                    _(
                        "Someone changed the Europass Mobility or what it is drawn from after "
                        "you opened this page, so nothing was sent. Read it below again and "
                        "confirm."
                    ),
                )
                form = EuropassSendForm(
                    signers=signers,
                    initial={
                        **_send_initial(document, mobility),
                        "signer": form.cleaned_data["signer"].pk,
                    },
                )
            except (DomainError, ValidationError) as error:
                add_error(form, error)
            else:
                messages.success(
                    request,
                    _("The Europass Mobility was sent to the host for signature."),
                )
                return _to_detail(document)
    language = document_language(request)
    return render(
        request,
        "europass/send.html",
        {
            "mobility": mobility,
            "document": document,
            "doc": europass_document(document, language),
            "lang": language,
            "form": form,
        },
        status=status,
    )


@login_required
def europass_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a re-issue of the signed Europass Mobility and open its draft."""
    mobility = _mobility_or_404(request, pk)
    _manager_or_404(request, mobility)
    if refused := _methods(request, READ_WRITE):
        return refused
    latest = selectors.europass_latest(mobility=mobility)
    if latest is None:
        raise Http404
    form = EuropassAmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.europass_amend(
                actor=request.user, mobility=mobility, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Re-issue started: check version %(number)s, then send it for signature.")
                % {"number": amendment.number},
            )
            return _to_detail(amendment)
    return render(
        request,
        "europass/amend.html",
        {"mobility": mobility, "document": latest, "form": form},
        status=400 if form.is_bound else 200,
    )


# --- recommendation letters ---


@login_required
def letter_new(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    _manager_or_404(request, mobility)
    if refused := _methods(request, READ_WRITE):
        return refused
    form = LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = letter_services.letter_create(
                actor=request.user, mobility=mobility, **form.cleaned_data
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                _("Recommendation letter %(number)s was written.") % {"number": letter.number},
            )
            return redirect("letter_detail", pk=mobility.pk, number=letter.number)
    return render(
        request,
        "europass/letter_new.html",
        {
            "mobility": mobility,
            "form": form,
            "can_write": letter_services.letter_can_create(mobility=mobility),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def letter_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    letter = _letter_or_404(mobility, number)
    if refused := _methods(request, READ):
        return refused
    language = document_language(request)
    return render(
        request,
        "europass/letter_detail.html",
        {
            "mobility": mobility,
            "letter": letter,
            "text": letter_text(letter, language),
            "lang": language,
            "doc_languages": content_languages(),
        },
    )


@login_required
def letter_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    letter = _letter_or_404(mobility, number)
    if refused := _methods(request, READ):
        return refused
    language = document_language(request)
    data = render_letter_pdf(letter, language, base_url=request.build_absolute_uri("/"))
    name = pdf_filename(mobility.learner.full_name, "recommendation", letter.number, language)
    return pdf_response(data, filename=name)
