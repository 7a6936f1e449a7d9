CREATE TABLE "state_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"version_no" integer NOT NULL,
	"status" text DEFAULT 'entwurf' NOT NULL,
	"foreword" text DEFAULT '' NOT NULL,
	"commentary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"content" jsonb,
	"pdf" "bytea",
	"docx" "bytea",
	"html" "bytea",
	"pdf_sha256" text,
	"docx_sha256" text,
	"html_sha256" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_by" integer,
	"released_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "state_reports_year_version" UNIQUE("year","version_no"),
	CONSTRAINT "state_reports_released" CHECK (("state_reports"."status" = 'freigegeben') = ("state_reports"."content" is not null and "state_reports"."pdf" is not null and "state_reports"."docx" is not null and "state_reports"."html" is not null and "state_reports"."released_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "state_reports" ADD CONSTRAINT "state_reports_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "state_reports" ADD CONSTRAINT "state_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "state_reports" ADD CONSTRAINT "state_reports_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "state_reports_year" ON "state_reports" USING btree ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "state_reports_one_draft" ON "state_reports" USING btree ("year") WHERE "state_reports"."status" = 'entwurf';--> statement-breakpoint
-- Hand-written (state-report): a release of the Landesbericht changes what the portal shows, so the
-- table notifies the portal cache channel like the other published content (docs/decisions/0018).
CREATE TRIGGER state_reports_portal_changed AFTER INSERT OR UPDATE OR DELETE ON state_reports FOR EACH STATEMENT EXECUTE FUNCTION aqb_notify_portal_changed();
