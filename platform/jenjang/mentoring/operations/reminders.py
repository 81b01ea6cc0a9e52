"""The reminders of a live pair: 30 days without a session remind the pair and alert HR; every
confirmed session moves them forward; closing or declining the pair cancels them."""
from __future__ import annotations

import datetime as dt

from jenjang.auth.operations import hr_user_ids
from jenjang.core import clock
from jenjang.mentoring.models import MentoringPair, MentoringProgramme
from jenjang.mentoring.operations.common import names_of, user_ids_of
from jenjang.notifications.api import cancel_reminder, schedule_reminder

INACTIVE_DAYS = 30


def _due(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8, 0), tzinfo=clock.tenant_zone())  # 08:00 in the region


def refresh_inactivity(pair: MentoringPair, programme: MentoringProgramme) -> None:
    """The 30-days-without-a-session reminder (to the pair) and at-risk alert (to HR), moved
    forward at every session."""
    since = pair.last_session_on or (clock.local_date(pair.published_at) if pair.published_at else clock.today())
    due = _due(since + dt.timedelta(days=INACTIVE_DAYS))
    names = names_of([pair.mentor_id, pair.mentee_id])
    payload = {"programme": programme.name, "mentor": names.get(pair.mentor_id, ""),
               "mentee": names.get(pair.mentee_id, "")}
    link = ("mentoring.pair", {"pair_id": pair.id})
    users = user_ids_of([pair.mentor_id, pair.mentee_id])
    if users:
        schedule_reminder("mentoring.inactive", list(users.values()), payload, key=f"mentoring.inactive:{pair.id}",
                          due_at=due, link=link)
    hr = hr_user_ids()
    if hr:
        schedule_reminder("mentoring.at_risk", hr, payload, key=f"mentoring.at_risk:{pair.id}", due_at=due, link=link)


def stop_reminders(pair: MentoringPair) -> None:
    cancel_reminder(f"mentoring.inactive:{pair.id}")
    cancel_reminder(f"mentoring.at_risk:{pair.id}")


