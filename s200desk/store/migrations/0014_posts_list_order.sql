-- 0014: the posts list reads its order from the store (ui.posts.model, windowed): ORDER BY
-- sort_at DESC, id DESC over the posts not cancelled. posts_sort_at (sort_at DESC, id) has id the
-- other way round, so SQLite sorted every row again in a temporary b-tree (314 ms at 100,000
-- posts); this index serves both directions and carries status, so "All but cancelled" never
-- reads the table (45 ms). Measured with EXPLAIN QUERY PLAN: docs/performance.md.

CREATE INDEX posts_list_order ON posts (sort_at, id, status);
