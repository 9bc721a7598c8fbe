CREATE TABLE "drone_laser_targets" (
	"drone_id" text PRIMARY KEY NOT NULL,
	"t" timestamp with time zone NOT NULL,
	"payload_index" text NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"alt" real,
	"distance" real,
	"error_state" smallint,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "drone_laser_targets" ADD CONSTRAINT "drone_laser_targets_drone_id_drones_id_fk" FOREIGN KEY ("drone_id") REFERENCES "public"."drones"("id") ON DELETE cascade ON UPDATE no action;