CREATE TABLE "achievement_judgements" (
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"judgement" text NOT NULL,
	"proposed" text,
	"reason" text DEFAULT '' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "achievement_judgements_year_ags_pk" PRIMARY KEY("year","ags"),
	CONSTRAINT "achievement_judgements_reason" CHECK ("achievement_judgements"."judgement" = "achievement_judgements"."proposed" or length(trim("achievement_judgements"."reason")) > 0)
);
--> statement-breakpoint
CREATE TABLE "achievement_rules" (
	"year" integer PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "achievement_judgements" ADD CONSTRAINT "achievement_judgements_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_judgements" ADD CONSTRAINT "achievement_judgements_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_judgements" ADD CONSTRAINT "achievement_judgements_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_rules" ADD CONSTRAINT "achievement_rules_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_rules" ADD CONSTRAINT "achievement_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;