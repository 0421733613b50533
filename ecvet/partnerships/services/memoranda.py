"""The MoU's life: check, send for signature, signed or back to draft, amend.

Sending freezes the content drafted from the partnership into a signing envelope; from then on
the partnership's terms are locked (see ``partnerships.guard_open``) until the version is
back in draft or an amendment is started. An amendment is the next version, drafted from the
partnership as changed, and is signed again by every party.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ecvet.audit.services import audit_record
from ecvet.errors import ConcurrentUpdate, DomainError
from ecvet.multilingual.text import content_languages
from ecvet.partnerships import selectors
from ecvet.partnerships.content import draft_content
from ecvet.partnerships.models import (
    Memorandum,
    MemorandumStatus,
    Partner,
    PartnerRole,
    Partnership,
)
from ecvet.partnerships.services.partnerships import _require_manager
from ecvet.signing.documents import (
    document_guard,
    document_move,
    document_reopened,
    document_signed,
)
from ecvet.signing.models import Envelope
from ecvet.signing.services import SignatorySpec, content_hash, envelope_send

KIND = "mou"


@dataclass(frozen=True)
class Check:
    """One thing to look at before sending; an error blocks sending, a warning does not."""

    level: str  # "error" | "warning"
    message: str


def memorandum_checks(*, partnership: Partnership) -> list[Check]:
    """What stops the MoU from being sent, and what the coordinator should look at."""
    checks: list[Check] = []
    partner_list = list(selectors.partners(partnership=partnership))
    roles = {p.role for p in partner_list}
    if PartnerRole.SENDING not in roles:
        checks.append(Check("error", _("No partner is the sending institution.")))
    if not roles & {PartnerRole.HOSTING, PartnerRole.HOST_COMPANY}:
        checks.append(Check("error", _("No partner hosts the learners yet.")))
    for partner in partner_list:
        if not partner.signs_as:
            checks.append(
                Check(
                    "error",
                    _("Say who signs for %(institution)s.") % {"institution": partner.institution},
                )
            )
        elif partner.signatory_id is None:
            checks.append(
                Check(
                    "warning",
                    _(
                        "%(person)s (%(institution)s) has no account: you will record their "
                        "signature on paper and upload the scan."
                    )
                    % {"person": partner.signs_as, "institution": partner.institution},
                )
            )
    if not partnership.valid_from or not partnership.valid_until:
        checks.append(Check("error", _("Give the MoU's validity period.")))
    if not partnership.units.exists():
        checks.append(Check("error", _("Put at least one unit of learning outcomes in scope.")))
    for row in selectors.agreement_rows(partnership=partnership, partner_list=partner_list):
        if not row.is_agreed:
            checks.append(
                Check(
                    "warning",
                    _("“%(unit)s” version %(number)s is not yet agreed by %(partners)s.")
                    % {
                        "unit": row.item.version,
                        "number": row.item.version.number,
                        "partners": ", ".join(str(p.institution) for p in row.waiting),
                    },
                )
            )
    for name in ("assessment", "documentation", "validation_recognition", "evaluation"):
        if not getattr(partnership, name):
            label = getattr(Partnership._meta.get_field(name), "verbose_name", name)
            checks.append(
                Check("warning", _("“%(field)s” is empty.") % {"field": str(label).capitalize()})
            )
    return checks


def _title(partnership: Partnership, number: int) -> dict[str, str]:
    titles = {}
    for language in content_languages():
        with translation.override(language):
            if number == 1:
                titles[language] = _("Memorandum of Understanding: %(partnership)s") % {
                    "partnership": partnership.title
                }
            else:
                titles[language] = _(
                    "Memorandum of Understanding: %(partnership)s, amendment %(number)s"
                ) % {"partnership": partnership.title, "number": number - 1}
    return titles


def _signatories(partner_list: list[Partner]) -> list[SignatorySpec]:
    specs = []
    for partner in partner_list:
        labels = {}
        for language in content_languages():
            with translation.override(language):
                labels[language] = str(PartnerRole(partner.role).label)
        specs.append(
            SignatorySpec(
                party=partner.role,
                party_label=labels,
                name=partner.signs_as,
                institution=partner.institution,
                user=partner.signatory,
                job_title=partner.signatory_job_title,
                email=(partner.signatory.email if partner.signatory else "")
                or (partner.contact.email if partner.contact else ""),
            )
        )
    return specs


@transaction.atomic
def memorandum_send(
    *,
    actor: Any,
    memorandum: Memorandum,
    revision: int | None = None,
    seen_hash: str | None = None,
) -> Envelope:
    """Freeze this draft version and ask an authorised person of every partner to sign.

    ``revision`` is the partnership's revision and ``seen_hash`` the SHA-256 of the draft
    content the coordinator reviewed; if either changed since, nothing is sent (they would
    send something they have not read).
    """
    partnership = Partnership.objects.select_for_update().get(pk=memorandum.partnership_id)
    _require_manager(actor, partnership)
    memorandum = Memorandum.objects.select_for_update().get(pk=memorandum.pk)
    document_guard(memorandum, MemorandumStatus.OUT)
    if revision is not None and revision != partnership.revision:
        raise ConcurrentUpdate()
    errors = [c.message for c in memorandum_checks(partnership=partnership) if c.level == "error"]
    if errors:
        raise DomainError(
            _("The MoU cannot be sent yet: %(problems)s") % {"problems": " ".join(errors)}
        )
    partner_list = list(selectors.partners(partnership=partnership))
    content = draft_content(partnership, memorandum)
    if seen_hash is not None and seen_hash != content_hash(content):
        raise ConcurrentUpdate()
    envelope = envelope_send(
        actor=actor,
        document=memorandum,
        kind=KIND,
        title=_title(partnership, memorandum.number),
        content=content,
        signatories=_signatories(partner_list),
    )
    document_move(memorandum, MemorandumStatus.OUT, envelope=envelope)
    return envelope


def on_signed(*, envelope: Envelope, actor: Any) -> None:
    """Signing hook: every party signed → this version is in force; the one it amends is not."""
    memorandum = document_signed(Memorandum, envelope)
    audit_record(
        actor=actor,
        action="partnership.mou.signed",
        target=memorandum.partnership,
        from_state=MemorandumStatus.OUT,
        to_state=MemorandumStatus.SIGNED,
        changes={"version": [None, memorandum.number], "code": [None, envelope.code]},
    )


def on_reopened(*, envelope: Envelope, actor: Any, reason: str) -> None:
    """Signing hook: declined or withdrawn → the version is a draft again, for everyone."""
    memorandum = document_reopened(Memorandum, envelope)
    audit_record(
        actor=actor,
        action="partnership.mou.reopened",
        target=memorandum.partnership,
        from_state=MemorandumStatus.OUT,
        to_state=MemorandumStatus.DRAFT,
        changes={"version": [None, memorandum.number], "reason": [None, reason]},
    )


@transaction.atomic
def memorandum_amend(*, actor: Any, partnership: Partnership, reason: str) -> Memorandum:
    """Start an amendment of the signed MoU: the partnership's terms open for change, and the
    amendment is signed again by the parties. The signed version stays in force meanwhile."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _require_manager(actor, partnership)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say what the amendment changes and why."))
    latest = partnership.memoranda.select_for_update().order_by("-number").first()
    if latest is None or latest.status != MemorandumStatus.SIGNED:
        status = MemorandumStatus(latest.status).label if latest else "-"
        raise DomainError(
            _("Only a signed MoU is amended; its latest version is “%(status)s”.")
            % {"status": status}
        )
    amendment = Memorandum.objects.create(
        partnership=partnership,
        number=latest.number + 1,
        amends=latest,
        reason=reason,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="partnership.mou.amendment_started",
        target=partnership,
        to_state=MemorandumStatus.DRAFT,
        changes={"version": [latest.number, amendment.number], "reason": [None, reason]},
    )
    return amendment
