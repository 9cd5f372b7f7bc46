"""When each connection syncs by itself: once a night, in its owner's local night."""

import hashlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from banking.models import Connection

NIGHT_STARTS, NIGHT_MINUTES = time(2, 0), 180  # 02:00 to 05:00 local time


def next_nightly_sync(connection: Connection, *, after: datetime) -> datetime:
    """The next moment in its owner's local night for this connection, strictly after `after`.

    Each connection gets a stable minute in the window from a hash of its id, so the nightly load is
    spread evenly rather than piling up at 02:00.
    """
    zone = ZoneInfo(connection.user.timezone)
    minute = int(hashlib.sha256(str(connection.pk).encode()).hexdigest(), 16) % NIGHT_MINUTES
    day = after.astimezone(zone).date()
    while True:
        moment = datetime.combine(day, NIGHT_STARTS, tzinfo=zone) + timedelta(minutes=minute)
        if moment > after:
            return moment
        day += timedelta(days=1)
