"""Every write of the mentoring module and its business rules. Functions flush, never commit; a
refusal raises MentoringError with the reason in the user's language before anything changes.

One file per part of a programme's life, re-exported here (callers write ``operations.join``):
``programmes`` (saving, joining, HR's decisions, closing), ``pairing`` (matching, pairs by hand,
publishing, declining), ``sessions`` (goals, sessions and their JP, ratings, flags, reflections),
``reminders`` (the inactivity reminders of a pair) and ``common`` (the refusal and small reads)."""
from jenjang.mentoring.operations.common import MentoringError, employee, names_of, programme_of, user_ids_of
from jenjang.mentoring.operations.pairing import (
    add_pair,
    change_mentor,
    decline,
    drop_proposal,
    publish,
    room_left,
    run_matching,
)
from jenjang.mentoring.operations.programmes import (
    PROGRAMME_FIELDS,
    close_programme,
    decide_participant,
    join,
    save_programme,
)
from jenjang.mentoring.operations.reminders import INACTIVE_DAYS, refresh_inactivity
from jenjang.mentoring.operations.sessions import (
    add_goal,
    confirm_session,
    flag_problem,
    log_session,
    rate_session,
    resolve_flag,
    set_goal_status,
    write_reflection,
)

__all__ = [
    "INACTIVE_DAYS", "PROGRAMME_FIELDS", "MentoringError",
    "add_goal", "add_pair", "change_mentor", "close_programme", "confirm_session", "decide_participant", "decline",
    "drop_proposal", "employee", "flag_problem", "join", "log_session", "names_of", "programme_of", "publish",
    "rate_session", "refresh_inactivity", "resolve_flag", "room_left", "run_matching", "save_programme",
    "set_goal_status", "user_ids_of", "write_reflection",
]
