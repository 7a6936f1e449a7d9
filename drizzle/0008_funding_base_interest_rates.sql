CREATE TABLE "base_interest_rates" (
	"valid_from" date PRIMARY KEY NOT NULL,
	"rate_basis_points" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "base_interest_rates_half_year" CHECK (extract(day from "base_interest_rates"."valid_from") = 1 and extract(month from "base_interest_rates"."valid_from") in (1, 7)),
	CONSTRAINT "base_interest_rates_range" CHECK ("base_interest_rates"."rate_basis_points" between -500 and 2000)
);
--> statement-breakpoint
ALTER TABLE "base_interest_rates" ADD CONSTRAINT "base_interest_rates_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;