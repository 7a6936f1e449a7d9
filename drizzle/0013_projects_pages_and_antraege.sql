CREATE TABLE "antraege" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"status" text DEFAULT 'entwurf' NOT NULL,
	"submitted_on" date,
	"is_late" boolean DEFAULT false NOT NULL,
	"submitted_content" jsonb,
	"aktenzeichen" text,
	"received_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "antraege_aktenzeichen" UNIQUE("aktenzeichen"),
	CONSTRAINT "antraege_year_ags" UNIQUE("year","ags")
);
--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "updated_by" integer;--> statement-breakpoint
ALTER TABLE "antraege" ADD CONSTRAINT "antraege_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "antraege" ADD CONSTRAINT "antraege_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "antraege" ADD CONSTRAINT "antraege_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;