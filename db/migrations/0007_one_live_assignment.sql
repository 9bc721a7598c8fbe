-- A unit dispatched twice to one case had two live assignments. Keep the newest live one per (unit, case) and
-- stand the older ones down, so the unique index below can be built on a database that has such rows.
UPDATE "assignments" a SET "status" = 'stood_down', "updated_at" = now()
 WHERE a."status" in ('dispatched', 'en_route', 'on_scene')
   AND EXISTS (SELECT 1 FROM "assignments" b
                WHERE b."unit_id" = a."unit_id" AND b."case_id" = a."case_id"
                  AND b."status" in ('dispatched', 'en_route', 'on_scene')
                  AND (b."created_at", b."id") > (a."created_at", a."id"));--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_active_unit_case_uq" ON "assignments" USING btree ("unit_id","case_id") WHERE "assignments"."status" in ('dispatched', 'en_route', 'on_scene');
