from accounts.selectors import unread_notification_count


def unread_notifications(request) -> dict:
    """The count on the notifications bell in every page's header."""
    if not request.user.is_authenticated:
        return {}
    return {"unread_notification_count": unread_notification_count(user=request.user)}
