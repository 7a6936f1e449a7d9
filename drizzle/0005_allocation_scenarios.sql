CREATE TABLE "allocation_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"from_cents" bigint NOT NULL,
	"to_cents" bigint NOT NULL,
	"reason" text NOT NULL,
	"decided_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "allocation_scenario_amounts" (
	"scenario_id" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"amount_cents" bigint NOT NULL,
	CONSTRAINT "allocation_scenario_amounts_scenario_id_ags_pk" PRIMARY KEY("scenario_id","ags")
);
--> statement-breakpoint
CREATE TABLE "allocation_scenarios" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"method" text NOT NULL,
	"budget_cents" bigint NOT NULL,
	"indicators" jsonb,
	"weights" jsonb,
	"floor_cents" bigint,
	"round_to_cents" integer,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"fixed_at" timestamp with time zone,
	"fixed_by" text,
	CONSTRAINT "allocation_scenarios_year_name" UNIQUE("year","name")
);
--> statement-breakpoint
CREATE TABLE "announcement_letters" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"amount_cents" bigint NOT NULL,
	"announced_on" date NOT NULL,
	"pdf" "bytea" NOT NULL,
	"docx" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "announcement_letters_year_ags" UNIQUE("year","ags")
);
--> statement-breakpoint
CREATE TABLE "sub_budgets" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"paragraph_text" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "sub_budgets_year_name" UNIQUE("year","name")
);
--> statement-breakpoint
CREATE TABLE "import_documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" char(64) NOT NULL,
	"bytes" "bytea" NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"agreement_id" integer NOT NULL,
	"version" integer NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "import_documents_sha256" UNIQUE("sha256")
);
--> statement-breakpoint
CREATE TABLE "import_drafts" (
	"id" serial PRIMARY KEY NOT NULL,
	"batch_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" char(64) NOT NULL,
	"bytes" "bytea" NOT NULL,
	"extracted_text" text,
	"agreement" jsonb,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" jsonb,
	"status" text NOT NULL,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_drafts_batch_position" UNIQUE("batch_id","position")
);
--> statement-breakpoint
ALTER TABLE "budget_years" ADD COLUMN "copied_from_year" integer;--> statement-breakpoint
ALTER TABLE "budget_years" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "budget_years" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "budget_years" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "allocation_revisions" ADD CONSTRAINT "allocation_revisions_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_revisions" ADD CONSTRAINT "allocation_revisions_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_scenario_amounts" ADD CONSTRAINT "allocation_scenario_amounts_scenario_id_allocation_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."allocation_scenarios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_scenario_amounts" ADD CONSTRAINT "allocation_scenario_amounts_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_scenarios" ADD CONSTRAINT "allocation_scenarios_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_letters" ADD CONSTRAINT "announcement_letters_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_letters" ADD CONSTRAINT "announcement_letters_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sub_budgets" ADD CONSTRAINT "sub_budgets_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_documents" ADD CONSTRAINT "import_documents_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_documents_agreement" ON "import_documents" USING btree ("agreement_id");