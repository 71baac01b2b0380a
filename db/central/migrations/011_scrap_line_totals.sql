-- Scrap lines per reason may not add up to more than the scrap they explain. Checked at commit
-- (a deferred constraint trigger) because the quantity row and its lines arrive in one transaction
-- in either order; produced = good + scrap + rework is a plain CHECK on operation_quantities.
CREATE FUNCTION operation_scrap_lines_within_scrap() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_quantity uuid := CASE WHEN TG_TABLE_NAME = 'operation_quantities' THEN NEW.id ELSE NEW.quantity_id END;
  v_scrap integer;
  v_lines integer;
BEGIN
  SELECT scrap INTO v_scrap FROM public.operation_quantities WHERE id = v_quantity;
  SELECT coalesce(sum(quantity), 0) INTO v_lines FROM public.operation_scrap_lines WHERE quantity_id = v_quantity;
  IF v_scrap IS NOT NULL AND v_lines > v_scrap THEN
    RAISE EXCEPTION 'scrap_reasons: the scrap lines add up to %, more than the scrap quantity %', v_lines, v_scrap
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER operation_scrap_lines_within_scrap AFTER INSERT OR UPDATE ON operation_scrap_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION operation_scrap_lines_within_scrap();
CREATE CONSTRAINT TRIGGER operation_quantities_scrap_covers_lines AFTER UPDATE OF scrap ON operation_quantities
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION operation_scrap_lines_within_scrap();
