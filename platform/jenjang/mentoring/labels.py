"""Display labels of the mentoring module (Indonesian msgids, translated at render time)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.people.api import PPPK_GRADES, rank_code

KIND_LABELS = {
    "cpns_orientation": _l("Orientasi CPNS"),
    "talent_coaching": _l("Coaching talenta (talent pool)"),
    "general": _l("Mentoring umum"),
}
STATUS_LABELS = {"draft": _l("draf"), "open": _l("pendaftaran dibuka"), "running": _l("berjalan"),
                 "closed": _l("selesai")}
MENTEE_RULE_LABELS = {
    "any": _l("Semua pegawai aktif"),
    "cpns_first_year": _l("CPNS pada tahun pertama"),
    "talent_pool": _l("Anggota talent pool (kotak 9-box terpilih)"),
    "gap": _l("Pegawai dengan kesenjangan pada kompetensi terpilih"),
}
# What an employee (not HR) reads as a programme's mentee rule: the talent-pool rule names no box,
# since boxes and the employee's own application together would tell them their placement.
EMPLOYEE_RULE_LABELS = {**MENTEE_RULE_LABELS,
                        "talent_pool": _l("Peserta ditetapkan pengelola program setelah meninjau pendaftaran")}
ROLE_LABELS = {"mentor": _l("Mentor"), "mentee": _l("Mentee")}
PARTICIPANT_STATUS_LABELS = {"applied": _l("mendaftar"), "accepted": _l("diterima"), "rejected": _l("ditolak"),
                             "withdrawn": _l("mundur")}
PAIR_STATUS_LABELS = {"proposed": _l("usulan"), "published": _l("aktif"), "declined": _l("ditolak mentor"),
                      "closed": _l("selesai"), "cancelled": _l("dibatalkan")}
GOAL_STATUS_LABELS = {"open": _l("berjalan"), "met": _l("tercapai"), "not_met": _l("tidak tercapai")}
MODE_LABELS = {"in_person": _l("Tatap muka"), "online": _l("Daring"), "phone": _l("Telepon")}

# Why a pair or a participant is refused (keys from matching.refusal and cohort.ineligible).
REFUSALS = {
    "self": _l("Mentor dan mentee tidak boleh orang yang sama."),
    "declined": _l("Mentor ini sudah menolak mentee tersebut."),
    "reporting_line": _l("Program ini tidak mengizinkan pasangan dalam satu garis atasan–bawahan."),
    "same_unit": _l("Program ini tidak mengizinkan mentor dan mentee dari unit kerja yang sama."),
    "capacity": _l("Mentor ini sudah mencapai kapasitasnya."),
    "inactive": _l("Pegawai tidak aktif."),
    "rank": _l("Pangkat/golongan belum memenuhi syarat minimal mentor program ini."),
    "grade": _l("Golongan PPPK belum memenuhi syarat minimal mentor PPPK program ini."),
    "competency": _l("Level kompetensi belum memenuhi syarat minimal mentor program ini."),
    "cpns": _l("Program ini untuk CPNS pada tahun pertama masa kerja."),
    "talent": _l("Program ini untuk anggota talent pool pada kotak 9-box terpilih."),
    "gap": _l("Program ini untuk pegawai yang memiliki kesenjangan pada kompetensi terpilih."),
}

# The labels every mentoring page hands its template (with the rank's short code).
LABELS = dict(kind_labels=KIND_LABELS, status_labels=STATUS_LABELS, rule_labels=MENTEE_RULE_LABELS,
              role_labels=ROLE_LABELS, participant_labels=PARTICIPANT_STATUS_LABELS, pair_labels=PAIR_STATUS_LABELS,
              rank_code=rank_code, grade_codes=PPPK_GRADES)
