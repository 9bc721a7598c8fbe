CREATE EXTENSION IF NOT EXISTS postgis;--> statement-breakpoint
CREATE SEQUENCE "public"."live_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"remote_addr" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username"),
	CONSTRAINT "users_role_check" CHECK ("users"."role" in ('pilot','officer','liaison','commander','admin'))
);
--> statement-breakpoint
CREATE TABLE "drone_state" (
	"drone_id" text PRIMARY KEY NOT NULL,
	"fix_id" bigint NOT NULL,
	"t" timestamp with time zone NOT NULL,
	"geom" geometry(Point,4326) NOT NULL,
	"src" text,
	"alt_msl" real,
	"alt_rel" real,
	"hdg" real,
	"gs" real,
	"vs" real,
	"bat" real,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"online" boolean,
	"status_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "drones" (
	"id" text PRIMARY KEY NOT NULL,
	"callsign" text NOT NULL,
	"credential_hash" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drones_callsign_unique" UNIQUE("callsign")
);
--> statement-breakpoint
CREATE TABLE "fixes" (
	"id" bigint PRIMARY KEY DEFAULT nextval('live_seq') NOT NULL,
	"drone_id" text NOT NULL,
	"reading_id" uuid NOT NULL,
	"drone_seq" bigint,
	"t" timestamp with time zone NOT NULL,
	"src" text,
	"geom" geometry(Point,4326) NOT NULL,
	"alt_msl" real,
	"alt_rel" real,
	"hdg" real,
	"gs" real,
	"vs" real,
	"bat" real,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sightings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sightings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"live_seq" bigint DEFAULT nextval('live_seq') NOT NULL,
	"drone_id" text NOT NULL,
	"reading_id" uuid NOT NULL,
	"t" timestamp with time zone NOT NULL,
	"geom" geometry(Point,4326) NOT NULL,
	"unc_m" real,
	"conf" real,
	"kind" text DEFAULT 'person' NOT NULL,
	"count" integer,
	"note" text,
	"photo" "bytea",
	"status" text DEFAULT 'new' NOT NULL,
	"status_by" uuid,
	"status_at" timestamp with time zone,
	"case_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sightings_status_check" CHECK ("sightings"."status" in ('new','confirmed','dismissed'))
);
--> statement-breakpoint
CREATE TABLE "dead_letters" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dead_letters_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"topic" text NOT NULL,
	"drone_id" text,
	"reason" text NOT NULL,
	"detail" text,
	"payload_bytes" integer NOT NULL,
	"payload" text
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"seq" bigint PRIMARY KEY DEFAULT nextval('live_seq') NOT NULL,
	"case_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"ipp" geometry(Point,4326),
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drone_state" ADD CONSTRAINT "drone_state_drone_id_drones_id_fk" FOREIGN KEY ("drone_id") REFERENCES "public"."drones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixes" ADD CONSTRAINT "fixes_drone_id_drones_id_fk" FOREIGN KEY ("drone_id") REFERENCES "public"."drones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sightings" ADD CONSTRAINT "sightings_drone_id_drones_id_fk" FOREIGN KEY ("drone_id") REFERENCES "public"."drones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "drone_state_geom_idx" ON "drone_state" USING gist ("geom");--> statement-breakpoint
CREATE UNIQUE INDEX "fixes_drone_reading_uq" ON "fixes" USING btree ("drone_id","reading_id");--> statement-breakpoint
CREATE INDEX "fixes_drone_t_idx" ON "fixes" USING btree ("drone_id","t");--> statement-breakpoint
CREATE INDEX "fixes_t_brin" ON "fixes" USING brin ("t");--> statement-breakpoint
CREATE UNIQUE INDEX "sightings_drone_reading_uq" ON "sightings" USING btree ("drone_id","reading_id");--> statement-breakpoint
CREATE INDEX "sightings_geom_idx" ON "sightings" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "sightings_t_idx" ON "sightings" USING btree ("t");--> statement-breakpoint
CREATE INDEX "sightings_live_seq_idx" ON "sightings" USING btree ("live_seq");--> statement-breakpoint
CREATE INDEX "dead_letters_received_idx" ON "dead_letters" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "dead_letters_reason_idx" ON "dead_letters" USING btree ("reason");--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "cases_open_idx" ON "cases" USING btree ("status","created_at");