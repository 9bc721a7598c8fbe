CREATE TABLE "drone_lenses" (
	"drone_id" text NOT NULL,
	"t" timestamp with time zone NOT NULL,
	"lens" text,
	"video_type" text,
	"source" text NOT NULL,
	CONSTRAINT "drone_lenses_pk" PRIMARY KEY ("drone_id", "t"),
	CONSTRAINT "drone_lenses_lens_check" CHECK ("drone_lenses"."lens" is null or "drone_lenses"."lens" in ('visible','thermal')),
	CONSTRAINT "drone_lenses_source_check" CHECK ("drone_lenses"."source" in ('dji_state','live_request'))
);
--> statement-breakpoint
ALTER TABLE "drone_lenses" ADD CONSTRAINT "drone_lenses_drone_id_drones_id_fk" FOREIGN KEY ("drone_id") REFERENCES "public"."drones"("id") ON DELETE cascade ON UPDATE no action;
