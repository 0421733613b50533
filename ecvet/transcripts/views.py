"""The transcript of records' screens: the document in English or Latvian with its signature,
its PDF, preparing the draft, sending it for the host's signature, and starting an amendment.

Every view finds the mobility through ``mobility_get`` (someone who may not see it gets 404
whatever the method): the learner sees their own transcript, the mentor those of the learners
they mentor, the sending school's and the host's staff those of their mobilities. The pages
that change it are the host side's (the mentor and the host's coordinators; 404 for anyone
else) and hand every write to ``services``, which has the last word.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ecvet.errors import ConcurrentUpdate, DomainError
from ecvet.mobilities.models import Mobility
from ecvet.mobilities.selectors import agreement_in_force, mobility_get
from ecvet.multilingual.text import content_languages, document_language
from ecvet.signing import selectors as signing_selectors
from ecvet.signing.printing import document_pdf_response
from ecvet.signing.services import content_hash
from ecvet.transcripts import selectors, services
from ecvet.transcripts.content import transcript_content
from ecvet.transcripts.documents import draft_pdf, transcript_document
from ecvet.transcripts.forms import TranscriptAmendForm, TranscriptSendForm
from ecvet.transcripts.models import Transcript, TranscriptStatus

READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")


def _mobility_or_404(request: HttpRequest, pk: int) -> Mobility:
    try:
        return mobility_get(user=request.user, pk=pk)
    except Mobility.DoesNotExist:
        raise Http404 from None


def _transcript_or_404(mobility: Mobility, number: int) -> Transcript:
    try:
        transcript = selectors.transcripts(mobility=mobility).get(number=number)
    except Transcript.DoesNotExist:
        raise Http404 from None
    transcript.mobility = mobility  # already loaded with the learner and the parties
    return transcript


def _issuer_or_404(request: HttpRequest, mobility: Mobility) -> None:
    if not selectors.transcript_can_issue(user=request.user, mobility=mobility):
        raise Http404


def _methods(request: HttpRequest, allowed: tuple[str, ...]) -> HttpResponse | None:
    if request.method not in allowed:
        return HttpResponseNotAllowed([m for m in allowed if m != "HEAD"])
    return None


def _to_detail(transcript: Transcript) -> HttpResponse:
    return redirect("transcript_detail", pk=transcript.mobility_id, number=transcript.number)


# --- the document ---


def _detail_context(
    request: HttpRequest,
    mobility: Mobility,
    transcript: Transcript,
    *,
    amend_form: TranscriptAmendForm | None = None,
) -> dict[str, Any]:
    language = document_language(request)
    # The frozen content and the signature block read the envelope loaded here.
    signing = signing_selectors.document_signing(transcript, user=request.user)
    versions = list(selectors.transcripts(mobility=mobility))
    is_latest = bool(versions) and versions[0].pk == transcript.pk
    can_issue = selectors.transcript_can_issue(user=request.user, mobility=mobility)
    doc = transcript_document(transcript_content(transcript), language)
    outdated = (
        transcript.status == TranscriptStatus.SIGNED
        and is_latest
        and selectors.transcript_outdated(transcript)
    )
    return {
        "mobility": mobility,
        "transcript": transcript,
        "doc": doc,
        "lang": language,
        # Not "languages": base.html sets that name for its language switcher.
        "doc_languages": content_languages(),
        "envelope": signing.envelope,
        "earlier_envelopes": signing.earlier,
        "versions": versions,
        "amendment": next((v for v in versions if v.amends_id == transcript.pk), None),
        "is_latest": is_latest,
        "can_issue": can_issue,
        # The signature block's paper signature and withdraw buttons are the issuer's.
        "can_manage": can_issue,
        "outdated": outdated,
        "amend_form": amend_form or TranscriptAmendForm(),
        "my_slot": signing.my_slot,
    }


@login_required
def transcript_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    transcript = _transcript_or_404(mobility, number)
    if refused := _methods(request, READ):
        return refused
    return render(
        request,
        "transcripts/transcript_detail.html",
        _detail_context(request, mobility, transcript),
    )


@login_required
def transcript_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A draft: drawn now and marked "DRAFT"; once sent: the issued copy of its envelope, so
    every download of the same state is the same file and the verify page knows it."""
    mobility = _mobility_or_404(request, pk)
    transcript = _transcript_or_404(mobility, number)
    if refused := _methods(request, READ):
        return refused
    language = document_language(request)
    return document_pdf_response(
        transcript,
        language=language,
        name_parts=[mobility.learner.full_name, "transcript-of-records", f"v{transcript.number}"],
        draft=lambda: draft_pdf(transcript, language, base_url=request.build_absolute_uri("/")),
    )


# --- preparing, sending, amending (the host side) ---


@login_required
def transcript_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the mobility's transcript (its latest version), or a page saying there is none
    yet. POST (the host side): prepare the draft from the assessments."""
    mobility = _mobility_or_404(request, pk)
    if refused := _methods(request, READ_WRITE):
        return refused
    current = selectors.transcript_current(mobility=mobility)
    can_issue = selectors.transcript_can_issue(user=request.user, mobility=mobility)
    if request.method == "POST":
        if not can_issue:
            raise Http404
        try:
            transcript = services.transcript_prepare(actor=request.user, mobility=mobility)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("transcript_prepare", pk=mobility.pk)
        if current is None:
            messages.success(
                request,
                _(
                    "The transcript was drawn from the assessments. Check it, then send it "
                    "for signature."
                ),
            )
        return _to_detail(transcript)
    if current is not None:
        return _to_detail(current)
    return render(
        request,
        "transcripts/transcript_none.html",
        {
            "mobility": mobility,
            "can_issue": can_issue,
            "issuing": mobility.status in services.ISSUING_STATUSES,
            "has_agreement": agreement_in_force(mobility=mobility) is not None,
        },
    )


def _send_initial(transcript: Transcript, mobility: Mobility) -> dict[str, object]:
    return {
        "signer": mobility.mentor_id,
        "revision": transcript.revision,
        "seen_hash": content_hash(transcript_content(transcript)),
    }


@login_required
def transcript_send(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Review the transcript, choose who signs for the host, and send it for signature."""
    mobility = _mobility_or_404(request, pk)
    transcript = _transcript_or_404(mobility, number)
    _issuer_or_404(request, mobility)
    if refused := _methods(request, READ_WRITE):
        return refused
    if transcript.status != TranscriptStatus.DRAFT and request.method != "POST":
        messages.info(
            request,
            _("This version is “%(status)s”: only a draft is sent for signature.")
            % {"status": transcript.get_status_display()},
        )
        return _to_detail(transcript)
    signers = selectors.signer_candidates(mobility=mobility)
    form = TranscriptSendForm(
        request.POST or None, signers=signers, initial=_send_initial(transcript, mobility)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.transcript_send(
                    actor=request.user,
                    transcript=transcript,
                    signer=form.cleaned_data["signer"],
                    revision=form.cleaned_data["revision"],
                    seen_hash=form.cleaned_data["seen_hash"],
                )
            except ConcurrentUpdate:
                # Show the transcript as it is now: the sender confirms what they have read.
                transcript = _transcript_or_404(mobility, number)
                status = 409
                messages.error(
                    request,
                    _(
                        "The results or the transcript changed after you opened this page, so "
                        "nothing was sent. Read the transcript below again and confirm."
                    ),
                )
                chosen = form.cleaned_data["signer"]
                form = TranscriptSendForm(
                    signers=signers,
                    initial={**_send_initial(transcript, mobility), "signer": chosen.pk},
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("The transcript was sent for signature; %(name)s was asked to sign it.")
                    % {"name": form.cleaned_data["signer"].display_name},
                )
                return _to_detail(transcript)
    language = document_language(request)
    doc = transcript_document(transcript_content(transcript), language)
    return render(
        request,
        "transcripts/transcript_send.html",
        {
            "mobility": mobility,
            "transcript": transcript,
            "doc": doc,
            "lang": language,
            "form": form,
            "is_draft": transcript.status == TranscriptStatus.DRAFT,
        },
        status=status,
    )


@login_required
def transcript_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Start an amendment of the signed transcript (POST, from its page) and open its draft."""
    mobility = _mobility_or_404(request, pk)
    _issuer_or_404(request, mobility)
    if refused := _methods(request, ("POST",)):
        return refused
    latest = selectors.transcript_current(mobility=mobility)
    if latest is None:
        raise Http404
    form = TranscriptAmendForm(request.POST)
    if form.is_valid():
        try:
            amendment = services.transcript_amend(
                actor=request.user, mobility=mobility, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Amendment started: version %(number)s is drawn from the assessments as they "
                    "are now. Check it and send it for signature."
                )
                % {"number": amendment.number},
            )
            return _to_detail(amendment)
    if latest.status != TranscriptStatus.SIGNED:
        # No amendment form on this version's page: say why in a message instead.
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return _to_detail(latest)
    latest.mobility = mobility
    return render(
        request,
        "transcripts/transcript_detail.html",
        _detail_context(request, mobility, latest, amend_form=form),
        status=400,
    )
