"""Small widgets shared by the pages: banners and the status bar."""
