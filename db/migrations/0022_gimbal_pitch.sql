ALTER TABLE "fixes" ADD COLUMN "gimbal_pitch" real;
