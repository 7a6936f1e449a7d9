CREATE TABLE "deviations" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"project_id" integer,
	"measure_type" integer,
	"origin" text DEFAULT 'manuell' NOT NULL,
	"detection_key" text,
	"subject" text NOT NULL,
	"amount_cents" bigint,
	"count" integer,
	"since" date NOT NULL,
	"status" text DEFAULT 'offen' NOT NULL,
	"justification" text DEFAULT '' NOT NULL,
	"justified_by" integer,
	"justified_at" timestamp with time zone,
	"assessment" text,
	"assessment_reason" text DEFAULT '' NOT NULL,
	"assessed_by" integer,
	"assessed_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "deviations_detection_key" UNIQUE("year","ags","detection_key"),
	CONSTRAINT "deviations_measure_type" CHECK ("deviations"."measure_type" is null or "deviations"."measure_type" between 1 and 4),
	CONSTRAINT "deviations_assessed" CHECK (("deviations"."status" = 'bewertet') = ("deviations"."assessment" is not null))
);
--> statement-breakpoint
ALTER TABLE "deviations" ADD CONSTRAINT "deviations_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deviations" ADD CONSTRAINT "deviations_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deviations" ADD CONSTRAINT "deviations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deviations" ADD CONSTRAINT "deviations_justified_by_users_id_fk" FOREIGN KEY ("justified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deviations" ADD CONSTRAINT "deviations_assessed_by_users_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deviations" ADD CONSTRAINT "deviations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deviations_year_ags" ON "deviations" USING btree ("year","ags");