"""Day-before session reminders (issue: "reminder the day before a session").

Run once a day by cron or a systemd timer, e.g. at 07:00 WIB:

    0 7 * * *  cd /srv/bina && .venv/bin/python manage.py send_session_reminders

(or enqueue `bina.training.tasks.send_session_reminders_task` from a scheduler). "Tomorrow" is computed
in each Pemda's own time zone (`Pemda.timezone`: WIB, WITA or WIT), so a WIT Pemda is reminded about
its own calendar day. Each session is claimed with a conditional UPDATE on `reminder_sent_at` (the
pattern of healthchecks' `sendalerts`), so two overlapping runs never both send; the notification's
`event_key` adds a second guard per recipient.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from bina.core.models import Pemda, TimeZone
from bina.training.classes.models import ClassStatus, EnrolmentStatus, Session

TITLE = gettext_lazy("Reminder: %(course)s tomorrow at %(time)s")
BODY = gettext_lazy(
    'Your session "%(topic)s" of %(course)s (%(klass)s) starts on %(date)s at %(time)s %(zone)s. Place: %(place)s.'
)
ONLINE = gettext_lazy("online, %(url)s")
NOT_SET = gettext_lazy("see the class page")
ZONE_NAMES = {zone.value: zone.name for zone in TimeZone}  # "Asia/Jayapura" -> "WIT"


def _tomorrow_bounds(tz_name: str, now: datetime) -> tuple[datetime, datetime]:
    tz = ZoneInfo(tz_name)
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, time.min, tzinfo=tz)
    return start, start + timedelta(days=1)


def session_reminders_send(*, now: datetime | None = None) -> int:
    """Remind the enrolled participants and the instructor of every session starting tomorrow; returns how many
    notifications were created. Safe to run more than once a day."""
    now = now or timezone.now()
    sent = 0
    for pemda_id, tz_name in Pemda.objects.filter(is_active=True).values_list("pk", "timezone"):
        start, end = _tomorrow_bounds(tz_name, now)
        candidates = (
            Session.objects.filter(
                pemda_id=pemda_id, starts_at__gte=start, starts_at__lt=end, reminder_sent_at__isnull=True
            )
            .exclude(klass__status__in=(ClassStatus.CANCELLED, ClassStatus.DRAFT))
            .values_list("pk", flat=True)
        )
        for session_id in list(candidates):
            sent += _remind_session(session_id, tz_name, now)
    return sent


@transaction.atomic
def _remind_session(session_id: int, tz_name: str, now: datetime) -> int:
    # The claim: only the run whose UPDATE changes the row sends; a concurrent run sees 0 rows.
    claimed = Session.objects.filter(pk=session_id, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
    if not claimed:
        return 0
    from django.urls import reverse
    from django.utils import translation

    from bina.accounts.models import User
    from bina.notifications.services import notify

    session = Session.objects.select_related("klass", "klass__course", "instructor").get(pk=session_id)
    klass = session.klass
    local = session.starts_at.astimezone(ZoneInfo(tz_name))
    place: object
    if session.room:
        place = session.room
    elif session.online_url:
        place = ONLINE
    elif klass.venue:
        place = klass.venue
    else:
        place = NOT_SET
    params = {
        "course": klass.course.title,
        "klass": klass.name,
        "topic": session.topic,
        "date": local.date(),
        "time": local.time(),
        "zone": ZONE_NAMES.get(tz_name, tz_name),
        "url": session.online_url,
    }
    url = reverse("training:my_learning")
    users = list(
        User.objects.filter(
            is_active=True,
            pemda_id=session.pemda_id,
            employee__enrolments__klass_id=klass.pk,
            employee__enrolments__status=EnrolmentStatus.ENROLLED,
        ).select_related("employee")
    )
    instructor_user_id = session.instructor.user_id if session.instructor is not None else None
    if instructor_user_id is not None and all(u.pk != instructor_user_id for u in users):
        instructor_user = User.objects.filter(pk=instructor_user_id, is_active=True).first()
        if instructor_user is not None:
            users.append(instructor_user)
    count = 0
    for user in users:
        # `place` may itself be a lazy text with a placeholder: render it in the recipient's language.
        with translation.override(user.language or "id"):
            user_params = {**params, "place": str(place) % params if place is ONLINE else str(place)}
        if notify(
            user=user,
            kind="session_reminder",
            event_key=f"reminder:session:{session.pk}",
            title=TITLE,
            body=BODY,
            params=user_params,
            url=url,
        ):
            count += 1
    return count
