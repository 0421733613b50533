"""The Europass Mobility: prepared by the sending school once the mobility is recognised,
numbered, completed with the coordinator's texts, sent to the host for its signature through
the signing mechanism, and re-issued by an amendment that keeps the number.

Why only once the mobility is *recognised* (not merely validated): section 5 of the document
lists the skills acquired, and which units count there is the sending school's recognition
decision ("recognised as: Europass Mobility"). Before recognition there is nothing certain to
list, and the document would have to change when the school decides.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecvet.audit.services import audit_record
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted
from ecvet.europass.content import europass_content, mobility_results
from ecvet.europass.models import TEXT_FIELDS, EuropassMobility, EuropassSequence
from ecvet.mobilities import selectors as mobility_selectors
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.multilingual.text import clean_map, content_languages, pick
from ecvet.recognition.models import RecognitionKind
from ecvet.signing.documents import (
    DocumentStatus,
    document_move,
    document_reopened,
    document_signed,
)
from ecvet.signing.models import Envelope
from ecvet.signing.services import SignatorySpec, content_hash, envelope_send

KIND = "europass_mobility"
EDITABLE_FIELDS = (*TEXT_FIELDS, "programme")


class EuropassFrozen(DomainError):
    status_code = 409

    def __init__(self, document: EuropassMobility) -> None:
        if document.status == DocumentStatus.OUT:
            message = _(
                "Europass Mobility version %(number)s is out for signature, so what it states "
                "cannot change. Withdraw it first, or wait until it is signed and re-issue it."
            )
        else:
            message = _(
                "Europass Mobility version %(number)s is signed, so what it states cannot "
                "change. Re-issue it: the host then signs the new version."
            )
        super().__init__(message % {"number": document.number})


def _require_manager(actor: Any, mobility: Mobility) -> None:
    if not mobility_selectors.mobility_can_manage(user=actor, mobility=mobility):
        raise NotPermitted(
            _("Only the sending school's coordinators prepare the Europass Mobility.")
        )


def _locked_mobility(mobility: Mobility) -> Mobility:
    return (
        Mobility.objects.select_for_update(of=("self",))
        .select_related("learner__school", "partnership")
        .get(pk=mobility.pk)
    )


def _guard_recognised(mobility: Mobility) -> None:
    if mobility.status != MobilityStatus.RECOGNISED:
        raise DomainError(
            _(
                "The Europass Mobility is prepared once the mobility is recognised; this one "
                "is “%(status)s”."
            )
            % {"status": MobilityStatus(mobility.status).label}
        )


def europass_can_prepare(*, mobility: Mobility) -> bool:
    """Recognised, with a unit recognised as Europass Mobility that has outcomes to list."""
    if mobility.status != MobilityStatus.RECOGNISED:
        return False
    return bool(mobility_results(mobility).recognised_as(RecognitionKind.EUROPASS))


def next_europass_number(*, country: str, year: int) -> str:
    """The next Europass Mobility number of ``country`` in ``year``, e.g. ``LV-2026-000042``.

    The sequence row is locked (``select_for_update``) until the caller's transaction ends,
    so two documents prepared at the same moment wait for each other and never share a
    number; the first of a year creates the row, and a creation lost to another transaction
    (a unique constraint) just reads the row the other made.
    """
    country = country.upper()
    if not EuropassSequence.objects.filter(country=country, year=year).exists():
        try:
            with transaction.atomic():
                EuropassSequence.objects.create(country=country, year=year)
        except IntegrityError:
            pass  # created at the same moment by another transaction: use that one
    sequence = EuropassSequence.objects.select_for_update().get(country=country, year=year)
    EuropassSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db(fields=["last"])
    return f"{country}-{year}-{sequence.last:06d}"


def _objective(mobility: Mobility) -> dict[str, str]:
    """The partnership's objectives if it states any, else one sentence per language."""
    objectives = clean_map(mobility.partnership.objectives)
    if objectives:
        return objectives
    qualification = mobility.learner.qualification
    texts = {}
    for language in content_languages():
        with translation.override(language):
            if qualification is not None:
                texts[language] = _(
                    "Work-based learning abroad towards the qualification “%(qualification)s”, "
                    "in the units agreed in the Learning Agreement."
                ) % {"qualification": pick(qualification.title, language)}
            else:
                texts[language] = _(
                    "Work-based learning abroad in the units agreed in the Learning Agreement."
                )
    return texts


def _programme(mobility: Mobility) -> str:
    """ "Erasmus+" when the partnership carries an Erasmus+ file code or a programme pays."""
    from ecvet.mobilities.models import Payer

    payers = {mobility.travel_paid_by, mobility.accommodation_paid_by, mobility.insurance_paid_by}
    if mobility.partnership.file_code or Payer.PROGRAMME in payers:
        return "Erasmus+"
    return ""


@transaction.atomic
def europass_prepare(*, actor: Any, mobility: Mobility) -> EuropassMobility:
    """The first version of the mobility's Europass Mobility, with its number."""
    mobility = _locked_mobility(mobility)
    _require_manager(actor, mobility)
    _guard_recognised(mobility)
    existing = EuropassMobility.objects.filter(mobility=mobility).order_by("number").first()
    if existing is not None:
        raise DomainError(
            _("This mobility's Europass Mobility %(number)s is already prepared.")
            % {"number": existing.europass_number}
        )
    if not mobility_results(mobility).recognised_as(RecognitionKind.EUROPASS):
        raise DomainError(
            _(
                "No unit of this mobility is recognised as Europass Mobility with an outcome "
                "achieved: record that recognition first."
            )
        )
    school = mobility.learner.school
    number = next_europass_number(country=school.country.code, year=timezone.localdate().year)
    document = EuropassMobility.objects.create(
        mobility=mobility,
        number=1,
        europass_number=number,
        objective=_objective(mobility),
        programme=_programme(mobility),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="europass.prepared",
        target=mobility,
        to_state=DocumentStatus.DRAFT,
        changes={"europass_number": [None, number]},
    )
    return document


def _draft(actor: Any, document: EuropassMobility) -> EuropassMobility:
    locked = (
        EuropassMobility.objects.select_for_update(of=("self",))
        .select_related("mobility__learner")
        .get(pk=document.pk)
    )
    _require_manager(actor, locked.mobility)
    if locked.is_frozen:
        raise EuropassFrozen(locked)
    return locked


@transaction.atomic
def europass_update(
    *, actor: Any, document: EuropassMobility, revision: int | None = None, **fields: Any
) -> EuropassMobility:
    """The coordinator's texts: the objective, the programme and the skill groups."""
    document = _draft(actor, document)
    if revision is not None and revision != document.revision:
        raise ConcurrentUpdate()
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown Europass Mobility fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "programme":
            value = (value or "").strip()
            if len(value) > 200:
                raise ValidationError({"programme": _("Write the programme in 200 characters.")})
        else:
            value = clean_map(value)
        setattr(document, name, value)
    document.revision += 1
    document.save(update_fields=[*fields, "revision"])
    audit_record(
        actor=actor,
        action="europass.updated",
        target=document.mobility,
        changes={name: [None, "…"] for name in fields},
    )
    return document


def signer_candidates(*, mobility: Mobility) -> Any:
    """Who may sign for the host: people with a role at the host company or institution."""
    return mobility_selectors.mentor_candidates(
        host_institution=mobility.host_institution, host_company=mobility.host_company
    )


def _labels(text: Any) -> dict[str, str]:
    labels = {}
    for language in content_languages():
        with translation.override(language):
            labels[language] = str(text)
    return labels


def _title(document: EuropassMobility, mobility: Mobility) -> dict[str, str]:
    titles = {}
    for language in content_languages():
        with translation.override(language):
            titles[language] = _("Europass Mobility %(number)s: %(learner)s") % {
                "number": document.europass_number,
                "learner": mobility.learner.full_name,
            }
            if document.number > 1:
                titles[language] += " " + _("(version %(number)s)") % {"number": document.number}
    return titles


def _host_signatory(mobility: Mobility, signer: Any) -> SignatorySpec:
    from ecvet.accounts.models import Membership

    memberships = list(
        Membership.objects.filter(
            user=signer,
            institution_id__in=[mobility.host_company_id, mobility.host_institution_id],
        ).select_related("institution")
    )
    # The host company first (the workplace the document names), else the host school.
    memberships.sort(key=lambda m: m.institution_id != mobility.host_company_id)
    membership = memberships[0]
    job_title = (
        str(gettext_lazy("Mentor"))
        if signer.pk == mobility.mentor_id
        else membership.get_role_display()
    )
    return SignatorySpec(
        party="host",
        party_label=_labels(gettext_lazy("Host organisation")),
        name=signer.get_full_name() or signer.get_username(),
        institution=membership.institution,
        user=signer,
        job_title=str(job_title),
    )


@transaction.atomic
def europass_send(
    *,
    actor: Any,
    document: EuropassMobility,
    signer: Any = None,
    revision: int | None = None,
    seen_hash: str | None = None,
) -> Envelope:
    """Freeze this draft and ask the host to sign it: the mentor by default, or ``signer``,
    another person with a role at the host. ``revision`` and ``seen_hash`` are what the
    coordinator reviewed: if the document changed since, nothing is sent."""
    document = _draft(actor, document)
    mobility = (
        Mobility.objects.select_for_update(of=("self",))
        .select_related(
            "learner__school", "partnership", "mentor", "host_institution", "host_company"
        )
        .get(pk=document.mobility_id)
    )
    document.mobility = mobility
    if revision is not None and revision != document.revision:
        raise ConcurrentUpdate()
    _guard_recognised(mobility)
    signer = signer or mobility.mentor
    if signer is None:
        raise DomainError(_("Choose who signs for the host: the mobility has no mentor."))
    if not signer_candidates(mobility=mobility).filter(pk=signer.pk).exists():
        raise ValidationError(
            {"signer": _("The signer must have a role at the host company or host institution.")}
        )
    content = europass_content(document)
    if seen_hash is not None and seen_hash != content_hash(content):
        raise ConcurrentUpdate()
    envelope = envelope_send(
        actor=actor,
        document=document,
        kind=KIND,
        title=_title(document, mobility),
        content=content,
        signatories=[_host_signatory(mobility, signer)],
    )
    document_move(document, DocumentStatus.OUT, envelope=envelope)
    return envelope


def on_signed(*, envelope: Envelope, actor: Any) -> None:
    """Signing hook: the host signed → this version is issued (and replaces the one it
    amends)."""
    document = document_signed(EuropassMobility, envelope)
    audit_record(
        actor=actor,
        action="europass.signed",
        target=document.mobility,
        from_state=DocumentStatus.OUT,
        to_state=DocumentStatus.SIGNED,
        changes={"version": [None, document.number], "code": [None, envelope.code]},
    )


def on_reopened(*, envelope: Envelope, actor: Any, reason: str) -> None:
    """Signing hook: declined or withdrawn → the version is a draft again."""
    document = document_reopened(EuropassMobility, envelope)
    audit_record(
        actor=actor,
        action="europass.reopened",
        target=document.mobility,
        from_state=DocumentStatus.OUT,
        to_state=DocumentStatus.DRAFT,
        changes={"version": [None, document.number], "reason": [None, reason]},
    )


@transaction.atomic
def europass_amend(*, actor: Any, mobility: Mobility, reason: str) -> EuropassMobility:
    """Re-issue the signed Europass Mobility: a new draft version with the same number and
    the same texts, drafted again from what the system holds now, signed again by the host."""
    mobility = _locked_mobility(mobility)
    _require_manager(actor, mobility)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say what the re-issue changes and why."))
    latest = (
        EuropassMobility.objects.select_for_update()
        .filter(mobility=mobility)
        .order_by("-number")
        .first()
    )
    if latest is None or latest.status != DocumentStatus.SIGNED:
        status = DocumentStatus(latest.status).label if latest else "-"
        raise DomainError(
            _("Only a signed Europass Mobility is re-issued; its latest version is “%(status)s”.")
            % {"status": status}
        )
    amendment = EuropassMobility.objects.create(
        mobility=mobility,
        number=latest.number + 1,
        amends=latest,
        reason=reason,
        europass_number=latest.europass_number,
        programme=latest.programme,
        created_by=actor,
        **{name: getattr(latest, name) for name in TEXT_FIELDS},
    )
    audit_record(
        actor=actor,
        action="europass.amendment_started",
        target=mobility,
        to_state=DocumentStatus.DRAFT,
        changes={"version": [latest.number, amendment.number], "reason": [None, reason]},
    )
    return amendment
