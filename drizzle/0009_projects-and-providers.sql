CREATE TABLE "project_expense_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"position" integer NOT NULL,
	"category" text NOT NULL,
	"label" text NOT NULL,
	"amount_cents" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_funding_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"position" integer NOT NULL,
	"source" text NOT NULL,
	"amount_cents" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"measure_type" smallint NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'aktiv' NOT NULL,
	"sub_budget_id" integer,
	"provider_id" integer,
	"starts_on" date,
	"ends_on" date,
	"early_start" boolean DEFAULT false NOT NULL,
	"planned_places" integer,
	"target_groups" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	CONSTRAINT "projects_year_ags_key" UNIQUE("year","ags","key")
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" serial PRIMARY KEY NOT NULL,
	"ags" char(5) NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	CONSTRAINT "providers_ags_name" UNIQUE("ags","name")
);
--> statement-breakpoint
ALTER TABLE "project_expense_lines" ADD CONSTRAINT "project_expense_lines_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_funding_lines" ADD CONSTRAINT "project_funding_lines_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_sub_budget_id_sub_budgets_id_fk" FOREIGN KEY ("sub_budget_id") REFERENCES "public"."sub_budgets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "projects_year_ags" ON "projects" USING btree ("year","ags");--> statement-breakpoint
-- Every project title of every stored agreement version becomes a project record (docs/decisions/0016).
-- Titles of the current version are "aktiv" in the order § 5 lists them; titles only older versions
-- had are kept as "entfallen". A title listed twice in one Maßnahmenart stays two records
-- (occurrence), so the lists drawn from the records are the stored lists, word for word.
-- Keys are P1, P2 … per district and year: the active ones in § 5 order, then the dropped ones.
WITH entries AS (
  SELECT v.agreement_id,
         v.version,
         (v.version = a.current_version) AS is_current,
         (m.value->>'type')::smallint AS measure_type,
         p.ordinality AS position,
         p.value->>'title' AS title,
         row_number() OVER (PARTITION BY v.agreement_id, v.version, (m.value->>'type'), p.value->>'title' ORDER BY p.ordinality) AS occurrence
  FROM agreement_versions v
  JOIN agreements a ON a.id = v.agreement_id
  CROSS JOIN LATERAL jsonb_array_elements(v.content->'measures') AS m(value)
  CROSS JOIN LATERAL jsonb_array_elements(m.value->'projects') WITH ORDINALITY AS p(value, ordinality)
),
titles AS (
  SELECT agreement_id, measure_type, title, occurrence,
         bool_or(is_current) AS in_current,
         min(position) FILTER (WHERE is_current) AS current_position,
         min(position) AS first_position,
         min(version) AS first_version
  FROM entries
  GROUP BY agreement_id, measure_type, title, occurrence
)
INSERT INTO "projects" ("year", "ags", "key", "title", "measure_type", "position", "status", "is_demo")
SELECT a.year,
       a.ags,
       'P' || row_number() OVER (PARTITION BY a.id ORDER BY (NOT t.in_current), t.measure_type, coalesce(t.current_position, t.first_position), t.first_version, t.title, t.occurrence),
       t.title,
       t.measure_type,
       coalesce(t.current_position, t.first_position) - 1,
       CASE WHEN t.in_current THEN 'aktiv' ELSE 'entfallen' END,
       a.is_demo
FROM titles t
JOIN agreements a ON a.id = t.agreement_id;
