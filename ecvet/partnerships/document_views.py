"""The MoU document: its page and PDF in either language, sending it for signature, and
starting an amendment of a signed one.

Every view finds the partnership through ``selectors.partnership_get`` (someone who may not
see it gets 404 whatever the method) and hands writes to ``services.memoranda``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecvet.errors import ConcurrentUpdate, DomainError
from ecvet.forms import StyledForm
from ecvet.multilingual.text import content_languages, document_language
from ecvet.partnerships import selectors
from ecvet.partnerships.documents import draft_pdf, memorandum_document
from ecvet.partnerships.models import Memorandum, MemorandumStatus, Partnership
from ecvet.partnerships.services import memoranda as services
from ecvet.signing import selectors as signing_selectors
from ecvet.signing.printing import document_pdf_response


class SendForm(StyledForm):
    """The partnership revision the coordinator reviewed: sending anything newer is refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # The hash of the content reviewed: also catches changes made outside the partnership
    # (a partner institution's address or contact person) that the revision does not count.
    seen_hash = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class AmendForm(StyledForm):
    reason = forms.CharField(
        label=gettext_lazy("What changes, and why?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Printed on the amendment. The partners sign the changed MoU again; the signed "
            "version stays in force until then."
        ),
    )


def _partnership_or_404(request: HttpRequest, pk: int) -> Partnership:
    try:
        return selectors.partnership_get(user=request.user, pk=pk)
    except Partnership.DoesNotExist:
        raise Http404 from None


def _memorandum_or_404(request: HttpRequest, partnership: Partnership, number: int) -> Memorandum:
    try:
        return selectors.memorandum_get(partnership=partnership, number=number)
    except Memorandum.DoesNotExist:
        raise Http404 from None


def _manager_or_404(request: HttpRequest, partnership: Partnership) -> None:
    if not selectors.partnership_can_manage(user=request.user, partnership=partnership):
        raise Http404


@login_required
def memorandum_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    memorandum = _memorandum_or_404(request, partnership, number)
    language = document_language(request)
    # The frozen content and the signature block read the envelope loaded here.
    signing = signing_selectors.document_signing(memorandum, user=request.user)
    versions = list(partnership.memoranda.all())  # prefetched by partnership_get
    amendment = next((m for m in versions if m.amends_id == memorandum.pk), None)
    can_manage = selectors.partnership_can_manage(user=request.user, partnership=partnership)
    return render(
        request,
        "partnerships/memorandum_detail.html",
        {
            "partnership": partnership,
            "memorandum": memorandum,
            "doc": memorandum_document(memorandum, language),
            "lang": language,
            "content_languages": content_languages(),
            "envelope": signing.envelope,
            "earlier_envelopes": signing.earlier,
            "versions": versions,
            "amendment": amendment,
            "is_latest": bool(versions) and versions[0].pk == memorandum.pk,
            "can_manage": can_manage,
            "amend_form": AmendForm(),
        },
    )


@login_required
def memorandum_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A draft: drawn now and marked "DRAFT"; once sent: the issued copy of its envelope, so
    every download of the same state is the same file and the verify page knows it."""
    partnership = _partnership_or_404(request, pk)
    memorandum = _memorandum_or_404(request, partnership, number)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    language = document_language(request)
    return document_pdf_response(
        memorandum,
        language=language,
        name_parts=[partnership.title, "mou", f"v{memorandum.number}"],
        draft=lambda: draft_pdf(memorandum, language, base_url=request.build_absolute_uri("/")),
    )


def _send_initial(partnership: Partnership, memorandum: Memorandum) -> dict[str, object]:
    from ecvet.partnerships.content import draft_content
    from ecvet.signing.services import content_hash

    return {
        "revision": partnership.revision,
        "seen_hash": content_hash(draft_content(partnership, memorandum)),
    }


@login_required
def memorandum_send(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Review the checks and send the draft for signature (the coordinator)."""
    partnership = _partnership_or_404(request, pk)
    memorandum = _memorandum_or_404(request, partnership, number)
    _manager_or_404(request, partnership)
    if request.method not in {"GET", "HEAD", "POST"}:
        return HttpResponseNotAllowed(["GET", "POST"])
    if memorandum.status != MemorandumStatus.DRAFT and request.method != "POST":
        messages.info(
            request,
            _("This version is “%(status)s”: only a draft is sent for signature.")
            % {"status": memorandum.get_status_display()},
        )
        return redirect("memorandum_detail", pk=partnership.pk, number=memorandum.number)
    form = SendForm(request.POST or None, initial=_send_initial(partnership, memorandum))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.memorandum_send(
                    actor=request.user,
                    memorandum=memorandum,
                    revision=form.cleaned_data["revision"],
                    seen_hash=form.cleaned_data["seen_hash"] or None,
                )
            except ConcurrentUpdate:
                # Show the MoU as it is now, with the checks again, and the new revision:
                # the coordinator confirms what they have actually read.
                partnership = _partnership_or_404(request, pk)
                status = 409
                messages.error(
                    request,
                    _(
                        "Someone changed the partnership after you opened this page, so "
                        "nothing was sent. Read the MoU below again and confirm."
                    ),
                )
                form = SendForm(initial=_send_initial(partnership, memorandum))
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("The MoU was sent for signature; every signatory was asked to sign."),
                )
                return redirect("memorandum_detail", pk=partnership.pk, number=memorandum.number)
    language = document_language(request)
    checks = services.memorandum_checks(partnership=partnership)
    return render(
        request,
        "partnerships/memorandum_send.html",
        {
            "partnership": partnership,
            "memorandum": memorandum,
            "doc": memorandum_document(memorandum, language),
            "lang": language,
            "errors": [c for c in checks if c.level == "error"],
            "warnings": [c for c in checks if c.level == "warning"],
            "form": form,
        },
        status=status,
    )


@login_required
def memorandum_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Start an amendment of the signed MoU and open its draft."""
    partnership = _partnership_or_404(request, pk)
    _manager_or_404(request, partnership)
    if request.method not in {"GET", "HEAD", "POST"}:
        return HttpResponseNotAllowed(["GET", "POST"])
    latest = selectors.memorandum_current(partnership=partnership)
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.memorandum_amend(
                actor=request.user, partnership=partnership, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Amendment started: change the partnership, then send version %(number)s "
                    "for signature."
                )
                % {"number": amendment.number},
            )
            return redirect("memorandum_detail", pk=partnership.pk, number=amendment.number)
    return render(
        request,
        "partnerships/memorandum_amend.html",
        {"partnership": partnership, "memorandum": latest, "form": form},
        status=400 if form.is_bound else 200,
    )
