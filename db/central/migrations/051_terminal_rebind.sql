-- 051: moving a terminal to other cells without enrolling it again. An admin changes
-- terminals.cell_ids (`npm run admin -- terminal cells`); every pull answer now says which cells
-- the terminal serves (cell_ids), and a terminal that finds them changed stores them and pulls
-- again from the start, because rows of a newly served cell may be older than its cursor.
-- Scope checks need no change: push and pull already read the cells from the terminals row on
-- every call (sync_authenticate), so the central enforces the new binding at once.
-- The stored definition gains the field in place (migration_edit_function, 032).
SELECT migration_edit_function('terminal_pull(text, text, integer)'::regprocedure, '051', ARRAY[
  ARRAY['    ''more'', (SELECT count(*) FROM u) > n,', '    ''cell_ids'', to_json(c),' || chr(10)]
]);
