"""Writes of the transcript of records: preparing the draft, sending it for the host's
signature, the signing hooks, and amendments when the results change after signing.

The host issues the transcript (the mobility's mentor and the host's coordinators) while the
mobility is ongoing or completed, from the Learning Agreement in force. One person signs it
for the host: the mentor unless another person of the host institution or host company is
chosen. Once signed, the sending school's coordinators are told: the results are theirs to
validate.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ecvet.accounts.models import MANAGER_ROLES, Membership, Role
from ecvet.audit.services import audit_record
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.mobilities.selectors import agreement_in_force
from ecvet.multilingual.text import content_languages
from ecvet.signing.documents import (
    document_guard,
    document_move,
    document_reopened,
    document_signed,
)
from ecvet.signing.models import Envelope
from ecvet.signing.services import SignatorySpec, content_hash, envelope_send
from ecvet.transcripts import selectors
from ecvet.transcripts.content import draft_content, unanswered
from ecvet.transcripts.models import Transcript, TranscriptStatus

KIND = "transcript"

#: While the learner is at the host and after it, until the sending school validates.
ISSUING_STATUSES = frozenset({MobilityStatus.ONGOING, MobilityStatus.COMPLETED})


def _locked_mobility(mobility: Mobility) -> Mobility:
    # Locking the mobility serialises the transcript's moves with each other and with the
    # mobility's status moves (e.g. to "validated").
    return (
        Mobility.objects.select_for_update(of=("self",))
        .select_related(
            "learner__school",
            "learner__qualification",
            "host_institution",
            "host_company",
            "mentor",
        )
        .get(pk=mobility.pk)
    )


def _guard_issuer(actor: Any, mobility: Mobility) -> None:
    if not selectors.transcript_can_issue(user=actor, mobility=mobility):
        raise NotPermitted(_("Only the mentor or the host's coordinators issue the transcript."))


def _guard_status(mobility: Mobility) -> None:
    if mobility.status not in ISSUING_STATUSES:
        raise DomainError(
            _(
                "The transcript is issued while the mobility is ongoing or completed; this "
                "mobility is “%(status)s”."
            )
            % {"status": MobilityStatus(mobility.status).label}
        )


def _guard_agreement(mobility: Mobility) -> None:
    if agreement_in_force(mobility=mobility) is None:
        raise DomainError(
            _("This mobility has no signed Learning Agreement for the transcript to report on.")
        )


def _bump(transcript: Transcript) -> None:
    Transcript.objects.filter(pk=transcript.pk).update(revision=F("revision") + 1)
    transcript.revision += 1


@transaction.atomic
def transcript_prepare(*, actor: Any, mobility: Mobility) -> Transcript:
    """The first version's draft, drawn from the assessments. If the mobility already has a
    transcript, its latest version is returned unchanged (an amendment is started with
    :func:`transcript_amend`)."""
    mobility = _locked_mobility(mobility)
    _guard_issuer(actor, mobility)
    latest = selectors.transcript_current(mobility=mobility)
    if latest is not None:
        return latest
    _guard_status(mobility)
    _guard_agreement(mobility)
    transcript = Transcript.objects.create(mobility=mobility, number=1, created_by=actor)
    audit_record(
        actor=actor,
        action="transcript.prepared",
        target=mobility,
        to_state=TranscriptStatus.DRAFT,
        changes={"version": [None, transcript.number]},
    )
    return transcript


def _labels(text: Any) -> dict[str, str]:
    labels = {}
    for language in content_languages():
        with translation.override(language):
            labels[language] = str(text)
    return labels


def _title(mobility: Mobility, number: int) -> dict[str, str]:
    titles = {}
    for language in content_languages():
        with translation.override(language):
            if number == 1:
                titles[language] = _("Transcript of Records: %(learner)s, %(start)s") % {
                    "learner": mobility.learner.full_name,
                    "start": mobility.start.isoformat(),
                }
            else:
                titles[language] = _(
                    "Transcript of Records: %(learner)s, %(start)s, amendment %(number)s"
                ) % {
                    "learner": mobility.learner.full_name,
                    "start": mobility.start.isoformat(),
                    "number": number - 1,
                }
    return titles


def _signatory(mobility: Mobility, signer: Any) -> SignatorySpec:
    """The one who signs for the host, for the institution they belong to there (the host
    company first: the workplace), with their role as job title."""
    hosts = [pk for pk in (mobility.host_company_id, mobility.host_institution_id) if pk]
    mine = {
        m.institution_id: m
        for m in Membership.objects.filter(user=signer, institution__in=hosts).select_related(
            "institution"
        )
    }
    membership = next((mine[pk] for pk in hosts if pk in mine), None)
    if signer.pk == mobility.mentor_id:
        job_title = str(gettext_lazy("Mentor"))
    elif membership is not None:
        job_title = str(Role(membership.role).label)
    else:
        job_title = ""
    institution = membership.institution if membership is not None else None
    return SignatorySpec(
        party="host",
        party_label=_labels(gettext_lazy("Host")),
        name=signer.get_full_name() or signer.get_username(),
        institution=institution or mobility.host_company or mobility.host_institution,
        user=signer,
        job_title=job_title,
    )


def _signer(mobility: Mobility, signer: Any) -> Any:
    if signer is None:
        if mobility.mentor is None:
            raise DomainError(
                _("The mobility has no mentor: choose who signs the transcript for the host.")
            )
        return mobility.mentor
    if not selectors.signer_candidates(mobility=mobility).filter(pk=signer.pk).exists():
        raise DomainError(
            _(
                "%(name)s cannot sign for the host: choose the mentor or a person of the host "
                "institution or host company."
            )
            % {"name": signer.get_full_name() or signer.get_username()}
        )
    return signer


@transaction.atomic
def transcript_send(
    *,
    actor: Any,
    transcript: Transcript,
    signer: Any = None,
    revision: int | None = None,
    seen_hash: str | None = None,
) -> Envelope:
    """Freeze this draft and ask ``signer`` (the mentor when None) to sign it for the host.

    Every learning outcome must have an answer (an outcome "not assessed" counts only when
    someone recorded it so). ``revision`` and ``seen_hash`` are what the sender reviewed: if
    the draft or the assessments changed since, nothing is sent.
    """
    mobility = _locked_mobility(transcript.mobility)
    transcript = Transcript.objects.select_for_update().get(pk=transcript.pk)
    transcript.mobility = mobility
    _guard_issuer(actor, mobility)
    document_guard(transcript, TranscriptStatus.OUT)
    if revision is not None and revision != transcript.revision:
        raise ConcurrentUpdate()
    _guard_status(mobility)
    _guard_agreement(mobility)
    content = draft_content(transcript)
    missing = unanswered(content)
    if missing:
        raise DomainError(
            ngettext(
                "%(count)s learning outcome has no answer yet. Record a result for every "
                "outcome before sending (“Not assessed” is a result too).",
                "%(count)s learning outcomes have no answer yet. Record a result for every "
                "outcome before sending (“Not assessed” is a result too).",
                missing,
            )
            % {"count": missing}
        )
    if seen_hash is not None and seen_hash != content_hash(content):
        raise ConcurrentUpdate()
    person = _signer(mobility, signer)
    envelope = envelope_send(
        actor=actor,
        document=transcript,
        kind=KIND,
        title=_title(mobility, transcript.number),
        content=content,
        signatories=[_signatory(mobility, person)],
    )
    document_move(transcript, TranscriptStatus.OUT, envelope=envelope)
    _bump(transcript)
    return envelope


def _sending_coordinators(mobility: Mobility) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(
            institution_id=mobility.learner.school_id, role__in=MANAGER_ROLES
        ).select_related("user")
    ]


def on_signed(*, envelope: Envelope, actor: Any) -> None:
    """Signing hook: the host signed → this version is in force (the one it amends is
    replaced), and the sending school's coordinators are told it is theirs to validate."""
    from ecvet.notifications.services import notify

    transcript = document_signed(Transcript, envelope)
    mobility = Mobility.objects.select_related("learner").get(pk=transcript.mobility_id)
    audit_record(
        actor=actor,
        action="transcript.signed",
        target=mobility,
        from_state=TranscriptStatus.OUT,
        to_state=TranscriptStatus.SIGNED,
        changes={"version": [None, transcript.number], "code": [None, envelope.code]},
    )
    notify(
        recipients=_sending_coordinators(mobility),
        kind="transcript.signed",
        url=reverse("transcript_detail", args=[mobility.pk, transcript.number]),
        params={"learner": mobility.learner.full_name},
        actor=actor,
    )


def on_reopened(*, envelope: Envelope, actor: Any, reason: str) -> None:
    """Signing hook: declined or withdrawn → the version is a draft again."""
    transcript = document_reopened(Transcript, envelope)
    _bump(transcript)
    audit_record(
        actor=actor,
        action="transcript.reopened",
        target=transcript.mobility,
        from_state=TranscriptStatus.OUT,
        to_state=TranscriptStatus.DRAFT,
        changes={"version": [None, transcript.number], "reason": [None, reason]},
    )


@transaction.atomic
def transcript_amend(*, actor: Any, mobility: Mobility, reason: str) -> Transcript:
    """Start an amendment of the signed transcript: the next version, drawn from the
    assessments as they are now and signed again; the signed one stays in force until
    then. Refused when nothing the transcript states has changed."""
    mobility = _locked_mobility(mobility)
    _guard_issuer(actor, mobility)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say what the amendment changes and why."))
    _guard_status(mobility)
    latest = (
        Transcript.objects.filter(mobility=mobility).select_for_update().order_by("-number").first()
    )
    if latest is None or latest.status != TranscriptStatus.SIGNED:
        status = TranscriptStatus(latest.status).label if latest else "—"
        raise DomainError(
            _("Only a signed transcript is amended; its latest version is “%(status)s”.")
            % {"status": status}
        )
    latest.mobility = mobility
    if not selectors.transcript_outdated(latest):
        raise DomainError(
            _(
                "Nothing the transcript states has changed since version %(number)s was "
                "signed: an amendment would say the same."
            )
            % {"number": latest.number}
        )
    amendment = Transcript.objects.create(
        mobility=mobility,
        number=latest.number + 1,
        amends=latest,
        reason=reason,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="transcript.amendment_started",
        target=mobility,
        to_state=TranscriptStatus.DRAFT,
        changes={"version": [latest.number, amendment.number], "reason": [None, reason]},
    )
    return amendment
