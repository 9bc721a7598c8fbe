CREATE TABLE "dji_devices" (
	"serial" text PRIMARY KEY NOT NULL,
	"role" text NOT NULL,
	"user_id" uuid,
	"gateway_serial" text,
	"domain" text,
	"product_type" integer,
	"product_sub_type" integer,
	"drone_id" text,
	"state" jsonb,
	"geom" geometry(Point,4326),
	"height_ellipsoid" real,
	"state_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dji_devices_role_check" CHECK ("dji_devices"."role" in ('gateway','sub'))
);
--> statement-breakpoint
CREATE TABLE "dji_pilot_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"mqtt_username" text NOT NULL,
	"credential_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "dji_pilot_credentials_mqtt_username_unique" UNIQUE("mqtt_username")
);
--> statement-breakpoint
CREATE TABLE "drone_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "drone_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"device_serial" text NOT NULL,
	"drone_id" text,
	"reading_id" uuid NOT NULL,
	"t" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"level" integer,
	"code" text,
	"data" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "drone_state" ADD COLUMN "alt_ellipsoid" real;--> statement-breakpoint
ALTER TABLE "fixes" ADD COLUMN "alt_ellipsoid" real;--> statement-breakpoint
ALTER TABLE "dji_devices" ADD CONSTRAINT "dji_devices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dji_devices" ADD CONSTRAINT "dji_devices_drone_id_drones_id_fk" FOREIGN KEY ("drone_id") REFERENCES "public"."drones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dji_pilot_credentials" ADD CONSTRAINT "dji_pilot_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drone_events" ADD CONSTRAINT "drone_events_drone_id_drones_id_fk" FOREIGN KEY ("drone_id") REFERENCES "public"."drones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dji_devices_gateway_idx" ON "dji_devices" USING btree ("gateway_serial");--> statement-breakpoint
CREATE INDEX "dji_devices_user_idx" ON "dji_devices" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "dji_pilot_credentials_user_idx" ON "dji_pilot_credentials" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "drone_events_reading_uq" ON "drone_events" USING btree ("device_serial","reading_id");--> statement-breakpoint
CREATE INDEX "drone_events_drone_t_idx" ON "drone_events" USING btree ("drone_id","t");--> statement-breakpoint
CREATE INDEX "drone_events_t_idx" ON "drone_events" USING btree ("t");