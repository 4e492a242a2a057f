PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_lesson_versions` (
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
	CONSTRAINT "lesson_versions_version_positive" CHECK("__new_lesson_versions"."version" >= 1),
	CONSTRAINT "lesson_versions_action_known" CHECK("__new_lesson_versions"."action" IN ('original', 'edited', 'pending_edit', 'published', 'discarded', 'restored')),
	CONSTRAINT "lesson_versions_snapshot_object" CHECK(json_valid("__new_lesson_versions"."snapshot") AND json_type("__new_lesson_versions"."snapshot") = 'object')
);
--> statement-breakpoint
INSERT INTO `__new_lesson_versions`("lesson_id", "version", "action", "snapshot", "changed_fields", "changed_by", "changed_at", "restored_from") SELECT "lesson_id", "version", "action", "snapshot", "changed_fields", "changed_by", "changed_at", "restored_from" FROM `lesson_versions`;--> statement-breakpoint
DROP TABLE `lesson_versions`;--> statement-breakpoint
ALTER TABLE `__new_lesson_versions` RENAME TO `lesson_versions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_program_versions` (
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
	CONSTRAINT "program_versions_version_positive" CHECK("__new_program_versions"."version" >= 1),
	CONSTRAINT "program_versions_action_known" CHECK("__new_program_versions"."action" IN ('original', 'edited', 'pending_edit', 'published', 'discarded', 'restored')),
	CONSTRAINT "program_versions_snapshot_object" CHECK(json_valid("__new_program_versions"."snapshot") AND json_type("__new_program_versions"."snapshot") = 'object')
);
--> statement-breakpoint
INSERT INTO `__new_program_versions`("program_id", "version", "action", "snapshot", "changed_fields", "changed_by", "changed_at", "restored_from") SELECT "program_id", "version", "action", "snapshot", "changed_fields", "changed_by", "changed_at", "restored_from" FROM `program_versions`;--> statement-breakpoint
DROP TABLE `program_versions`;--> statement-breakpoint
ALTER TABLE `__new_program_versions` RENAME TO `program_versions`;