"""The posts list: model over the store, filters, the detail pane and the cancel action."""
