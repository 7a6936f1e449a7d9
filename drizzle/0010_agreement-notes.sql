CREATE TABLE "agreement_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"agreement_id" integer NOT NULL,
	"version" integer NOT NULL,
	"party" text NOT NULL,
	"author_id" integer,
	"body" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "district_agreed_version" integer;--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "district_agreed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "district_agreed_by" integer;--> statement-breakpoint
ALTER TABLE "agreement_notes" ADD CONSTRAINT "agreement_notes_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_notes" ADD CONSTRAINT "agreement_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_district_agreed_by_users_id_fk" FOREIGN KEY ("district_agreed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;