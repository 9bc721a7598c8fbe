CREATE TABLE "places" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"alias" text,
	"notes" text,
	"geom" geometry(Point,4326) NOT NULL,
	"datum_received" text NOT NULL,
	"pinyin_keys" text NOT NULL,
	"initial_keys" text NOT NULL,
	"source" text NOT NULL,
	"station" text,
	"imported_by" uuid,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "places_name_check" CHECK (length("places"."name") between 1 and 200)
);
--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "places_source_idx" ON "places" USING btree ("station","source");--> statement-breakpoint
CREATE INDEX "places_geom_idx" ON "places" USING gist ("geom");