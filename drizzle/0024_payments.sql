CREATE TABLE "fund_uses" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"project_id" integer NOT NULL,
	"used_on" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	CONSTRAINT "fund_uses_amount" CHECK ("fund_uses"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "interim_interest_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"project_id" integer NOT NULL,
	"decision" text NOT NULL,
	"as_of" date NOT NULL,
	"interest_cents" bigint NOT NULL,
	"lines" jsonb NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "interim_interest_decisions_project" UNIQUE("project_id")
);
--> statement-breakpoint
CREATE TABLE "payment_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"project_id" integer NOT NULL,
	"requested_on" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"planned_use" jsonb NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	CONSTRAINT "payment_requests_amount" CHECK ("payment_requests"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" serial PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"paid_on" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	CONSTRAINT "payouts_amount" CHECK ("payouts"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "proofs" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"status" text DEFAULT 'entwurf' NOT NULL,
	"projects" jsonb NOT NULL,
	"submitted_on" date,
	"audit_note" text DEFAULT '' NOT NULL,
	"interest_to" date,
	"issued_on" date,
	"refund" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "proofs_year_ags" UNIQUE("year","ags")
);
--> statement-breakpoint
ALTER TABLE "fund_uses" ADD CONSTRAINT "fund_uses_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_uses" ADD CONSTRAINT "fund_uses_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_uses" ADD CONSTRAINT "fund_uses_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_uses" ADD CONSTRAINT "fund_uses_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interim_interest_decisions" ADD CONSTRAINT "interim_interest_decisions_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interim_interest_decisions" ADD CONSTRAINT "interim_interest_decisions_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interim_interest_decisions" ADD CONSTRAINT "interim_interest_decisions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interim_interest_decisions" ADD CONSTRAINT "interim_interest_decisions_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_request_id_payment_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."payment_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proofs" ADD CONSTRAINT "proofs_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proofs" ADD CONSTRAINT "proofs_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proofs" ADD CONSTRAINT "proofs_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fund_uses_year_ags" ON "fund_uses" USING btree ("year","ags");--> statement-breakpoint
CREATE INDEX "payment_requests_year_ags" ON "payment_requests" USING btree ("year","ags");--> statement-breakpoint
CREATE INDEX "payouts_request" ON "payouts" USING btree ("request_id");