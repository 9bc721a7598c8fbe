CREATE TABLE "case_drones" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_drones_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" uuid NOT NULL,
	"drone_id" text NOT NULL,
	"pilot_id" uuid,
	"attached_by" uuid,
	"attached_at" timestamp with time zone DEFAULT now() NOT NULL,
	"detached_by" uuid,
	"detached_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "case_drones" ADD CONSTRAINT "case_drones_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_drones" ADD CONSTRAINT "case_drones_drone_id_drones_id_fk" FOREIGN KEY ("drone_id") REFERENCES "public"."drones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_drones" ADD CONSTRAINT "case_drones_pilot_id_users_id_fk" FOREIGN KEY ("pilot_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_drones" ADD CONSTRAINT "case_drones_attached_by_users_id_fk" FOREIGN KEY ("attached_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_drones" ADD CONSTRAINT "case_drones_detached_by_users_id_fk" FOREIGN KEY ("detached_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_drones_live_uq" ON "case_drones" USING btree ("case_id","drone_id") WHERE "case_drones"."detached_at" is null;--> statement-breakpoint
CREATE INDEX "case_drones_pilot_idx" ON "case_drones" USING btree ("pilot_id") WHERE "case_drones"."detached_at" is null;