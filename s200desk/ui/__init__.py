"""The Qt desktop shell: main window and one package per feature."""
