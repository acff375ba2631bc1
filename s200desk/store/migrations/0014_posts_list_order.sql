-- 0014: the posts list reads its order from the store (ui.posts.model, windowed): the rowids of
-- the posts a filter matches, ORDER BY sort_at DESC, id DESC. posts_sort_at (sort_at DESC, id)
-- has id the other way round, so SQLite sorted every row again in a temporary b-tree (314 ms at
-- 100,000 posts). This index serves both directions and carries what "All but cancelled" and
-- the search box test (status, platform, handle, caption), so neither reads the table rows with
-- their raw JSON: 35 ms for either at 100,000 posts, where a search scanning the table and
-- sorting its matches took 60 ms. Measured with EXPLAIN QUERY PLAN: docs/performance.md.

CREATE INDEX posts_list_order ON posts (sort_at, id, status, platform, account_id, caption);
