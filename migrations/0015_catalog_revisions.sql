CREATE TABLE `lesson_pending_changes` (
	`lesson_id` text PRIMARY KEY NOT NULL,
	`fields` text DEFAULT '{}' NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`publish_at` text,
	`scheduled_by` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`scheduled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "lesson_pending_changes_fields_object" CHECK(json_valid("lesson_pending_changes"."fields") AND json_type("lesson_pending_changes"."fields") = 'object'),
	CONSTRAINT "lesson_pending_changes_scheduled_has_fields" CHECK("lesson_pending_changes"."publish_at" IS NULL OR "lesson_pending_changes"."fields" <> '{}')
);
--> statement-breakpoint
CREATE INDEX `lesson_pending_changes_publish_at` ON `lesson_pending_changes` (`publish_at`);--> statement-breakpoint
CREATE TABLE `lesson_versions` (
	`lesson_id` text NOT NULL,
	`version` integer NOT NULL,
	`action` text NOT NULL,
	`snapshot` text NOT NULL,
	`changed_fields` text NOT NULL,
	`changed_by` text,
	`changed_at` text NOT NULL,
	`restored_from` integer,
	PRIMARY KEY(`lesson_id`, `version`),
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "lesson_versions_version_positive" CHECK("lesson_versions"."version" >= 1),
	CONSTRAINT "lesson_versions_action_known" CHECK("lesson_versions"."action" IN ('original', 'edited', 'pending_edit', 'published', 'discarded', 'restored')),
	CONSTRAINT "lesson_versions_snapshot_object" CHECK(json_valid("lesson_versions"."snapshot") AND json_type("lesson_versions"."snapshot") = 'object')
);
--> statement-breakpoint
CREATE TABLE `program_pending_changes` (
	`program_id` text PRIMARY KEY NOT NULL,
	`fields` text DEFAULT '{}' NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`publish_at` text,
	`scheduled_by` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`scheduled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "program_pending_changes_fields_object" CHECK(json_valid("program_pending_changes"."fields") AND json_type("program_pending_changes"."fields") = 'object'),
	CONSTRAINT "program_pending_changes_scheduled_has_fields" CHECK("program_pending_changes"."publish_at" IS NULL OR "program_pending_changes"."fields" <> '{}')
);
--> statement-breakpoint
CREATE INDEX `program_pending_changes_publish_at` ON `program_pending_changes` (`publish_at`);--> statement-breakpoint
CREATE TABLE `program_versions` (
	`program_id` text NOT NULL,
	`version` integer NOT NULL,
	`action` text NOT NULL,
	`snapshot` text NOT NULL,
	`changed_fields` text NOT NULL,
	`changed_by` text,
	`changed_at` text NOT NULL,
	`restored_from` integer,
	PRIMARY KEY(`program_id`, `version`),
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "program_versions_version_positive" CHECK("program_versions"."version" >= 1),
	CONSTRAINT "program_versions_action_known" CHECK("program_versions"."action" IN ('original', 'edited', 'pending_edit', 'published', 'discarded', 'restored')),
	CONSTRAINT "program_versions_snapshot_object" CHECK(json_valid("program_versions"."snapshot") AND json_type("program_versions"."snapshot") = 'object')
);
