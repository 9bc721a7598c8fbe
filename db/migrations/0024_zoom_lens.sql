ALTER TABLE "drone_lenses" DROP CONSTRAINT "drone_lenses_lens_check";--> statement-breakpoint
ALTER TABLE "drone_lenses" ADD CONSTRAINT "drone_lenses_lens_check" CHECK ("drone_lenses"."lens" is null or "drone_lenses"."lens" in ('visible','thermal','zoom'));
