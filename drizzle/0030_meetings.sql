CREATE TABLE "meeting_follow_ups" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"position" integer NOT NULL,
	"agenda_index" integer,
	"what" text NOT NULL,
	"who" text NOT NULL,
	"due" date NOT NULL,
	"status" text DEFAULT 'offen' NOT NULL,
	"done_by" integer,
	"done_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "meeting_follow_ups_done" CHECK (("meeting_follow_ups"."status" = 'erledigt') = ("meeting_follow_ups"."done_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"status" text DEFAULT 'vorgeschlagen' NOT NULL,
	"dates" jsonb NOT NULL,
	"confirmed_index" integer,
	"place" text DEFAULT '' NOT NULL,
	"video_url" text DEFAULT '' NOT NULL,
	"participants" jsonb NOT NULL,
	"organizer" jsonb NOT NULL,
	"district_note" text DEFAULT '' NOT NULL,
	"cancel_reason" text DEFAULT '' NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"agenda" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"agenda_generated_at" timestamp with time zone,
	"minutes" jsonb DEFAULT '{"attendees":"","items":[]}'::jsonb NOT NULL,
	"hmsi_confirmed_by" integer,
	"hmsi_confirmed_at" timestamp with time zone,
	"district_confirmed_by" integer,
	"district_confirmed_at" timestamp with time zone,
	"minutes_pdf" "bytea",
	"minutes_sha256" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "meetings_year_ags" UNIQUE("year","ags"),
	CONSTRAINT "meetings_confirmed" CHECK ("meetings"."status" in ('vorgeschlagen', 'abgesagt') or "meetings"."confirmed_index" is not null),
	CONSTRAINT "meetings_frozen" CHECK (("meetings"."status" = 'protokoll_bestaetigt') = ("meetings"."minutes_sha256" is not null))
);
--> statement-breakpoint
ALTER TABLE "outbox_mails" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting_follow_ups" ADD CONSTRAINT "meeting_follow_ups_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_follow_ups" ADD CONSTRAINT "meeting_follow_ups_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_hmsi_confirmed_by_users_id_fk" FOREIGN KEY ("hmsi_confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_district_confirmed_by_users_id_fk" FOREIGN KEY ("district_confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_follow_ups_meeting" ON "meeting_follow_ups" USING btree ("meeting_id");