CREATE TABLE "agreement_publications" (
	"id" serial PRIMARY KEY NOT NULL,
	"agreement_id" integer NOT NULL,
	"version" integer NOT NULL,
	"pdf" "bytea" NOT NULL,
	"sha256" char(64) NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" integer,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "agreement_publications_agreement_version" UNIQUE("agreement_id","version")
);
--> statement-breakpoint
ALTER TABLE "agreement_publications" ADD CONSTRAINT "agreement_publications_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;