"""One post lifecycle (reschedule, undo/redo, edit, cancel, duplicate) for every caller.

The calendar, the posts list, the composer and the command line all call ``PostLifecycle``; see
``service`` and, for how a replacement is built from the full post, ``outbox.derive``.
"""
