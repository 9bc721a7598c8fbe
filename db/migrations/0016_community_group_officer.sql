ALTER TABLE "community_groups" ADD COLUMN "officer_id" uuid;--> statement-breakpoint
ALTER TABLE "community_groups" ADD COLUMN "last_test_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "community_groups" ADD COLUMN "last_test_ok" boolean;--> statement-breakpoint
ALTER TABLE "community_groups" ADD COLUMN "last_test_code" integer;--> statement-breakpoint
ALTER TABLE "community_groups" ADD COLUMN "last_test_error" text;--> statement-breakpoint
ALTER TABLE "community_groups" ADD CONSTRAINT "community_groups_officer_id_users_id_fk" FOREIGN KEY ("officer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;