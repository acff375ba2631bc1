"""The calendar page: month, week and agenda; drag a post to reschedule it (issue 6).

Plugging it into the main window (``tests/ui/calendar/test_in_main_window.py`` does exactly this)::

    from s200desk.ui.calendar.page import CalendarPage
    from s200desk.ui.calendar.outbox_backend import OutboxCalendarBackend
    from s200desk.ui.outbox.runner import OutboxRunner

    runner = OutboxRunner.for_session(session, tasks, parent=window)   # or the one you have
    runner.start()
    page = CalendarPage(
        posts_model=controller.posts_model,      # the shared PostsTableModel (read unfiltered)
        selection=controller.selection,          # the sidebar's ProfileSelection
        settings=controller.settings,            # time_zone, first_day_of_week, plan
        backend=OutboxCalendarBackend(runner.service),
        parent=window)
    page.compose_requested.connect(...)      # aware UTC datetime: open the composer there
    page.open_requested.connect(...)         # post id
    page.edit_as_draft_requested.connect(...)   # post id
    page.duplicate_requested.connect(...)    # post id
    page.status_message.connect(...)         # text for the status bar
    page.post_moved.connect(lambda *_: controller.request_sync())
    page.apply_settings(settings)            # again whenever the settings change
    page.set_backend(...)                    # on a workspace switch (None while offline)
    await page.aclose()                      # before the loop stops

``clock=`` (a ``() -> aware datetime``) is for tests and demos with a manual clock.

This package imports none of its modules: the outbox's backend is needed before the first sync,
the page and its views only after it (ui/worker_imports.py).
"""
