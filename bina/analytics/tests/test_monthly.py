"""The leaders' monthly one-page report: a real PDF of the reader's reach, a subscription, one notice a month."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from bina.analytics.models import MonthlyReportSubscription
from bina.analytics.monthly import monthly_report_pdf, monthly_reports_send, monthly_summary
from bina.analytics.panels import month_index
from bina.analytics.tests.test_impact import seed
from bina.core.errors import PermissionDenied
from bina.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_monthly_report_is_one_page_of_the_readers_figures(world, client_as):
    seed(world, per_month=1)
    summary = monthly_summary(world.actor("leader"), month=month_index(dt.date(2026, 1, 1)))
    assert summary.dashboard is not None and summary.transactions == 8  # Kelurahan Alfa Satu's 8 officers
    assert summary.transactions_year_before == 8 and summary.process_chart is not None
    admin = monthly_summary(world.actor("admin"), month=month_index(dt.date(2026, 1, 1)))
    assert admin.transactions == 16 and admin.dashboard is None  # the admin's reach; no leader dashboard
    pdf = PdfReader(io.BytesIO(monthly_report_pdf(summary, pemda_id=world.pemda.pk)))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "Jan 2026" in text and "JP" in text
    response = client_as(world.users["leader"]).get("/analytics/monthly/", {"month": "2026-01"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "no-store" in response["Cache-Control"]
    assert client_as(world.users["leader"]).get("/analytics/monthly/", {"month": "2026-13"}).status_code == 422
    assert client_as(world.users["participant"]).get("/analytics/monthly/").status_code == 403
    with pytest.raises(PermissionDenied):
        monthly_summary(world.actor("participant"), month=month_index(dt.date(2026, 1, 1)))


def test_subscribers_get_one_notice_a_month(world, client_as):
    leader = client_as(world.users["leader"])
    assert leader.post("/analytics/monthly/subscribe/", {"on": "1"}).status_code == 302
    assert MonthlyReportSubscription.objects.filter(user=world.users["leader"]).exists()
    assert client_as(world.users["participant"]).post("/analytics/monthly/subscribe/", {"on": "1"}).status_code == 403
    assert monthly_reports_send(today=dt.date(2026, 12, 1)) == "monthly reports for 2026-11: 1 sent"
    assert monthly_reports_send(today=dt.date(2026, 12, 2)) == "monthly reports for 2026-11: 0 sent"  # once
    notice = Notification.objects.get(user=world.users["leader"])
    assert notice.url.endswith("?month=2026-11") and notice.kind == "monthly_report"
    assert monthly_reports_send(today=dt.date(2027, 1, 1)).endswith("1 sent")
    leader.post("/analytics/monthly/subscribe/", {"on": "0"})
    assert monthly_reports_send(today=dt.date(2027, 2, 1)).endswith("0 sent")


def test_the_monthly_email_carries_the_pdf_of_the_readers_month(world, django_capture_on_commit_callbacks):
    from django.core import mail

    leader = world.users["leader"]
    leader.email = "sekda@example.go.id"
    leader.save(update_fields=["email"])
    MonthlyReportSubscription.objects.create(pemda=world.pemda, user=leader)
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_reports_send(today=dt.date(2026, 12, 1)).endswith("1 sent")
    sent = [m for m in mail.outbox if m.to == ["sekda@example.go.id"]]
    assert len(sent) == 1
    ((name, content, mimetype),) = sent[0].attachments
    assert name == "laporan-bulanan-2026-11.pdf" and mimetype == "application/pdf"
    assert len(PdfReader(io.BytesIO(content)).pages) == 1
