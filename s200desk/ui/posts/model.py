"""PostsTableModel: the store's posts as a Qt table, filtered and sorted.

Two ways to feed it. Windowed (``set_reader``, what the app does): the store answers each filter
with the ordered rowids of the matching posts and the model reads the rows it paints in blocks,
so 100,000 cached posts cost a list of ints, not 100,000 records; ``refresh`` after a sync
updates the rows that changed (dataChanged) or the rows added or removed, not the whole model.
Over a large store (``background_from`` posts) those order queries run on a worker thread
(``KeyFetcher``) and the model applies the newest answer when it arrives, so typing in the search
box never waits on the store and never shows an older search's rows.
In memory (``set_posts``: tests, the calendar's own fixtures): a plain list filtered and sorted
in Python rather than through a QSortFilterProxyModel, which would call back into Python once
per row.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from s200desk.services.post_rules import HIDDEN_BY_DEFAULT, chosen, happens_at
from s200desk.store.post_window import ListQuery, PostWindowReader, SortKey
from s200desk.store.records import StoredPost
from s200desk.ui.formatting import as_utc, format_when, status_label, zone
from s200desk.ui.icons import platform_icon, platform_label
from s200desk.ui.posts.key_fetcher import Answer, KeyFetcher
from s200desk.ui.qt import QAbstractTableModel, QColor, QModelIndex, Qt, QtModelIndex, Slot
from s200desk.ui.theme import colours

PostsLoader = Callable[[], Iterable[Any]]
ProfileKey = tuple[str, str]  # (platform, account_id)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
BLOCK_ROWS = 200  # rows read at once: more than a screen
KEPT_ROWS = 1200  # records kept around the rows on screen (a few screens up and down)
# From this many posts in the store the order queries leave the UI thread: below it they take
# under ~10 ms (docs/performance.md), less than the trip to a worker and back, and the rows are
# there at once.
BACKGROUND_FROM = 20_000
# What a pending order query will do to the list when it arrives (the strongest one asked wins).
_REFRESH, _LAYOUT, _RESET = 1, 2, 3
_generations = itertools.count(1)


@dataclass(slots=True)
class PostRow:
    """One post as the list shows it."""

    id: str
    platform: str
    account_id: str
    caption: str
    status: str
    scheduled_for: datetime | None
    published_at: datetime | None
    created_at: datetime | None
    when: datetime | None

    @classmethod
    def from_post(cls, post: Any) -> PostRow:
        """From a store ``StoredPost``, an api ``Post`` or a mapping with the documented names."""
        if isinstance(post, dict):
            return cls._from_fields(post.get)
        created = getattr(post, "created_at", None)
        if created is None or (isinstance(created, datetime) and created.tzinfo is UTC):
            # The store's records hold aware UTC datetimes already: the fast path (10,000 rows
            # in a few ms rather than 100+).
            status = post.status
            sched, pub = post.scheduled_for, post.published_at
            if _plain_utc(sched) and _plain_utc(pub) and isinstance(status, str):
                when = happens_at(status, sched, pub, created)
                return cls(
                    post.id,
                    post.platform,
                    post.account_id,
                    post.caption or "",
                    status,
                    sched,
                    pub,
                    created,
                    when,
                )
        return cls._from_fields(lambda name: getattr(post, name, None))

    @classmethod
    def _from_fields(cls, get: Callable[[str], Any]) -> PostRow:
        status = get("status") or ""
        status = str(getattr(status, "value", status))
        scheduled = as_utc(get("scheduled_for"))
        published = as_utc(get("published_at"))
        created = as_utc(get("created_at"))
        when = happens_at(status, scheduled, published, created)
        platform = get("platform")
        return cls(
            id=str(get("id")),
            platform=str(getattr(platform, "value", platform) or ""),
            account_id=str(get("account_id") or ""),
            caption=str(get("caption") or ""),
            status=status,
            scheduled_for=scheduled,
            published_at=published,
            created_at=created,
            when=when,
        )

    @property
    def haystack(self) -> str:
        """What the text search looks in."""
        return f"{self.caption}\n{self.account_id}\n{self.platform}".casefold()


def _plain_utc(value: object) -> bool:
    return value is None or (isinstance(value, datetime) and value.tzinfo is UTC)


# What a row of the list is: our own row, or the store's record as it came (same fields).
PostLike = PostRow | StoredPost


@dataclass
class PostsFilter:
    """What the posts list shows; empty sets mean "all"."""

    profiles: frozenset[ProfileKey] = field(default_factory=frozenset)
    platforms: frozenset[str] = field(default_factory=frozenset)
    statuses: frozenset[str] = field(default_factory=frozenset)
    text: str = ""

    def accepts(self, row: PostLike) -> bool:
        if not chosen(row, self.profiles, self.platforms, self.statuses):
            return False
        if not self.text:
            return True
        needle = self.needle
        return (
            needle in row.caption.casefold()
            or needle in row.account_id.casefold()
            or needle in row.platform
        )

    @property
    def needle(self) -> str:
        return self.text.casefold()


class PostsTableModel(QAbstractTableModel):
    """Platform, profile, caption, status and time of each post in the store passing the filter."""

    COLUMNS = ("Platform", "Profile", "Caption", "Status", "When")
    PLATFORM, PROFILE, CAPTION, STATUS, WHEN = range(5)
    PostIdRole = int(Qt.ItemDataRole.UserRole) + 1
    PostRowRole = int(Qt.ItemDataRole.UserRole) + 2

    def __init__(self, loader: PostsLoader | None = None, time_zone: str | None = None) -> None:
        super().__init__()
        self._loader = loader
        self._all: list[PostLike] = []
        self._rows: list[PostLike] = []
        self._filter = PostsFilter()
        self._tz: tzinfo = zone(time_zone)
        self._names: dict[ProfileKey, str] = {}
        self._sort_column = self.WHEN
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._now = datetime.now(UTC)
        # Windowed: the rowids of the rows shown, in order, and the records read so far.
        self._reader: PostWindowReader | None = None
        self._keyed = False  # the rows shown are ``_keys`` (else the in-memory ``_rows``)
        self._keys: list[int] = []
        self._kept: OrderedDict[int, StoredPost] = OrderedDict()
        self._total = 0
        # The order query under way on the worker thread, if any, and what it will change.
        self.background_from = BACKGROUND_FROM
        self._fetcher: KeyFetcher | None = None
        self._asked = 0
        self._future: Future[Answer | None] | None = None
        self._pending_kind = 0
        self._pending_ids: set[str] | None = set()  # None: any post may have changed
        # True while rows are being removed: a selection Qt moves meanwhile is nobody's pick.
        self.removing_rows = False

    # -- feeding ---------------------------------------------------------------------------

    def set_loader(self, loader: PostsLoader | None) -> None:
        """Point the model at another store (a workspace switch) and reload."""
        self._loader = loader
        self.reload()

    def reload(self) -> None:
        """Read every post from the store again (one model reset, no per-row signals)."""
        posts = list(self._loader()) if self._loader is not None else []
        self.set_posts(posts)

    def set_reader(self, reader: PostWindowReader | None) -> None:
        """Read the posts from the store in windows through ``reader`` (None: show nothing)."""
        self._now = datetime.now(UTC)
        self._forget_pending()
        if self._fetcher is not None and (reader is None or reader.path != self._fetcher.path):
            self._stop_fetcher()  # another store: the worker's connection goes with it
        self._reader = reader
        self._kept.clear()
        if reader is None or self._keyed:
            # The previous store's rows go now (its reader may be closed next); rows held in
            # memory (the first frame's) stay until this store's order arrives.
            self.beginResetModel()
            self._keyed, self._keys, self._total = False, [], 0
            self._all, self._rows = [], []
            self.endResetModel()
        if reader is not None:
            self._total = reader.total()  # a count: ~2 ms at 100,000
            self._ask(_RESET)

    @property
    def reader(self) -> PostWindowReader | None:
        return self._reader

    @property
    def windowed(self) -> bool:
        return self._reader is not None

    def refresh(self, changed_ids: Collection[str] | None = None) -> None:
        """Read the store again after it changed (windowed). Rows whose post changed get
        dataChanged; posts added or removed in one run of rows are inserted or removed there;
        only a change that reorders the list resets it. ``changed_ids``: the posts a change
        named (None: any may have changed)."""
        if self._reader is None:
            self.reload()
            return
        self._now = datetime.now(UTC)
        self._ask(_REFRESH, changed_ids)

    # -- the order of the rows, read in place or on the worker thread -----------------------

    def _ask(self, kind: int, changed_ids: Collection[str] | None = ()) -> None:
        """Read the current filter's rowids; ``kind`` says what their arrival does."""
        reader = self._reader
        assert reader is not None
        self._pending_kind = max(self._pending_kind, kind)
        if changed_ids is None or self._pending_ids is None:
            self._pending_ids = None
        else:
            self._pending_ids.update(changed_ids)
        if self._total >= self.background_from and reader.path is not None:
            if self._fetcher is None:
                self._fetcher = KeyFetcher(reader.path)
                self._fetcher.arrived.connect(self._on_keys_arrived)
            self._asked = next(_generations)
            self._future = self._fetcher.ask(self._query(), self._asked)
            return
        self._apply(reader.keys(self._query()), reader.total())

    @Slot(int, object, int)
    def _on_keys_arrived(self, generation: int, keys: list[int] | None, total: int) -> None:
        if generation != self._asked:
            return  # superseded (or already applied by settle)
        if keys is None and self._reader is not None:  # failed on the worker: once more here
            keys, total = self._reader.keys(self._query()), self._reader.total()
        self._apply(keys or [], total)

    def settle(self, timeout: float = 30.0) -> None:
        """Wait for the order query under way, if any, and show its answer now (tests, the
        benchmarks: the app lets the answer arrive through the event loop)."""
        future, asked = self._future, self._asked
        if future is None or not asked:
            return
        answer = future.result(timeout)
        if answer is not None and answer[0] == self._asked:
            self._apply(answer[1], answer[2])
        elif self._asked == asked and self._reader is not None:  # failed on the worker
            self._apply(self._reader.keys(self._query()), self._reader.total())

    @property
    def pending(self) -> bool:
        """An order query is under way: the rows shown are the previous answer's."""
        return bool(self._asked)

    def _forget_pending(self) -> None:
        """Whatever the order query under way brings, it will not be shown."""
        self._asked, self._future = 0, None
        self._pending_kind, self._pending_ids = 0, set()

    def _stop_fetcher(self) -> None:
        self._forget_pending()
        if self._fetcher is not None:
            self._fetcher.arrived.disconnect(self._on_keys_arrived)
            self._fetcher.close()
            self._fetcher = None

    def _apply(self, new: list[int], total: int) -> None:
        """Show the rowids read for the current filter, as the pending request asked."""
        kind, changed_ids = self._pending_kind, self._pending_ids
        self._asked, self._future = 0, None
        self._pending_kind, self._pending_ids = 0, set()
        self._total = total
        if kind == _RESET or not self._keyed:
            self.beginResetModel()
            self._keyed, self._keys = True, new
            self._all, self._rows = [], []
            self._kept.clear()
            self.endResetModel()
            return
        if kind == _LAYOUT:
            self.layoutAboutToBeChanged.emit()
            self._keys = new
            self.layoutChanged.emit()
        else:
            self._move_rows(new)
        if changed_ids is None or changed_ids:
            self._reread_kept(changed_ids)

    def _move_rows(self, new: list[int]) -> None:
        """From the rows shown to ``new``: one run inserted or removed, else a reset."""
        old = self._keys
        if new != old:
            same_start = _common_prefix(old, new)
            same_end = _common_suffix(old, new, min(len(old), len(new)) - same_start)
            gone = len(old) - same_start - same_end
            added = len(new) - same_start - same_end
            if gone and added:
                self.beginResetModel()
                self._keys = new
                self._kept.clear()
                self.endResetModel()
                return
            if added:
                self.beginInsertRows(QModelIndex(), same_start, same_start + added - 1)
                self._keys = new
                self.endInsertRows()
            else:
                self.removing_rows = True
                try:
                    self.beginRemoveRows(QModelIndex(), same_start, same_start + gone - 1)
                    self._keys = new
                    self.endRemoveRows()
                finally:
                    self.removing_rows = False

    def _reread_kept(self, changed_ids: Collection[str] | None) -> None:
        """Read the kept records again; dataChanged for those that changed."""
        assert self._reader is not None
        wanted = [
            key
            for key, post in self._kept.items()
            if changed_ids is None or post.id in changed_ids
        ]
        if not wanted:
            return
        fresh = self._reader.rows(wanted)
        changed: set[int] = set()
        for key in wanted:
            post = fresh.get(key)
            if post is None:
                del self._kept[key]
            elif post != self._kept[key]:
                self._kept[key] = post
                changed.add(key)
        if not changed:
            return
        last = self.columnCount() - 1
        for row, key in enumerate(self._keys):
            if key in changed:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _query(self) -> ListQuery:
        f = self._filter
        return ListQuery(
            profiles=frozenset(f.profiles),
            platforms=frozenset(f.platforms),
            statuses=frozenset(f.statuses),
            hidden=HIDDEN_BY_DEFAULT,
            text=f.text,
            sort=_SORT_KEYS.get(self._sort_column, "when"),
            descending=self._sort_order == Qt.SortOrder.DescendingOrder,
        )

    def _windowed_row(self, row: int) -> StoredPost | None:
        key = self._keys[row]
        post = self._kept.get(key)
        if post is not None:
            self._kept.move_to_end(key)
            return post
        assert self._reader is not None
        start = row - row % BLOCK_ROWS
        block = [k for k in self._keys[start : start + BLOCK_ROWS] if k not in self._kept]
        self._kept.update(self._reader.rows(block))
        while len(self._kept) > KEPT_ROWS:
            self._kept.popitem(last=False)
        return self._kept.get(key)

    def set_posts(self, posts: Iterable[Any]) -> None:
        # The store's records already carry every field a row needs (and aware UTC times), so
        # they are kept as they are: converting 10,000 of them costs ~50 ms of UI time.
        rows = [
            row if isinstance(row, PostRow | StoredPost) else PostRow.from_post(row)
            for row in posts
        ]
        self._now = datetime.now(UTC)
        self._stop_fetcher()
        self.beginResetModel()
        self._reader, self._keyed, self._keys = None, False, []
        self._kept.clear()
        self._all = rows
        self._rows = self._filtered_sorted()
        self.endResetModel()

    def set_profile_names(self, names: dict[ProfileKey, str]) -> None:
        self._names = dict(names)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, self.PROFILE), self.index(self.rowCount() - 1, self.PROFILE)
            )

    def set_time_zone(self, name: str | None) -> None:
        self._tz = zone(name)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, self.WHEN), self.index(self.rowCount() - 1, self.WHEN)
            )

    # -- filtering and sorting -------------------------------------------------------------

    @property
    def filter(self) -> PostsFilter:
        return self._filter

    def set_filter(self, post_filter: PostsFilter) -> None:
        self._filter = post_filter
        if self._reader is not None:
            self._ask(_RESET)
            return
        self.beginResetModel()
        self._rows = self._filtered_sorted()
        self.endResetModel()

    def _filtered_sorted(self) -> list[PostLike]:
        f = self._filter
        rows = (
            [r for r in self._all if f.accepts(r)]
            if (f.profiles or f.platforms or f.statuses or f.text)
            else [r for r in self._all if r.status not in HIDDEN_BY_DEFAULT]
        )
        rows.sort(key=self._sort_key(), reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        return rows

    def _sort_key(self) -> Callable[[PostLike], Any]:
        column = self._sort_column
        if column == self.PLATFORM:
            return lambda r: r.platform
        if column == self.PROFILE:
            return lambda r: self._names.get((r.platform, r.account_id), r.account_id).casefold()
        if column == self.CAPTION:
            return lambda r: r.caption.casefold()
        if column == self.STATUS:
            return lambda r: r.status
        return lambda r: r.when or _EPOCH

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        if self._reader is not None:
            self._ask(_LAYOUT)
            return
        self.layoutAboutToBeChanged.emit()
        self._rows = self._filtered_sorted()
        self.layoutChanged.emit()

    # -- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._keys) if self._keyed else len(self._rows)

    def columnCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    @property
    def total_count(self) -> int:
        """Posts in the store, before filtering."""
        return self._total if self._reader is not None else len(self._all)

    def all_rows(self) -> list[PostLike]:
        """Every post the model holds, before this view's own filters (the calendar's source
        in memory; windowed, the calendar reads its range with ``rows_between``)."""
        if self._reader is not None:
            every = self._reader.keys(ListQuery())
            found = self._reader.rows(every)
            return [found[k] for k in every if k in found]
        return list(self._all)

    def rows_between(self, since: datetime, until: datetime) -> list[PostLike]:
        """Every post (whatever this list's filters) whose moment is in [since, until)."""
        if self._reader is not None:
            return list(self._reader.between(since, until))
        return [r for r in self._all if r.when is not None and since <= r.when < until]

    def row_at(self, row: int) -> PostLike | None:
        if not 0 <= row < self.rowCount():
            return None
        return self._windowed_row(row) if self._keyed else self._rows[row]

    def row_of(self, post_id: str) -> int:
        if self._keyed and self._reader is not None:
            key = next((k for k, p in self._kept.items() if p.id == post_id), None)
            if key is None:
                key = self._reader.key_of(post_id)
            try:
                return self._keys.index(key) if key is not None else -1
            except ValueError:
                return -1
        for i, row in enumerate(self._rows):
            if row.id == post_id:
                return i
        return -1

    def ids(self) -> list[str]:
        """The ids of the rows shown, in order."""
        if self._keyed and self._reader is not None:
            found = self._reader.rows(self._keys)
            return [found[k].id for k in self._keys if k in found]
        return [r.id for r in self._rows]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: QtModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.PLATFORM:
                return platform_label(row.platform)
            if column == self.PROFILE:
                return self._names.get((row.platform, row.account_id), row.account_id)
            if column == self.CAPTION:
                return " ".join(row.caption.split())[:200]
            if column == self.STATUS:
                return status_label(row.status)
            if column == self.WHEN:
                return format_when(row.when, self._tz, self._now)
        elif role == Qt.ItemDataRole.DecorationRole and column == self.PLATFORM:
            return platform_icon(row.platform)
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == self.PLATFORM:  # the name, when a narrow list shows the icon alone
                return platform_label(row.platform)
            if column == self.CAPTION:
                return row.caption
            if column == self.PROFILE:
                return row.account_id
        elif role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return QColor(_status_colour(row.status))
        elif role == self.PostIdRole:
            return row.id
        elif role == self.PostRowRole:
            return row
        return None


def _status_colour(status: str) -> str:
    c = colours()
    if status == "published":
        return c.success
    if status == "failed":
        return c.danger
    if status == "scheduled":
        return c.accent_soft
    return c.muted


def visible_ids(model: PostsTableModel) -> Sequence[str]:
    """The ids of the rows the model shows, in order (tests and self-checks)."""
    return model.ids()


_SORT_KEYS: dict[int, SortKey] = {
    PostsTableModel.PLATFORM: "platform",
    PostsTableModel.PROFILE: "profile",
    PostsTableModel.CAPTION: "caption",
    PostsTableModel.STATUS: "status",
    PostsTableModel.WHEN: "when",
}


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i



def _common_suffix(a: Sequence[int], b: Sequence[int], limit: int) -> int:
    i = 0
    while i < limit and a[-1 - i] == b[-1 - i]:
        i += 1
    return i
