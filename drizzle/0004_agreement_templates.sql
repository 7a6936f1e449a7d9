CREATE TABLE "agreement_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"note" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreement_templates_year_version" UNIQUE("year","version")
);
--> statement-breakpoint
ALTER TABLE "agreement_templates" ADD CONSTRAINT "agreement_templates_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;