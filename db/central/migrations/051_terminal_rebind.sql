-- 051: moving a terminal to other cells without enrolling it again. An admin changes
-- terminals.cell_ids (`npm run admin -- terminal cells`); every pull answer now says which cells
-- the terminal serves (cell_ids), and a terminal that finds them changed stores them and pulls
-- again from the start, because rows of a newly served cell may be older than its cursor.
-- Scope checks need no change: push and pull already read the cells from the terminals row on
-- every call (sync_authenticate), so the central enforces the new binding at once.
-- Done as 029, 033 and 050 did: the stored definition gains the field in place; the anchor must
-- be found exactly once, or the migration fails.
DO $$
DECLARE
  v_def text := pg_get_functiondef('terminal_pull(text, text, integer)'::regprocedure);
  v_anchor text := '    ''more'', (SELECT count(*) FROM u) > n,';
  v_at integer := position(v_anchor IN v_def);
BEGIN
  IF v_at = 0 OR position(v_anchor IN substr(v_def, v_at + 1)) <> 0 THEN
    RAISE EXCEPTION '051: anchor not found exactly once in terminal_pull: %', v_anchor;
  END IF;
  EXECUTE substr(v_def, 1, v_at - 1) || '    ''cell_ids'', to_json(c),' || chr(10) || substr(v_def, v_at);
END $$;
