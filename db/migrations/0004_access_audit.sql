CREATE TABLE "login_locks" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	CONSTRAINT "login_locks_scope_key_pk" PRIMARY KEY("scope","key"),
	CONSTRAINT "login_locks_scope_check" CHECK ("login_locks"."scope" in ('user','addr'))
);
