"""PPPK in the JP ledger (issue 17): a PPPK is held to the tenant's PPPK target (default 24 JP,
PP 49/2018 Pasal 40), a PNS to the PNS target (20 JP); compliance shows both kinds side by side,
filters by kind, exports the kind of everyone behind; the reminder names each person's own target;
"JP saya", the team and the dashboard card use it too."""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import openpyxl
import pytest

from tests.helpers import local_today
from tests.org import build_region
from tests.pppk_support import RUDI, SARI, add_pppk
from tests.training_ledger_support import credit

YEAR = local_today().year


@dataclass
class Org:
    region: object
    rudi_id: int  # PPPK, 22 JP: behind 24 (though over the PNS 20)
    sari_id: int  # PPPK paruh waktu, 24 JP: reached


@pytest.fixture
def org(factory):
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    region = build_region(factory, tenant)
    rudi = add_pppk(factory, tenant, RUDI, "Rudi Hartono", unit_id=region.unit_id,
                    position_id=region.staff_position_id, email="pppk@pematangsiantar.demo")
    sari = add_pppk(factory, tenant, SARI, "Sari Wulandari", kind="PPPK_PW", grade_id=5, unit_id=region.unit_id,
                    position_id=region.staff_position_id)
    on = dt.date(YEAR, 3, 1)
    credit(factory, tenant, region.head_id, 25, on, source="training", ref="enrolment:1")
    credit(factory, tenant, region.staff_id, 20, on, source="training", ref="enrolment:2")
    credit(factory, tenant, region.colleague_id, 10, on, source="training", ref="enrolment:3")
    credit(factory, tenant, rudi, 22, on, source="training", ref="enrolment:4")
    credit(factory, tenant, sari, 24, on, source="training", ref="enrolment:5")
    return Org(region, rudi, sari)


def _client(client_for, org, who="hr"):
    c = client_for(org.region.tenant)
    c.login(f"{who}@pematangsiantar.demo")
    return c


def _kind_rows(page: str) -> dict[str, str]:
    return {k: row for k, row in re.findall(r'<article class="jp-summary" data-kind="([A-Z]+)"[^>]*>(.*?)</article>',
                                            page, re.S)}


def test_settings_page_holds_a_pppk_target_with_its_citation_next_to_the_pns_one(org, factory, client_for):
    c = _client(client_for, org)
    page = c.text(c.get("/training/settings"))
    assert "Target JP PNS per tahun" in page and "Target JP PPPK per tahun" in page
    assert "PP 49/2018 Pasal 40 ayat (1)–(2)" in page and "PP 11/2017 jo. PP 17/2020 Pasal 203" in page
    assert re.search(r'name="pppk_target_jp"[^>]*value="24"', page)
    from tests.test_training_ledger import _settings_form

    form = _settings_form(page)
    form.update(pppk_target_jp="22", pppk_target_citation="PP 49/2018 Pasal 40; Perbup 7/2026")
    assert c.post("/training/settings", form).status_code == 302
    row = factory.scalar(org.region.tenant, "SELECT row_to_json(s) FROM training_settings s")
    assert (row["target_jp"], row["pppk_target_jp"]) == (20, 22)
    assert row["pppk_target_citation"] == "PP 49/2018 Pasal 40; Perbup 7/2026"
    audit = factory.scalar(org.region.tenant, "SELECT after FROM audit_log WHERE action = "
                                              "'training.settings_changed' ORDER BY id DESC LIMIT 1")
    assert audit["pppk_target_jp"] == 22
    bad = c.post("/training/settings", {**form, "pppk_target_jp": "600", "pppk_target_citation": "  "})
    text = c.text(bad)
    assert bad.status_code == 422 and "Isi 0 sampai 500." in text and "Wajib diisi." in text
    assert factory.scalar(org.region.tenant, "SELECT pppk_target_jp FROM training_settings") == 22
    # Rudi's 22 JP now reach the PPPK target
    report = c.text(c.get("/training/compliance?kind=PPPK"))
    assert 'data-testid="share">100%<' in report


def test_compliance_reports_pns_and_pppk_each_against_its_own_target(org, factory, client_for):
    def go():
        from jenjang.training.ledger import compliance
        from jenjang.training.ledger.targets import Targets

        return compliance.kind_report(YEAR, None, Targets(20, 24))

    pns, pppk = factory.run(org.region.tenant, go)
    assert (pns.kind, pns.target, pns.employees, pns.compliant, pns.behind, pns.share) == ("PNS", 20, 3, 2, 1, 66.7)
    assert (pppk.kind, pppk.target, pppk.employees, pppk.compliant, pppk.behind, pppk.share) == \
        ("PPPK", 24, 2, 1, 1, 50.0)
    assert pppk.paruh_waktu == 1
    c = _client(client_for, org)
    page = c.text(c.get("/training/compliance"))
    rows = _kind_rows(page)
    assert "target 20 JP" in rows["PNS"] and "66,7%" in rows["PNS"] and "2 dari 3 pegawai" in rows["PNS"]
    assert "target 24 JP" in rows["PPPK"] and "50%" in rows["PPPK"] and "termasuk 1 paruh waktu" in rows["PPPK"]
    assert "1 dari 2 pegawai mencapai target; 1 belum" in rows["PPPK"]
    assert 'data-testid="share">60%<' in page  # 3 of 5, each against their own target
    assert "Rudi Hartono" in page and "Budi Santoso" in page and "Sari Wulandari" not in page
    rudi_row = re.search(r"Rudi Hartono</a></td>(.*?)</tr>", page, re.S).group(1)
    assert "<td>PPPK</td>" in rudi_row and '<td class="num">2</td>' in rudi_row  # 24 - 22


def test_compliance_filters_by_kind(org, factory, client_for):
    c = _client(client_for, org)
    pppk = c.text(c.get(f"/training/compliance?year={YEAR}&kind=pppk"))
    assert 'data-testid="share">50%<' in pppk and "PPPK: 1 dari 2 pegawai mencapai 24 JP" in pppk
    assert "Rudi Hartono" in pppk and "Budi Santoso" not in pppk
    assert '<option value="PPPK" selected>' in pppk
    assert "/training/compliance/units/" in pppk and "kind=PPPK" in pppk  # drill-down keeps the filter
    pns = c.text(c.get("/training/compliance?kind=PNS"))
    assert 'data-testid="share">66,7%<' in pns and "Budi Santoso" in pns and "Rudi Hartono" not in pns
    everyone = c.text(c.get("/training/compliance?kind=nonsense"))
    assert 'data-testid="share">60%<' in everyone and '<option value="" selected>' in everyone


def _sheets(response):
    wb = openpyxl.load_workbook(io.BytesIO(response.data))
    return [[row for row in ws.iter_rows(values_only=True) if row and row[0]] for ws in wb.worksheets]


def test_compliance_export_carries_each_persons_kind_and_target(org, factory, client_for):
    c = _client(client_for, org)
    units, people, kinds = _sheets(c.get(f"/training/compliance/export.xlsx?year={YEAR}"))
    rudi = [r for r in people if r[1] == "Rudi Hartono"][0]
    assert (rudi[0], rudi[2], rudi[5], rudi[6], rudi[7]) == (RUDI, "PPPK", 22, 24, 2)
    budi = [r for r in people if r[1] == "Budi Santoso"][0]
    assert (budi[2], budi[6], budi[7]) == ("PNS", 20, 10)
    assert ("PNS", 20, 3, 2, 1, 66.7, 18.33, None) in kinds or ("PNS", 20, 3, 2, 1, 66.7, 18.33, "") in kinds
    assert ("PPPK", 24, 2, 1, 1, 50.0, 23.0, 1) in kinds
    # a PPPK paruh waktu behind is labelled as such
    credit(factory, org.region.tenant, org.sari_id, 0, dt.date(YEAR, 3, 1), source="training", ref="enrolment:5")
    _, people, kinds = _sheets(c.get(f"/training/compliance/units/{org.region.unit_id}/export.xlsx?kind=PPPK"))
    names = {r[1]: r[2] for r in people if r[1] not in (None, "Nama")}
    assert names == {"Rudi Hartono": "PPPK", "Sari Wulandari": "PPPK Paruh Waktu"}
    assert kinds[1][0].endswith("· PPPK")  # the subtitle names the filter
    assert [k[0] for k in kinds if k[0] in ("PNS", "PPPK")] == ["PPPK"]


def test_campaign_reminds_each_person_of_their_own_target(org, factory, client_for):
    c = _client(client_for, org)
    r = c.post("/training/compliance/campaign", {"year": str(YEAR)})
    assert r.status_code == 303

    def sent():
        import sqlalchemy as sa

        from jenjang.extensions import db

        return dict(db.session.execute(sa.text(
            "SELECT u.employee_id, n.payload FROM notifications n JOIN users u ON u.id = n.recipient_user_id "
            "WHERE n.kind = 'training.jp_reminder'")).all())

    payloads = factory.run(org.region.tenant, sent)
    assert payloads[org.rudi_id] == {"year": YEAR, "jp": "22", "target": 24, "missing": "2"}
    assert org.region.head_id not in payloads and org.sari_id not in payloads
    campaign = factory.scalar(org.region.tenant, "SELECT row_to_json(c) FROM training_jp_campaigns c")
    assert (campaign["target_jp"], campaign["pppk_target_jp"], campaign["behind_count"]) == (20, 24, 2)


def test_a_pppk_sees_their_own_target_on_jp_saya_and_the_dashboard(org, factory, client_for):
    c = _client(client_for, org, "pppk")
    page = c.text(c.get("/training/jp"))
    assert "dari target PPPK 24 JP" in page and "Kurang 2 JP" in page and 'value="91" max="100"' in page
    card = c.text(c.get("/"))
    assert "/ 24 JP" in card and "Kurang 2 JP" in card
    head = _client(client_for, org, "atasan")
    team = head.text(head.get("/training/jp"))
    assert "Rudi Hartono" in team and "Rudi Hartono: 22 dari 24 JP" in team
    assert "Sari Wulandari" in team and "PPPK Paruh Waktu" in team
    assert "Budi Santoso: 10 dari 20 JP" in team


def test_compliance_by_kind_keeps_a_constant_number_of_queries(org, factory, client_for, query_counter):
    c = _client(client_for, org)

    def count(url) -> int:
        with query_counter:
            assert c.get(url).status_code == 200
        return query_counter.count

    urls = ["/training/compliance", "/training/compliance?kind=PPPK", f"/training/compliance/units/{org.region.unit_id}"]
    before = [count(u) for u in urls]
    for i in range(8):
        add_pppk(factory, org.region.tenant, f"19900101202221{1 + i % 2}{100 + i}", f"PPPK {i}",
                 kind="PPPK_PW" if i % 2 else "PPPK", unit_id=org.region.unit_id)
    assert [count(u) for u in urls] == before


def test_hr_dashboard_card_shows_pns_and_pppk_compliance_side_by_side(org, factory, client_for):
    c = _client(client_for, org)
    page = c.text(c.get("/"))
    card = re.search(r'data-testid="jp-compliance-card">(.*?)</article>', page, re.S).group(1)
    pns = re.search(r'data-kind="PNS">(.*?)</p>', card, re.S).group(1)
    pppk = re.search(r'data-kind="PPPK">(.*?)</p>', card, re.S).group(1)
    assert "2 dari 3 mencapai 20 JP" in pns and "66,7%" in pns
    assert "1 dari 2 mencapai 24 JP" in pppk and "50%" in pppk
    staff = _client(client_for, org, "pegawai")
    assert 'data-testid="jp-compliance-card"' not in staff.text(staff.get("/"))
