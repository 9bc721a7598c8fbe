ALTER TABLE "users" DROP CONSTRAINT "users_role_check";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "roles" text[];--> statement-breakpoint
UPDATE "users" SET "roles" = array["role"];--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "roles" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "role";--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_roles_check" CHECK (cardinality("users"."roles") >= 1 and "users"."roles" <@ array['pilot','officer','liaison','commander','admin']::text[]);
