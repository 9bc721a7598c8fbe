CREATE TABLE "case_coverage" (
	"case_id" uuid NOT NULL,
	"band" text NOT NULL,
	"sensor" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"geom" geometry(MultiPolygon,4326) NOT NULL,
	"fixes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_coverage_pk" PRIMARY KEY ("case_id", "band", "sensor", "bucket_start"),
	CONSTRAINT "case_coverage_band_check" CHECK ("case_coverage"."band" in ('good','fair','poor','walk')),
	CONSTRAINT "case_coverage_sensor_check" CHECK ("case_coverage"."sensor" in ('visible','thermal'))
);
--> statement-breakpoint
ALTER TABLE "case_coverage" ADD CONSTRAINT "case_coverage_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "case_coverage_geom_gist" ON "case_coverage" USING gist ("geom");
--> statement-breakpoint
CREATE TABLE "case_coverage_total" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"geom" geometry(MultiPolygon,4326) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_coverage_total" ADD CONSTRAINT "case_coverage_total_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "coverage_cursors" (
	"source" text PRIMARY KEY NOT NULL,
	"last_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coverage_cursors_source_check" CHECK ("coverage_cursors"."source" in ('fixes','walk'))
);
--> statement-breakpoint
INSERT INTO "coverage_cursors" ("source", "last_id") VALUES ('fixes', 0), ('walk', 0);
