"""Screens of the signing mechanism, for every kind of document: the envelope, signing,
declining, recording a paper signature, withdrawing, the issued PDF, a person's waiting
signatures, and the public verify pages.

Every signed-in screen finds its envelope through ``selectors.envelope_get`` (someone who may
not see the document gets 404, whatever the method); the services decide who may do what and
say why not.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecvet.documents.pdf import pdf_filename, pdf_response
from ecvet.errors import DomainError
from ecvet.multilingual.text import content_languages, document_language, pick
from ecvet.signing import registry, selectors, services
from ecvet.signing.forms import (
    DeclineForm,
    OutsideSignatureForm,
    ReasonForm,
    SignForm,
    VerifyCodeForm,
    VerifyUploadForm,
)
from ecvet.signing.models import Envelope, Signatory, SignatoryStatus
from ecvet.signing.qr import qr_svg

PAGE_SIZE = 25


def verify_url(envelope: Envelope) -> str:
    """The public address printed on the document and in its QR code."""
    return settings.SITE_URL + reverse("verify_code", args=[envelope.code])


def _envelope_or_404(request: HttpRequest, pk: int) -> Envelope:
    try:
        return selectors.envelope_get(user=request.user, pk=pk)
    except Envelope.DoesNotExist:
        raise Http404 from None


def _slot_or_404(envelope: Envelope, signatory_id: int) -> Signatory:
    # The slots are prefetched with the envelope: no query, and only this envelope's.
    for slot in envelope.signatories.all():
        if slot.pk == signatory_id:
            return slot
    raise Http404


def _own_slot_or_404(request: HttpRequest, envelope: Envelope, signatory_id: int) -> Signatory:
    slot = _slot_or_404(envelope, signatory_id)
    if slot.user_id is None or slot.user_id != request.user.pk:
        raise Http404
    return slot


def _document_context(envelope: Envelope) -> dict[str, Any]:
    kind = registry.kind_of(envelope)
    return {
        "envelope": envelope,
        "kind_label": kind.label,
        "document_url": kind.url(envelope.document),
        "title": pick(envelope.title),
        "content_languages": content_languages(),
    }


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    """The signatures asked of the reader that are still to give (their to-do list)."""
    page = Paginator(selectors.waiting_signatures(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "signing/waiting.html", {"page": page})


@login_required
def envelope_detail(request: HttpRequest, pk: int) -> HttpResponse:
    envelope = _envelope_or_404(request, pk)
    return render(
        request,
        "signing/envelope_detail.html",
        {
            **_document_context(envelope),
            "can_manage": selectors.envelope_can_manage(user=request.user, envelope=envelope),
            "state": selectors.signature_state(envelope),
        },
    )


@login_required
def envelope_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF of the envelope as it stands, in ``?lang=``.

    The first download of a state makes the copy and keeps it (``copy_issue``); that stored
    file is what every later download of the same state gets, byte for byte, so the verify
    page can recognise it. Making it is idempotent, like filling a cache.
    """
    envelope = _envelope_or_404(request, pk)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    language = document_language(request)
    copy = services.copy_issue(envelope=envelope, language=language)
    with copy.file.open("rb") as stored:
        data = stored.read()
    name = pdf_filename(pick(envelope.title, language), envelope.code, language)
    return pdf_response(data, filename=name)


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, pk: int, signatory_id: int) -> HttpResponse:
    envelope = _envelope_or_404(request, pk)
    slot = _own_slot_or_404(request, envelope, signatory_id)
    if request.method != "POST" and not (slot.is_pending and envelope.is_open):
        messages.info(request, _("This signature is no longer waiting."))
        return redirect("envelope_detail", pk=envelope.pk)
    form = SignForm(request.POST or None, initial={"seen_hash": envelope.content_hash})
    if request.method == "POST" and form.is_valid():
        try:
            completion = services.signature_sign(
                envelope=envelope,
                signatory=slot,
                user=request.user,
                password=form.cleaned_data["password"],
                seen_hash=form.cleaned_data["seen_hash"],
                place=form.cleaned_data["place"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if completion.completed:
                messages.success(request, _("You signed. Every party has now signed."))
            else:
                messages.success(request, _("You signed. The others are asked to sign too."))
            return redirect("envelope_detail", pk=envelope.pk)
    return render(
        request,
        "signing/sign.html",
        {**_document_context(envelope), "slot": slot, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, pk: int, signatory_id: int) -> HttpResponse:
    envelope = _envelope_or_404(request, pk)
    slot = _own_slot_or_404(request, envelope, signatory_id)
    if request.method != "POST" and not (slot.is_pending and envelope.is_open):
        messages.info(request, _("This signature is no longer waiting."))
        return redirect("envelope_detail", pk=envelope.pk)
    form = DeclineForm(request.POST or None, initial={"seen_hash": envelope.content_hash})
    if request.method == "POST" and form.is_valid():
        try:
            services.signature_decline(
                envelope=envelope,
                signatory=slot,
                user=request.user,
                reason=form.cleaned_data["reason"],
                seen_hash=form.cleaned_data["seen_hash"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("You declined. The document is back in draft and everyone was told why."),
            )
            return redirect("envelope_detail", pk=envelope.pk)
    return render(
        request,
        "signing/decline.html",
        {**_document_context(envelope), "slot": slot, "form": form},
        status=400 if form.is_bound else 200,
    )


def _manager_or_404(request: HttpRequest, envelope: Envelope) -> None:
    if not selectors.envelope_can_manage(user=request.user, envelope=envelope):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def record_outside(request: HttpRequest, pk: int, signatory_id: int) -> HttpResponse:
    """The coordinator records a signature made on paper, with the signed scan."""
    envelope = _envelope_or_404(request, pk)
    _manager_or_404(request, envelope)
    slot = _slot_or_404(envelope, signatory_id)
    if request.method != "POST" and not (slot.is_pending and envelope.is_open):
        messages.info(request, _("This signature is no longer waiting."))
        return redirect("envelope_detail", pk=envelope.pk)
    form = OutsideSignatureForm(
        request.POST or None, request.FILES or None, initial={"signer_name": slot.name}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            completion = services.signature_record_outside(
                envelope=envelope,
                signatory=slot,
                actor=request.user,
                scan=data["scan"],
                signed_on=data["signed_on"],
                signer_name=data["signer_name"],
                place=data["place"],
                note=data["note"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The signature of %(name)s was recorded with the scan.")
                % {"name": completion.signature.signer_name if completion.signature else slot},
            )
            return redirect("envelope_detail", pk=envelope.pk)
    return render(
        request,
        "signing/record_outside.html",
        {**_document_context(envelope), "slot": slot, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def scan(request: HttpRequest, pk: int, signatory_id: int) -> HttpResponseBase:
    """The scan of a paper signature, for those who may see the document."""
    envelope = _envelope_or_404(request, pk)
    slot = _slot_or_404(envelope, signatory_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    signature = getattr(slot, "signature", None)
    if signature is None or not signature.scan:
        raise Http404
    response = FileResponse(
        signature.scan.open("rb"),
        as_attachment=True,
        filename=pdf_filename(envelope.code, "signed", slot.name),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def envelope_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    envelope = _envelope_or_404(request, pk)
    _manager_or_404(request, envelope)
    if request.method != "POST" and not envelope.is_open:
        messages.info(request, _("This document is no longer out for signature."))
        return redirect("envelope_detail", pk=envelope.pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.envelope_withdraw(
                envelope=envelope, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The document was withdrawn and is back in draft; everyone was told.")
            )
            return redirect("envelope_detail", pk=envelope.pk)
    return render(
        request,
        "signing/withdraw.html",
        {**_document_context(envelope), "form": form},
        status=400 if form.is_bound else 200,
    )


# --- the public verify pages (no login: anyone holding a document may check it) ---
# Not rate limited yet: a code has 32^12 values, so guessing one is hopeless, but a limit per
# address would still be kind to the server.


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Check a document by its printed code, or by uploading the PDF itself."""
    code_form = VerifyCodeForm(request.GET if "code" in request.GET else None)
    if code_form.is_bound and code_form.is_valid():
        code = services.normalise_code(code_form.cleaned_data["code"])
        if selectors.envelope_by_code(code) is not None:
            return redirect("verify_code", code=code)
        code_form.add_error("code", _("No document has this code. Check it against the paper."))
    upload_form = VerifyUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and upload_form.is_valid():
        data = upload_form.cleaned_data["document"].read()
        result = selectors.verify_pdf(data)
    return render(
        request,
        "signing/verify.html",
        {
            "code_form": code_form,
            "upload_form": upload_form,
            "result": result,
            "result_context": _public_record(result.envelope) if result and result.envelope else {},
        },
        status=400 if upload_form.is_bound and not upload_form.is_valid() else 200,
    )


def _public_record(envelope: Envelope) -> dict[str, Any]:
    """What a holder of the document already sees printed on it — nothing more."""
    slots = list(envelope.signatories.all())
    signatures = [slot.signature for slot in slots if hasattr(slot, "signature")]
    signatures.sort(key=lambda signature: (signature.signed_at, signature.pk))
    return {
        "envelope": envelope,
        "title": pick(envelope.title),
        "kind_label": registry.kind_of(envelope).label,
        "signatures": signatures,
        "waiting_for": [slot for slot in slots if slot.is_pending],
        "declined_by": [slot for slot in slots if slot.status == SignatoryStatus.DECLINED],
    }


@require_http_methods(["GET", "HEAD"])
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    envelope = selectors.envelope_by_code(code)
    if envelope is None:
        return render(
            request,
            "signing/verify_unknown.html",
            {"code": code, "code_form": VerifyCodeForm(initial={"code": code})},
            status=404,
        )
    url = verify_url(envelope)
    return render(
        request,
        "signing/verify_code.html",
        {
            **_public_record(envelope),
            "verify_url": url,
            "qr": qr_svg(url),
            "upload_form": VerifyUploadForm(),
        },
    )
