CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"sequence" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"sequence" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"record_type" text NOT NULL,
	"record_id" text,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreement_versions" ADD COLUMN "status" text;--> statement-breakpoint
ALTER TABLE "agreement_versions" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "agreement_versions" ADD COLUMN "amends_version" integer;--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "land_signature_recorded_by" text;--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "district_signature_recorded_by" text;--> statement-breakpoint
CREATE INDEX "audit_events_record" ON "audit_events" USING btree ("record_type","record_id");