"""What the app does: sync, outbox, rescheduling, media, analytics. Async and Qt-free."""
