-- Hand-written (Prisma's schema language cannot express triggers).
-- The audit trail is append-only and hash-chained:
--  * every insert takes a transaction-scoped advisory lock, draws its id from
--    "AuditEvent_chain_seq" only then (so ids follow the chain order even when
--    transactions race; the column default, drawn before the lock, is
--    overridden), and stores hash = sha256(prevHash || canonical(row));
--  * UPDATE, DELETE and TRUNCATE are refused by the database itself.
-- canonical(row) is each field as "<octet length>:<value>" (NULL → "-"), so no
-- separator inside a value can make two rows look alike. The verifier
-- (npm run audit:verify) rebuilds it independently in TypeScript.

CREATE SEQUENCE "AuditEvent_chain_seq" AS bigint;

CREATE FUNCTION audit_event_field(v text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(v)::text || ':' || v END
$$;

CREATE FUNCTION audit_event_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  previous text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('AuditEvent.chain'));
  NEW.id := nextval('"AuditEvent_chain_seq"');
  NEW.at := date_trunc('milliseconds', coalesce(NEW.at, now()));
  SELECT "hash" INTO previous FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1;
  NEW."prevHash" := coalesce(previous, repeat('0', 64));
  NEW."hash" := encode(sha256(convert_to(
    NEW."prevHash"
    || audit_event_field(NEW.id::text)
    || audit_event_field(to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    || audit_event_field(NEW."actorAccountId"::text)
    || audit_event_field(NEW."actorRole"::text)
    || audit_event_field(NEW."onBehalfOf")
    || audit_event_field(NEW."action")
    || audit_event_field(NEW."resourceType")
    || audit_event_field(NEW."resourceId")
    || audit_event_field(NEW."patientId"::text)
    || audit_event_field(NEW."result"::text)
    || audit_event_field(NEW."ip")
    || audit_event_field(NEW."requestId")
    || audit_event_field(NEW."details"::text),
    'UTF8')), 'hex');
  RETURN NEW;
END
$$;

CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_event_chain BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_chain();
CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
