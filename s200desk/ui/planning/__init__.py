"""Planning ahead in the app: the queue editor and view, best-time suggestions, snippets."""
