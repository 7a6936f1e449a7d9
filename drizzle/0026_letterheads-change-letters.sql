CREATE TABLE "announcement_change_letters" (
	"id" serial PRIMARY KEY NOT NULL,
	"revision_id" integer NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"number" integer NOT NULL,
	"from_cents" bigint NOT NULL,
	"to_cents" bigint NOT NULL,
	"letter_date" date NOT NULL,
	"pdf" "bytea" NOT NULL,
	"docx" "bytea" NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "announcement_change_letters_revision_id_unique" UNIQUE("revision_id"),
	CONSTRAINT "announcement_change_letters_year_ags_number" UNIQUE("year","ags","number")
);
--> statement-breakpoint
CREATE TABLE "letterheads" (
	"key" text PRIMARY KEY NOT NULL,
	"authority" text NOT NULL,
	"unit" text,
	"short_name" text NOT NULL,
	"address_lines" jsonb NOT NULL,
	"contact_name" text NOT NULL,
	"phone" text,
	"email" text,
	"web" text,
	"reference_prefix" text NOT NULL,
	"signer_name" text NOT NULL,
	"signer_role" text NOT NULL,
	"signature_prefix" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
ALTER TABLE "announcement_change_letters" ADD CONSTRAINT "announcement_change_letters_revision_id_allocation_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."allocation_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_change_letters" ADD CONSTRAINT "announcement_change_letters_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_change_letters" ADD CONSTRAINT "announcement_change_letters_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letterheads" ADD CONSTRAINT "letterheads_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;