from zoneinfo import ZoneInfo

from django.utils import timezone


class UserTimezoneMiddleware:
    """Dates and times on every page are shown in the signed-in person's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            timezone.activate(ZoneInfo(request.user.timezone))
        else:
            timezone.deactivate()
        return self.get_response(request)
