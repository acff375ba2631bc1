"""Notifications: a tray icon with the count of posts needing attention and desktop messages
when a post fails, is queued for the next day, or publishes; an in-app banner without a tray.
Which changes notify is ``services.notifications``; this package only shows them."""

from s200desk.ui.notifications.center import NotificationCenter

__all__ = ["NotificationCenter"]
