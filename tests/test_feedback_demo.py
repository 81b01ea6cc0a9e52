"""The demo 360 data: an open cycle with forms for pegawai@, a closed one with a report; twice is once."""
from __future__ import annotations

from tests.org import build_region


def test_demo_cycles_are_created_once(factory, client_for):
    from jenjang.feedback.demo import provision_demo

    t = factory.tenant("pematangsiantar")
    build_region(factory, t)
    assert "closed cycle" in factory.run(t, lambda: provision_demo(t))
    assert factory.run(t, lambda: provision_demo(t)) == "360 cycles present"
    assert factory.scalar(t, "SELECT array_agg(status ORDER BY status) FROM feedback_cycles") == ["closed", "open"]
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    assert "Nilai" in c.text(c.get("/360/forms/"))
    reports = c.text(c.get("/360/reports/"))
    assert "Umpan Balik 360" in reports
