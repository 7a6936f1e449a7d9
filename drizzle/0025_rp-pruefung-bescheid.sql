CREATE TABLE "nachforderungen" (
	"id" serial PRIMARY KEY NOT NULL,
	"antrag_id" integer NOT NULL,
	"sequence" integer NOT NULL,
	"items" text NOT NULL,
	"deadline" date NOT NULL,
	"sent_on" date NOT NULL,
	"content" jsonb NOT NULL,
	"pdf" "bytea" NOT NULL,
	"docx" "bytea" NOT NULL,
	"answer" text,
	"answered_on" date,
	"answered_by" integer,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	CONSTRAINT "nachforderungen_antrag_sequence" UNIQUE("antrag_id","sequence")
);
--> statement-breakpoint
CREATE TABLE "project_locks" (
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"reason" text NOT NULL,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_locks_year_ags" UNIQUE("year","ags")
);
--> statement-breakpoint
ALTER TABLE "antraege" ADD COLUMN "checklist" jsonb;--> statement-breakpoint
ALTER TABLE "bescheide" ADD COLUMN "conditions" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "bescheide" ADD COLUMN "legal_remedy" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "bescheide" ADD COLUMN "pdf" "bytea";--> statement-breakpoint
ALTER TABLE "bescheide" ADD COLUMN "docx" "bytea";--> statement-breakpoint
ALTER TABLE "nachforderungen" ADD CONSTRAINT "nachforderungen_antrag_id_antraege_id_fk" FOREIGN KEY ("antrag_id") REFERENCES "public"."antraege"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nachforderungen" ADD CONSTRAINT "nachforderungen_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nachforderungen" ADD CONSTRAINT "nachforderungen_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_locks" ADD CONSTRAINT "project_locks_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_locks" ADD CONSTRAINT "project_locks_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Records of an Antrag RP already holds are locked from now on (issue 13); a Nachforderung or a withdrawal lifts the lock.
INSERT INTO "project_locks" ("year", "ags", "reason") SELECT "year", "ags", "status" FROM "antraege" WHERE "status" IN ('eingereicht', 'in_pruefung', 'beschieden');
