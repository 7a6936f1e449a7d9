CREATE TABLE "agreement_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"agreement_id" integer NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"source" text NOT NULL,
	"template_version_id" integer,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreement_versions_agreement_version" UNIQUE("agreement_id","version")
);
--> statement-breakpoint
CREATE TABLE "agreements" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"status" text DEFAULT 'entwurf' NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"published_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreements_year_ags" UNIQUE("year","ags")
);
--> statement-breakpoint
CREATE TABLE "allocations" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"ags" char(5) NOT NULL,
	"amount_cents" bigint NOT NULL,
	"announced_on" date,
	"source" text DEFAULT 'manual' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "allocations_year_ags" UNIQUE("year","ags")
);
--> statement-breakpoint
CREATE TABLE "budget_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"landesbudget_cents" bigint,
	"buendnis_period" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_spheres" (
	"code" text PRIMARY KEY NOT NULL,
	"law" text NOT NULL,
	"office" text NOT NULL,
	"sort_order" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_type_labels" (
	"year" integer NOT NULL,
	"code" smallint NOT NULL,
	"label" text NOT NULL,
	CONSTRAINT "measure_type_labels_year_code_pk" PRIMARY KEY("year","code")
);
--> statement-breakpoint
CREATE TABLE "measure_types" (
	"code" smallint PRIMARY KEY NOT NULL,
	"short_code" text NOT NULL,
	"label" text NOT NULL,
	CONSTRAINT "measure_types_short_code_unique" UNIQUE("short_code")
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"ags" char(5) PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"type_noun" text,
	"name" text NOT NULL,
	"official_name" text NOT NULL,
	"genus" text NOT NULL,
	"nom" text NOT NULL,
	"gen" text NOT NULL,
	"dat" text NOT NULL,
	"akk" text NOT NULL,
	"nom_bare" text NOT NULL,
	"gen_bare" text NOT NULL,
	"dat_bare" text NOT NULL,
	"akk_bare" text NOT NULL,
	"seat" text NOT NULL,
	"signing_place" text NOT NULL,
	"regierungsbezirk" text NOT NULL,
	"head_title_m" text NOT NULL,
	"head_title_f" text NOT NULL,
	"note" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreement_versions" ADD CONSTRAINT "agreement_versions_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_year_budget_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."budget_years"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_ags_districts_ags_fk" FOREIGN KEY ("ags") REFERENCES "public"."districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_type_labels" ADD CONSTRAINT "measure_type_labels_code_measure_types_code_fk" FOREIGN KEY ("code") REFERENCES "public"."measure_types"("code") ON DELETE no action ON UPDATE no action;