"""Every write to accounts data: preferences, notifications, the demo user."""

import logging
import re
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Notification, User
from finsync.celery import enqueue_on_commit

logger = logging.getLogger(__name__)

PREFERENCE_FIELDS = (
    "display_name",
    "timezone",
    "default_currency",
    "email_budget_alerts",
    "email_bill_reminders",
    "email_connection_problems",
    "email_reports_ready",
    "email_unusual_spending",
    "report_frequency",
    "bill_reminder_days",
    "new_merchant_alert_amount",
)

# A notification title is emailed, and emails never carry amounts: no currency signs, no "12.34".
_AMOUNT = re.compile(r"[$€£¥₹]|\d[.,]\d\d(?!\d)")


def has_amount(text: str) -> bool:
    """Whether `text` looks like it holds an amount of money (and so may not go into an email)."""
    return bool(_AMOUNT.search(text))


@transaction.atomic
def preferences_update(*, user: User, **preferences) -> User:
    unknown = set(preferences) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValueError(f"Not a preference: {', '.join(sorted(unknown))}")
    for field, value in preferences.items():
        setattr(user, field, value)
    user.clean_fields(exclude=[f.name for f in User._meta.fields if f.name not in preferences])
    user.save(update_fields=list(preferences))
    return user


@transaction.atomic
def notify(*, user: User, kind: Notification.Kind, title: str, url: str) -> Notification:
    """Tell `user` something in-app, and by email when they opted in to this kind.

    `url` is a page of FinSync (a path); the email carries only the title and that link.
    """
    if has_amount(title):
        raise ValueError(f"Notification titles are emailed and must not contain amounts: {title!r}")
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"A notification links to a page of FinSync (a path such as /budgets/), not {url!r}")
    wants_email = getattr(user, Notification.EMAIL_PREFERENCE[kind])
    notification = Notification.objects.create(
        user=user,
        kind=kind,
        title=title,
        url=url,
        email_status=Notification.EmailStatus.PENDING if wants_email else Notification.EmailStatus.NOT_WANTED,
    )
    if wants_email:
        from accounts.tasks import send_notification_email  # tasks call services: import here, not at the top

        enqueue_on_commit(send_notification_email, notification.pk)
    return notification


@transaction.atomic
def notification_email_send(*, notification_id: int) -> bool:
    """Email a pending notification once; False when there is nothing (more) to send.

    A failure to send raises, the notification stays pending, and the periodic retry sends it later.
    """
    notification = (
        Notification.objects.select_for_update()
        .select_related("user")
        .filter(pk=notification_id, email_status=Notification.EmailStatus.PENDING)
        .first()
    )
    if notification is None:
        return False
    context = {
        "notification": notification,
        "link": settings.SITE_URL + notification.url,
        "site_url": settings.SITE_URL,
    }
    send_mail(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + notification.title,
        message=render_to_string("accounts/email/notification.txt", context),
        from_email=None,
        recipient_list=[notification.user.email],
    )
    notification.email_status = Notification.EmailStatus.SENT
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["email_status", "emailed_at"])
    return True


def notification_emails_retry(*, older_than_minutes: int = 5, limit: int = 500) -> int:
    """Send the notification emails still pending (broker or mail server was down); returns how many went."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    pending = Notification.objects.filter(email_status=Notification.EmailStatus.PENDING, created_at__lt=cutoff)
    sent = 0
    for notification_id in pending.order_by("created_at").values_list("pk", flat=True)[:limit]:
        try:
            sent += notification_email_send(notification_id=notification_id)
        except Exception:
            logger.exception("Notification %s: email still not sent; will try again", notification_id)
    return sent


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def demo_user_ensure(*, email: str, password: str) -> User:
    """The demo login, with its email verified; running it again resets the password."""
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, display_name="Demo")
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def mfa_secrets():
    """Stored MFA secrets (TOTP secrets, recovery-code seeds), for the encryption check and key rotation."""
    authenticators = Authenticator.objects.filter(type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES])
    for authenticator in authenticators.iterator():
        for key in ("secret", "seed"):
            if key in authenticator.data:
                yield authenticator.data[key], _mfa_secret_writer(authenticator, key)


def _mfa_secret_writer(authenticator: Authenticator, key: str):
    def write(token: str) -> None:
        authenticator.data[key] = token
        authenticator.save(update_fields=["data"])

    return write
