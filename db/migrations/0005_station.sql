ALTER TABLE "users" ADD COLUMN "station" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "station" text;--> statement-breakpoint
CREATE INDEX "cases_station_idx" ON "cases" USING btree ("station","created_at");