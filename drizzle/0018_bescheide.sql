CREATE TABLE "bescheid_projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"bescheid_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"requested_cents" bigint NOT NULL,
	"approved_cents" bigint NOT NULL,
	"financing_type" text NOT NULL,
	"rejection_reason" text DEFAULT '' NOT NULL,
	"plan" jsonb NOT NULL,
	CONSTRAINT "bescheid_projects_bescheid_project" UNIQUE("bescheid_id","project_id"),
	CONSTRAINT "bescheid_projects_amounts" CHECK ("bescheid_projects"."approved_cents" >= 0 and "bescheid_projects"."requested_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "bescheide" (
	"id" serial PRIMARY KEY NOT NULL,
	"antrag_id" integer NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"sequence" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'entwurf' NOT NULL,
	"decided_on" date,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"proof_due_on" date NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"content" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "bescheide_antrag_sequence" UNIQUE("antrag_id","sequence"),
	CONSTRAINT "bescheide_period" CHECK ("bescheide"."period_to" >= "bescheide"."period_from")
);
--> statement-breakpoint
ALTER TABLE "bescheid_projects" ADD CONSTRAINT "bescheid_projects_bescheid_id_bescheide_id_fk" FOREIGN KEY ("bescheid_id") REFERENCES "public"."bescheide"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bescheid_projects" ADD CONSTRAINT "bescheid_projects_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bescheide" ADD CONSTRAINT "bescheide_antrag_id_antraege_id_fk" FOREIGN KEY ("antrag_id") REFERENCES "public"."antraege"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bescheide" ADD CONSTRAINT "bescheide_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bescheide" ADD CONSTRAINT "bescheide_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bescheide" ADD CONSTRAINT "bescheide_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bescheide" ADD CONSTRAINT "bescheide_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bescheid_projects_project" ON "bescheid_projects" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "bescheide_year_ags" ON "bescheide" USING btree ("year","ags");