"""The catalogue: programmes (SIASN kind, JP, provider, cost, target competencies and
prerequisites) and their sessions (angkatan: dates, place or link, capacity, enrolment window),
browsed and searched by employees with "why it suits you" from their competency gaps; HR's session
list and roster; the calendar file of a session; the training-needs summary.

May import: the training root (models, labels, permissions, pages, queries), competency (gaps and
the needs heatmap), people's public API, core. Its operations tell enrolment (a larger capacity
offers seats to the waitlist) and delivery (a moved end moves the follow-ups) through their
operations; nothing imports the catalogue's views.
"""
