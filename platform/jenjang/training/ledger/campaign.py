"""The reminder campaign: before the year ends, HR reminds everyone still under the JP target.

One notification per employee per year: the idempotency key is "training.jp_reminder:<year>"
(the outbox adds ":u<user id>"), so launching again the same year reaches only the people who were
not reminded yet (newly behind, or newly given an account). Recipients are grouped by their
current JP so each group is one batched `announce` (a few distinct totals, not one call per
person). Each person is measured against the target of their kind (PNS or PPPK, targets.py), and
their reminder names that target. Each launch is recorded with how many were behind and how many notifications it wrote."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.auth.models import User
from jenjang.core import audit, clock
from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.notifications.api import announce
from jenjang.people.api import Employee
from jenjang.training.ledger.compliance import jp_totals
from jenjang.training.ledger.models import JpReminderCampaign
from jenjang.training.ledger.queries import fmt_jp
from jenjang.training.ledger.targets import Targets

KIND = "training.jp_reminder"


class CampaignRefused(Refusal):
    """A reminder campaign that cannot be sent now."""


@dataclass
class CampaignResult:
    behind: int
    with_account: int
    sent: int
    campaign: JpReminderCampaign


def idempotency_key(year: int) -> str:
    return f"{KIND}:{year}"


def can_launch(year: int, today: dt.date | None = None) -> bool:
    return year == (today or clock.today()).year


def launch(year: int, targets: Targets | int, user, today: dt.date | None = None) -> CampaignResult:
    if not can_launch(year, today):
        raise CampaignRefused(_("Pengingat hanya dapat dikirim untuk tahun berjalan, sebelum tahun berakhir."))
    targets = Targets.of(targets)
    target = targets.column()
    totals = jp_totals(year)
    jp = sa.func.coalesce(totals.c.jp, 0)
    behind_count = db.session.scalar(
        sa.select(sa.func.count(Employee.id)).select_from(Employee)
        .outerjoin(totals, totals.c.employee_id == Employee.id)
        .where(Employee.status == "active", jp < target))
    rows = db.session.execute(
        sa.select(User.id, jp, target).select_from(Employee)
        .join(User, sa.and_(User.tenant_id == Employee.tenant_id, User.employee_id == Employee.id))
        .outerjoin(totals, totals.c.employee_id == Employee.id)
        .where(Employee.status == "active", User.is_active.is_(True), jp < target)).all()
    by_total: dict[tuple[Decimal, int], list[int]] = defaultdict(list)
    for user_id, total, own_target in rows:
        by_total[(Decimal(total), int(own_target))].append(user_id)
    sent = 0
    for (total, own_target), user_ids in sorted(by_total.items()):
        sent += announce(KIND, user_ids, {"year": year, "jp": fmt_jp(total), "target": own_target,
                                          "missing": fmt_jp(Decimal(own_target) - total)},
                         idempotency_key(year), link=("training.my_jp", {"year": year}))
    campaign = JpReminderCampaign(
        year=year, target_jp=targets.pns, pppk_target_jp=targets.pppk, behind_count=behind_count or 0, with_account=len(rows), sent_count=sent,
        launched_by_user_id=getattr(user, "id", None),
        launched_by_label=((getattr(user, "email", None) or getattr(user, "display_name", None)) or "system")[:254])
    db.session.add(campaign)
    db.session.flush()
    audit.record("training.jp_campaign_launched", campaign,
                 after={"year": year, "behind": campaign.behind_count, "sent": sent})
    return CampaignResult(campaign.behind_count, len(rows), sent, campaign)


def campaigns(year: int) -> list[JpReminderCampaign]:
    return list(db.session.scalars(sa.select(JpReminderCampaign).where(JpReminderCampaign.year == year)
                                   .order_by(JpReminderCampaign.launched_at.desc()).limit(10)))
