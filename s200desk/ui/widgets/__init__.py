"""Small widgets shared by the pages: banners, the status bar, the "coming later" page."""
