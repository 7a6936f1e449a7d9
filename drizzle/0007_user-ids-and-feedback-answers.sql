-- User ids become one type: integer with a foreign key to users(id) (docs/decisions/0012).
-- Text ids that are not numbers ("cli:root", "test") carry no account and become NULL; the audit
-- trail keeps who acted. Ids of accounts that no longer exist become NULL before the keys are added.
ALTER TABLE "allocation_revisions" ALTER COLUMN "created_by" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "allocation_scenarios" ALTER COLUMN "created_by" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "agreement_versions" ALTER COLUMN "created_by" SET DATA TYPE integer USING (CASE WHEN "created_by" ~ '^[0-9]{1,9}$' THEN "created_by"::integer END);
--> statement-breakpoint
ALTER TABLE "agreements" ALTER COLUMN "land_signature_recorded_by" SET DATA TYPE integer USING (CASE WHEN "land_signature_recorded_by" ~ '^[0-9]{1,9}$' THEN "land_signature_recorded_by"::integer END);
--> statement-breakpoint
ALTER TABLE "agreements" ALTER COLUMN "district_signature_recorded_by" SET DATA TYPE integer USING (CASE WHEN "district_signature_recorded_by" ~ '^[0-9]{1,9}$' THEN "district_signature_recorded_by"::integer END);
--> statement-breakpoint
ALTER TABLE "allocation_revisions" ALTER COLUMN "created_by" SET DATA TYPE integer USING (CASE WHEN "created_by" ~ '^[0-9]{1,9}$' THEN "created_by"::integer END);
--> statement-breakpoint
ALTER TABLE "allocation_scenarios" ALTER COLUMN "created_by" SET DATA TYPE integer USING (CASE WHEN "created_by" ~ '^[0-9]{1,9}$' THEN "created_by"::integer END);
--> statement-breakpoint
ALTER TABLE "allocation_scenarios" ALTER COLUMN "fixed_by" SET DATA TYPE integer USING (CASE WHEN "fixed_by" ~ '^[0-9]{1,9}$' THEN "fixed_by"::integer END);
--> statement-breakpoint
ALTER TABLE "budget_years" ALTER COLUMN "created_by" SET DATA TYPE integer USING (CASE WHEN "created_by" ~ '^[0-9]{1,9}$' THEN "created_by"::integer END);
--> statement-breakpoint
ALTER TABLE "budget_years" ALTER COLUMN "updated_by" SET DATA TYPE integer USING (CASE WHEN "updated_by" ~ '^[0-9]{1,9}$' THEN "updated_by"::integer END);
--> statement-breakpoint
ALTER TABLE "sub_budgets" ALTER COLUMN "created_by" SET DATA TYPE integer USING (CASE WHEN "created_by" ~ '^[0-9]{1,9}$' THEN "created_by"::integer END);
--> statement-breakpoint
UPDATE "agreement_publications" SET "published_by" = NULL WHERE "published_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "agreement_publications"."published_by");
--> statement-breakpoint
ALTER TABLE "agreement_publications" ADD CONSTRAINT "agreement_publications_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
UPDATE "agreement_versions" SET "created_by" = NULL WHERE "created_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "agreement_versions"."created_by");
--> statement-breakpoint
ALTER TABLE "agreement_versions" ADD CONSTRAINT "agreement_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
UPDATE "agreements" SET "land_signature_recorded_by" = NULL WHERE "land_signature_recorded_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "agreements"."land_signature_recorded_by");
--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_land_signature_recorded_by_users_id_fk" FOREIGN KEY ("land_signature_recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
UPDATE "agreements" SET "district_signature_recorded_by" = NULL WHERE "district_signature_recorded_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "agreements"."district_signature_recorded_by");
--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_district_signature_recorded_by_users_id_fk" FOREIGN KEY ("district_signature_recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
UPDATE "allocation_revisions" SET "created_by" = NULL WHERE "created_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "allocation_revisions"."created_by");
--> statement-breakpoint
ALTER TABLE "allocation_revisions" ADD CONSTRAINT "allocation_revisions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
UPDATE "allocation_scenarios" SET "created_by" = NULL WHERE "created_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "allocation_scenarios"."created_by");
--> statement-breakpoint
ALTER TABLE "allocation_scenarios" ADD CONSTRAINT "allocation_scenarios_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
UPDATE "allocation_scenarios" SET "fixed_by" = NULL WHERE "fixed_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "allocation_scenarios"."fixed_by");
--> statement-breakpoint
ALTER TABLE "allocation_scenarios" ADD CONSTRAINT "allocation_scenarios_fixed_by_users_id_fk" FOREIGN KEY ("fixed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
UPDATE "budget_years" SET "created_by" = NULL WHERE "created_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "budget_years"."created_by");
--> statement-breakpoint
ALTER TABLE "budget_years" ADD CONSTRAINT "budget_years_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
UPDATE "budget_years" SET "updated_by" = NULL WHERE "updated_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "budget_years"."updated_by");
--> statement-breakpoint
ALTER TABLE "budget_years" ADD CONSTRAINT "budget_years_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
UPDATE "sub_budgets" SET "created_by" = NULL WHERE "created_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "sub_budgets"."created_by");
--> statement-breakpoint
ALTER TABLE "sub_budgets" ADD CONSTRAINT "sub_budgets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
UPDATE "portal_pages" SET "updated_by" = NULL WHERE "updated_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "portal_pages"."updated_by");
--> statement-breakpoint
ALTER TABLE "portal_pages" ADD CONSTRAINT "portal_pages_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
UPDATE "agreement_templates" SET "created_by" = NULL WHERE "created_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "agreement_templates"."created_by");
--> statement-breakpoint
ALTER TABLE "agreement_templates" ADD CONSTRAINT "agreement_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "portal_feedback" ADD COLUMN "answer" text;
--> statement-breakpoint
ALTER TABLE "portal_feedback" ADD COLUMN "answered_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "portal_feedback" ADD COLUMN "answered_by" integer;
--> statement-breakpoint
ALTER TABLE "portal_feedback" ADD CONSTRAINT "portal_feedback_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
