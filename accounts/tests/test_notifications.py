"""notify(): the in-app row, the email (a link, never an amount) per the person's choice, and the bell."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.services import notification_emails_retry, notify
from accounts.tests.factories import UserFactory
from finsync.celery import app as celery_app

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def test_notify_creates_the_row_and_emails_a_link(django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=user, kind=Kind.BUDGET_ALERT, title="Groceries reached 80%", url="/budgets/")
    (message,) = mailoutbox
    assert message.to == [user.email]
    assert message.subject == "[FinSync] Groceries reached 80%"
    assert "http://127.0.0.1:8000/budgets/" in message.body
    assert not message.attachments
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert not notification.is_read


def test_notify_skips_email_when_the_person_opted_out(django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory(email_bill_reminders=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind=Kind.BILL_REMINDER, title="Rent is due on Monday", url="/bills/")
        notify(user=user, kind=Kind.REPORT_READY, title="Your October report is ready", url="/reports/")
    assert [m.subject for m in mailoutbox] == ["[FinSync] Your October report is ready"]
    assert user.notifications.count() == 2
    assert user.notifications.get(kind=Kind.BILL_REMINDER).email_status == Notification.EmailStatus.NOT_WANTED


@pytest.mark.parametrize("title", ["Spent $120 on dining", "Balance is 1,204.50", "Charged €9"])
def test_notify_refuses_titles_with_amounts(title):
    with pytest.raises(ValueError, match="must not contain amounts"):
        notify(user=UserFactory(), kind=Kind.BUDGET_ALERT, title=title, url="/budgets/")
    assert not Notification.objects.exists()


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "budgets/"])
def test_notify_links_only_to_pages_of_finsync(url):
    with pytest.raises(ValueError, match="links to a page of FinSync"):
        notify(user=UserFactory(), kind=Kind.BUDGET_ALERT, title="Groceries reached 80%", url=url)


@contextmanager
def broker_at(url):
    """Send tasks to the broker at `url` (not eagerly) for a while."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = False, url
    celery_app._pool = None  # Celery caches broker connections per app: make it connect anew
    try:
        yield
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved
        celery_app._pool = None


def test_an_unsent_email_goes_out_with_the_periodic_retry(django_capture_on_commit_callbacks, mailoutbox):
    """With the broker unreachable, the notification is kept and its email is sent by the retry sweep."""
    user = UserFactory()
    nowhere = "redis://127.0.0.1:9/0"  # nothing listens there
    with broker_at(nowhere), django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=user, kind=Kind.CONNECTION_PROBLEM, title="Your bank needs you", url="/")
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert not mailoutbox

    assert notification_emails_retry() == 0, "a just-queued email is left to its task for a few minutes"
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert notification_emails_retry() == 1
        assert notification_emails_retry() == 0, "sent once, never twice"
    assert len(mailoutbox) == 1


def test_the_bell_counts_unread_notifications(client):
    user = UserFactory(email_budget_alerts=False)
    client.force_login(user)
    for title in ["Groceries reached 80%", "Dining reached 100%"]:
        notify(user=user, kind=Kind.BUDGET_ALERT, title=title, url="/budgets/")
    assert client.get(reverse("dashboard")).context["unread_notification_count"] == 2
    page = client.get(reverse("notifications")).content.decode()
    assert "Groceries reached 80%" in page
    assert "Dining reached 100%" in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client):
    user = UserFactory(email_budget_alerts=False)
    notification = notify(user=user, kind=Kind.BUDGET_ALERT, title="Groceries reached 80%", url="/budgets/")
    client.force_login(user)
    response = client.post(reverse("notification_open", args=[notification.pk]))
    assert response.url == "/budgets/"
    notification.refresh_from_db()
    assert notification.is_read
    assert client.get(reverse("dashboard")).context["unread_notification_count"] == 0


def test_mark_all_read(client):
    user = UserFactory(email_budget_alerts=False)
    for title in ["Groceries reached 80%", "Dining reached 100%"]:
        notify(user=user, kind=Kind.BUDGET_ALERT, title=title, url="/budgets/")
    client.force_login(user)
    client.post(reverse("notifications_read_all"))
    assert not user.notifications.filter(read_at__isnull=True).exists()


def test_another_persons_notification_is_a_404(client):
    owner = UserFactory(email_budget_alerts=False)
    notification = notify(user=owner, kind=Kind.BUDGET_ALERT, title="Groceries reached 80%", url="/budgets/")
    client.force_login(UserFactory())
    assert client.post(reverse("notification_open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read
    assert "Groceries" not in client.get(reverse("notifications")).content.decode()
