CREATE TABLE "match_runs" (
	"subject" text NOT NULL,
	"subject_id" bigint NOT NULL,
	"matched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_runs_subject_subject_id_pk" PRIMARY KEY("subject","subject_id")
);
--> statement-breakpoint
CREATE TABLE "alert_case_files" (
	"alert_id" uuid PRIMARY KEY NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"lawful_basis" text DEFAULT 'vital_interest' NOT NULL,
	"guardian_consent" boolean,
	"purge_after" timestamp with time zone,
	"purged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_outcomes" (
	"alert_id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"age_band" text NOT NULL,
	"distance_found_m" real,
	"steps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"groups" integer DEFAULT 0 NOT NULL,
	"reach" integer DEFAULT 0 NOT NULL,
	"tips" integer DEFAULT 0 NOT NULL,
	"useful_tips" integer DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"age_band" text NOT NULL,
	"sex" text DEFAULT 'unknown' NOT NULL,
	"height_cm" integer,
	"clothing" text,
	"public_note" text,
	"place_text" text,
	"point" geometry(Point,4326) NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	"contact_phone" text NOT NULL,
	"public_token_hash" text NOT NULL,
	"max_radius_m" real DEFAULT 5000 NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"blurred_at" timestamp with time zone,
	"purge_after" timestamp with time zone,
	"purged_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alerts_public_token_hash_unique" UNIQUE("public_token_hash"),
	CONSTRAINT "alerts_kind_check" CHECK ("alerts"."kind" in ('lost_child','found_child'))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"remote_addr" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cap_messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cap_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"alert_id" uuid NOT NULL,
	"msg_type" text NOT NULL,
	"identifier" text NOT NULL,
	"sent" timestamp with time zone DEFAULT now() NOT NULL,
	"references" text,
	"headline" text NOT NULL,
	"description" text NOT NULL,
	"area" geometry(Geometry,4326) NOT NULL,
	"radius_m" real NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	"created_by" uuid,
	CONSTRAINT "cap_messages_identifier_unique" UNIQUE("identifier")
);
--> statement-breakpoint
CREATE TABLE "community_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"channel" text NOT NULL,
	"grid_name" text,
	"member_count" integer DEFAULT 0 NOT NULL,
	"area" geometry(Geometry,4326) NOT NULL,
	"credentials_enc" text,
	"liaison_id" uuid,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_groups_channel_check" CHECK ("community_groups"."channel" in ('wecom','dingtalk','feishu','sms','forward_kit')),
	CONSTRAINT "community_groups_members_check" CHECK ("community_groups"."member_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"live_seq" bigint DEFAULT nextval('live_seq') NOT NULL,
	"cap_message_id" bigint NOT NULL,
	"alert_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"priority" integer NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"added_by" text DEFAULT 'area' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid
);
--> statement-breakpoint
CREATE TABLE "delivery_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "delivery_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"delivery_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"ok" boolean NOT NULL,
	"http_status" integer,
	"vendor_code" integer,
	"error" text,
	"duration_ms" real
);
--> statement-breakpoint
CREATE TABLE "photo_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"photo_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid NOT NULL,
	"mime" text NOT NULL,
	"bytes" "bytea",
	"width" integer,
	"height" integer,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"purged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tips" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tips_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"live_seq" bigint DEFAULT nextval('live_seq') NOT NULL,
	"alert_id" uuid NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	"point" geometry(Point,4326),
	"accuracy_m" real,
	"text" text NOT NULL,
	"phone" text,
	"photo_id" uuid,
	"useful" boolean,
	"marked_by" uuid,
	"marked_at" timestamp with time zone,
	"sender_hash" text,
	"idempotency_key" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_case_files" ADD CONSTRAINT "alert_case_files_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cap_messages" ADD CONSTRAINT "cap_messages_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cap_messages" ADD CONSTRAINT "cap_messages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_groups" ADD CONSTRAINT "community_groups_liaison_id_users_id_fk" FOREIGN KEY ("liaison_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_cap_message_id_cap_messages_id_fk" FOREIGN KEY ("cap_message_id") REFERENCES "public"."cap_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_group_id_community_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."community_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photo_links" ADD CONSTRAINT "photo_links_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_marked_by_users_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_case_idx" ON "alerts" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "alerts_purge_idx" ON "alerts" USING btree ("purge_after");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "cap_messages_alert_idx" ON "cap_messages" USING btree ("alert_id","sent");--> statement-breakpoint
CREATE INDEX "community_groups_area_idx" ON "community_groups" USING gist ("area");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_message_group_uq" ON "deliveries" USING btree ("cap_message_id","group_id");--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("priority","next_attempt_at") WHERE status in ('queued','sending');--> statement-breakpoint
CREATE INDEX "deliveries_alert_idx" ON "deliveries" USING btree ("alert_id");--> statement-breakpoint
CREATE INDEX "deliveries_live_seq_idx" ON "deliveries" USING btree ("live_seq");--> statement-breakpoint
CREATE INDEX "delivery_attempts_delivery_idx" ON "delivery_attempts" USING btree ("delivery_id");--> statement-breakpoint
CREATE INDEX "photo_links_photo_idx" ON "photo_links" USING btree ("photo_id");--> statement-breakpoint
CREATE INDEX "photos_alert_idx" ON "photos" USING btree ("alert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tips_idem_uq" ON "tips" USING btree ("alert_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "tips_alert_idx" ON "tips" USING btree ("alert_id","received_at");--> statement-breakpoint
CREATE INDEX "tips_point_idx" ON "tips" USING gist ("point");--> statement-breakpoint
CREATE INDEX "tips_live_seq_idx" ON "tips" USING btree ("live_seq");