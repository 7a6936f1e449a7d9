CREATE TABLE "participant_counts" (
	"project_id" integer NOT NULL,
	"table_key" text NOT NULL,
	"row_value" text NOT NULL,
	"column_value" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "participant_counts_project_id_table_key_row_value_column_value_pk" PRIMARY KEY("project_id","table_key","row_value","column_value")
);
--> statement-breakpoint
CREATE TABLE "participant_district_counts" (
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"table_key" text NOT NULL,
	"row_value" text NOT NULL,
	"column_value" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "participant_district_counts_year_ags_table_key_row_value_column_value_pk" PRIMARY KEY("year","ags","table_key","row_value","column_value")
);
--> statement-breakpoint
CREATE TABLE "participant_flow_days" (
	"project_id" integer NOT NULL,
	"day" date NOT NULL,
	"entries_to_date" integer NOT NULL,
	"exits_to_date" integer NOT NULL,
	"exits_before" integer NOT NULL,
	CONSTRAINT "participant_flow_days_project_id_day_pk" PRIMARY KEY("project_id","day")
);
--> statement-breakpoint
CREATE TABLE "participant_record_sets" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"record_count" integer DEFAULT 0 NOT NULL,
	"replaced_at" timestamp with time zone,
	"replaced_by" integer,
	"file_name" text,
	"retention_deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "participant_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"kennung" text NOT NULL,
	"entry_date" date NOT NULL,
	"exit_date" date,
	"gender" text NOT NULL,
	"birth_year" smallint NOT NULL,
	"legal_sphere" text NOT NULL,
	"employment_status" text NOT NULL,
	"isced" text NOT NULL,
	"disability" text NOT NULL,
	"migration_background" text NOT NULL,
	"part_time_training" text NOT NULL,
	"outcome" text,
	CONSTRAINT "participant_records_project_kennung" UNIQUE("project_id","kennung")
);
--> statement-breakpoint
CREATE TABLE "participant_uploads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"base_version" integer NOT NULL,
	"file_name" text NOT NULL,
	"row_count" integer NOT NULL,
	"rows" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer
);
--> statement-breakpoint
ALTER TABLE "participant_counts" ADD CONSTRAINT "participant_counts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_flow_days" ADD CONSTRAINT "participant_flow_days_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_record_sets" ADD CONSTRAINT "participant_record_sets_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_record_sets" ADD CONSTRAINT "participant_record_sets_replaced_by_users_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_records" ADD CONSTRAINT "participant_records_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_uploads" ADD CONSTRAINT "participant_uploads_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_uploads" ADD CONSTRAINT "participant_uploads_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "participant_uploads_project" ON "participant_uploads" USING btree ("project_id");