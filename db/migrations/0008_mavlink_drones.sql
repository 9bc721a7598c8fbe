ALTER TABLE "drones" ADD COLUMN "source" text DEFAULT 'lookout' NOT NULL;--> statement-breakpoint
ALTER TABLE "drones" ADD COLUMN "serial" text;--> statement-breakpoint
ALTER TABLE "drones" ADD COLUMN "mavlink_system_id" integer;--> statement-breakpoint
ALTER TABLE "drones" ADD COLUMN "mavlink_signing_key" text;--> statement-breakpoint
ALTER TABLE "drones" ADD CONSTRAINT "drones_serial_unique" UNIQUE("serial");--> statement-breakpoint
ALTER TABLE "drones" ADD CONSTRAINT "drones_mavlink_system_id_unique" UNIQUE("mavlink_system_id");--> statement-breakpoint
ALTER TABLE "drones" ADD CONSTRAINT "drones_source_check" CHECK ("drones"."source" in ('lookout','dji','mavlink'));--> statement-breakpoint
ALTER TABLE "drones" ADD CONSTRAINT "drones_mavlink_system_id_check" CHECK ("drones"."mavlink_system_id" between 1 and 255);