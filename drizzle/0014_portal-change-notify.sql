-- Portal cache invalidation across processes (issue 17, docs/decisions/0018): every statement that
-- changes what the public portal shows notifies the channel aqb_portal_changed; PostgreSQL delivers
-- the notification to every listening app process when the transaction commits (one per
-- transaction and channel). The per-second publication stamp check stays as the fallback.
CREATE OR REPLACE FUNCTION aqb_notify_portal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('aqb_portal_changed', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER agreement_publications_portal_changed AFTER INSERT OR UPDATE OR DELETE ON agreement_publications FOR EACH STATEMENT EXECUTE FUNCTION aqb_notify_portal_changed();
--> statement-breakpoint
CREATE TRIGGER agreements_portal_changed AFTER INSERT OR DELETE OR UPDATE OF status ON agreements FOR EACH STATEMENT EXECUTE FUNCTION aqb_notify_portal_changed();
--> statement-breakpoint
CREATE TRIGGER portal_pages_portal_changed AFTER INSERT OR UPDATE OR DELETE ON portal_pages FOR EACH STATEMENT EXECUTE FUNCTION aqb_notify_portal_changed();
--> statement-breakpoint
CREATE TRIGGER portal_settings_portal_changed AFTER INSERT OR UPDATE OR DELETE ON portal_settings FOR EACH STATEMENT EXECUTE FUNCTION aqb_notify_portal_changed();
