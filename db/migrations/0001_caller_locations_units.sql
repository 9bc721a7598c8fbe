CREATE TABLE "caller_locations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "caller_locations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"live_seq" bigint DEFAULT nextval('live_seq') NOT NULL,
	"case_id" uuid NOT NULL,
	"source" text NOT NULL,
	"datum_received" text NOT NULL,
	"lon_received" double precision NOT NULL,
	"lat_received" double precision NOT NULL,
	"geom" geometry(Point,4326) NOT NULL,
	"accuracy_m" real NOT NULL,
	"t" timestamp with time zone NOT NULL,
	"battery" real,
	"link_id" uuid,
	"raw_input" text,
	"idempotency_key" text,
	"created_by" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "caller_locations_accuracy_check" CHECK ("caller_locations"."accuracy_m" > 0 and "caller_locations"."accuracy_m" <= 50000)
);
--> statement-breakpoint
CREATE TABLE "location_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"first_opened_at" timestamp with time zone,
	"post_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "location_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "matches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"live_seq" bigint DEFAULT nextval('live_seq') NOT NULL,
	"case_id" uuid NOT NULL,
	"caller_location_id" bigint NOT NULL,
	"sighting_id" bigint NOT NULL,
	"distance_m" real NOT NULL,
	"minutes_apart" real NOT NULL,
	"score" real NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"target_kind" text NOT NULL,
	"target_ref" text,
	"target" geometry(Point,4326) NOT NULL,
	"status" text DEFAULT 'dispatched' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_positions" (
	"id" bigint PRIMARY KEY DEFAULT nextval('live_seq') NOT NULL,
	"unit_id" uuid NOT NULL,
	"t" timestamp with time zone NOT NULL,
	"geom" geometry(Point,4326) NOT NULL,
	"accuracy_m" real,
	"idempotency_key" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"callsign" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "units_user_id_unique" UNIQUE("user_id")
);
--> statement-breakpoint
ALTER TABLE "case_events" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "reporter_phone" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "subject_count" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "subject_category" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "terrain" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "target_sighting_id" bigint;--> statement-breakpoint
ALTER TABLE "caller_locations" ADD CONSTRAINT "caller_locations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caller_locations" ADD CONSTRAINT "caller_locations_link_id_location_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."location_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caller_locations" ADD CONSTRAINT "caller_locations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_links" ADD CONSTRAINT "location_links_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_links" ADD CONSTRAINT "location_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_caller_location_id_caller_locations_id_fk" FOREIGN KEY ("caller_location_id") REFERENCES "public"."caller_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_positions" ADD CONSTRAINT "unit_positions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "caller_locations_idem_uq" ON "caller_locations" USING btree ("case_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "caller_locations_case_t_idx" ON "caller_locations" USING btree ("case_id","t");--> statement-breakpoint
CREATE INDEX "caller_locations_geom_idx" ON "caller_locations" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "location_links_case_idx" ON "location_links" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "matches_pair_uq" ON "matches" USING btree ("caller_location_id","sighting_id");--> statement-breakpoint
CREATE INDEX "matches_case_score_idx" ON "matches" USING btree ("case_id","score");--> statement-breakpoint
CREATE INDEX "assignments_unit_idx" ON "assignments" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "assignments_case_idx" ON "assignments" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_positions_idem_uq" ON "unit_positions" USING btree ("unit_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "unit_positions_unit_t_idx" ON "unit_positions" USING btree ("unit_id","t");--> statement-breakpoint
CREATE UNIQUE INDEX "case_events_idem_uq" ON "case_events" USING btree ("case_id","idempotency_key");