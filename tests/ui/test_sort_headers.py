"""A sorted column's header shows its whole title and the sort arrow beside it, not on it: the
analytics' top posts ("Views", sorted at first) and the posts list, at 1440×900 and 1024×700,
in the light and the dark theme. Measured from the grabbed header's pixels."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from demo_screens import demo_in_theme, settle, show_page

from s200desk.ui.qt import QRect, Qt, QtGui

SIZES = ((1440, 900), (1024, 700))


def section_image(header: Any, section: int) -> QtGui.QImage:
    view = header.parent()
    view.scrollTo(view.model().index(0, section))  # a small window scrolls to the column
    header.viewport().repaint()
    x = header.sectionViewportPosition(section)
    rect = QRect(x, 0, header.sectionSize(section), header.height())
    return header.viewport().grab(rect).toImage().convertToFormat(
        QtGui.QImage.Format.Format_RGB32)


def ink(image: QtGui.QImage) -> set[tuple[int, int]]:
    """Pixels that differ from the section's background (its top-left corner's colour)."""
    background = image.pixel(1, 1)
    return {(x, y) for y in range(image.height() - 2) for x in range(image.width())
            if image.pixel(x, y) != background}


def arrow_problems(header: Any, section: int, other: int, what: str,
                   may_hide: bool = False) -> list[str]:
    """Sorted by ``section``, its title is drawn as when sorted by ``other`` (whole, not
    covered) and the arrow is drawn clear of it. ``may_hide``: a column of icons too narrow for
    its title may show none, with the arrow alone when sorted; never a cut one."""
    title = header.model().headerData(section, Qt.Orientation.Horizontal)
    order = Qt.SortOrder.DescendingOrder
    header.setSortIndicator(other, order)
    plain = section_image(header, section)
    header.setSortIndicator(section, order)
    sorted_ = section_image(header, section)
    if plain.size() != sorted_.size():
        return [f"{what}: {title!r} changes width when sorted"]
    text = ink(plain)
    if not text:
        if may_hide:
            return [] if ink(sorted_) else [f"{what}: sorted by {title!r}, no sort arrow"]
        return [f"{what}: {title!r} shows no title"]
    left = min(x for x, _ in text) - 1
    right = max(x for x, _ in text) + 1
    problems = []
    if left <= 0 or right >= plain.width() - 1:
        problems.append(f"{what}: {title!r} is cut at the section's edge")
    covered = [(x, y) for y in range(plain.height() - 2) for x in range(left, right + 1)
               if plain.pixel(x, y) != sorted_.pixel(x, y)]
    if covered:
        problems.append(f"{what}: sorted by {title!r}, {len(covered)} pixels of its title change "
                        "(the arrow covers or cuts it)")
    if not ink(sorted_) - text:
        problems.append(f"{what}: sorted by {title!r}, no sort arrow is drawn")
    return problems


@pytest.fixture(params=["light", "dark"])
def themed(request: Any, qapp: Any, arun: Any, qtbot: Any, demo_emulator: Any) -> Iterator[Any]:
    theme = request.param
    yield from demo_in_theme(theme, qapp, arun, qtbot, demo_emulator, f"ws-sort-{theme}")


def test_sort_arrows_sit_beside_the_titles(themed: Any, arun: Any) -> None:
    from s200desk.ui.analytics.top_posts import COLUMNS
    from s200desk.ui.posts.model import PostsTableModel

    controller = themed.controller
    problems: list[str] = []
    for width, height in SIZES:
        controller.window.resize(width, height)
        arun(show_page(controller, "analytics"), 30)
        arun(settle(10))
        top = controller.pages.analytics.top_table.horizontalHeader()
        views = [name for name, _ in COLUMNS].index("Views")
        assert top.sortIndicatorSection() == views  # the analytics open sorted by views
        for section in range(top.count()):
            other = views if section != views else 0
            problems += arrow_problems(top, section, other, f"top posts at {width}×{height}")
        top.setSortIndicator(views, Qt.SortOrder.DescendingOrder)
        arun(show_page(controller, "posts"), 30)
        posts = controller.window.posts_page.table.horizontalHeader()
        for section in range(posts.count()):
            if posts.isSectionHidden(section) or posts.sectionSize(section) == 0:
                continue
            other = 0 if section else 1
            icons = section == PostsTableModel.PLATFORM and width < 1440
            problems += arrow_problems(posts, section, other, f"posts list at {width}×{height}",
                                       may_hide=icons)
    assert not problems, "\n".join(problems)
