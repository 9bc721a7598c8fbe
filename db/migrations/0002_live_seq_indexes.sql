CREATE INDEX "caller_locations_live_seq_idx" ON "caller_locations" USING btree ("live_seq");--> statement-breakpoint
CREATE INDEX "matches_live_seq_idx" ON "matches" USING btree ("live_seq");