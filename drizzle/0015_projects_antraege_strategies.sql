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
CREATE TABLE "strategies" (
	"id" serial PRIMARY KEY NOT NULL,
	"ags" char(5) NOT NULL,
	"title" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" char(64) NOT NULL,
	"bytes" "bytea" NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uploaded_by" integer,
	CONSTRAINT "strategies_period" CHECK ("strategies"."valid_to" >= "strategies"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "updated_by" integer;--> statement-breakpoint
ALTER TABLE "antraege" ADD CONSTRAINT "antraege_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "antraege" ADD CONSTRAINT "antraege_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "antraege" ADD CONSTRAINT "antraege_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategies" ADD CONSTRAINT "strategies_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategies" ADD CONSTRAINT "strategies_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "strategies_ags" ON "strategies" USING btree ("ags");--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;