CREATE TABLE "search_sectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"name" text NOT NULL,
	"geom" geometry(Polygon,4326) NOT NULL,
	"priority" smallint DEFAULT 2 NOT NULL,
	"status" text DEFAULT 'unsearched' NOT NULL,
	"assignee_kind" text,
	"assignee_ref" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_sectors_case_name_uq" UNIQUE("case_id","name"),
	CONSTRAINT "search_sectors_priority_ck" CHECK ("search_sectors"."priority" between 1 and 3),
	CONSTRAINT "search_sectors_assignee_ck" CHECK (("search_sectors"."assignee_kind" is null) = ("search_sectors"."assignee_ref" is null))
);
--> statement-breakpoint
ALTER TABLE "search_sectors" ADD CONSTRAINT "search_sectors_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_sectors" ADD CONSTRAINT "search_sectors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_sectors_geom_idx" ON "search_sectors" USING gist ("geom");