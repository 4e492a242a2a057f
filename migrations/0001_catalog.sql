CREATE TABLE `lesson_assets` (
	`id` text PRIMARY KEY NOT NULL,
	`lesson_id` text NOT NULL,
	`language` text NOT NULL,
	`variant` text NOT NULL,
	`asset_type` text NOT NULL,
	`url` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "lesson_assets_variant_known" CHECK("lesson_assets"."variant" IN ('portrait', 'landscape', 'square', 'banner')),
	CONSTRAINT "lesson_assets_type_known" CHECK("lesson_assets"."asset_type" IN ('thumbnail', 'subtitle'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lesson_assets_unique` ON `lesson_assets` (`lesson_id`,`language`,`variant`,`asset_type`);--> statement-breakpoint
CREATE TABLE `lessons` (
	`id` text PRIMARY KEY NOT NULL,
	`term_id` text NOT NULL,
	`lesson_number` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`content_type` text NOT NULL,
	`duration_ms` integer,
	`is_paid` integer DEFAULT false NOT NULL,
	`content_language_primary` text NOT NULL,
	`content_languages_available` text NOT NULL,
	`content_urls_by_language` text NOT NULL,
	`subtitle_languages` text DEFAULT '[]' NOT NULL,
	`subtitle_urls_by_language` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`publish_at` text,
	`published_at` text,
	`publish_error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`term_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "lessons_number_positive" CHECK("lessons"."lesson_number" >= 1),
	CONSTRAINT "lessons_title_length" CHECK(length("lessons"."title") BETWEEN 1 AND 200),
	CONSTRAINT "lessons_status_known" CHECK("lessons"."status" IN ('draft', 'scheduled', 'published', 'archived')),
	CONSTRAINT "lessons_content_type_known" CHECK("lessons"."content_type" IN ('video', 'audio', 'article')),
	CONSTRAINT "lessons_duration_for_media" CHECK("lessons"."content_type" = 'article' OR ("lessons"."duration_ms" IS NOT NULL AND "lessons"."duration_ms" > 0)),
	CONSTRAINT "lessons_scheduled_has_publish_at" CHECK("lessons"."status" <> 'scheduled' OR "lessons"."publish_at" IS NOT NULL),
	CONSTRAINT "lessons_published_has_date" CHECK("lessons"."status" <> 'published' OR "lessons"."published_at" IS NOT NULL),
	CONSTRAINT "lessons_languages_hold_primary" CHECK(json_valid("lessons"."content_languages_available") AND json_type("lessons"."content_languages_available") = 'array' AND instr("lessons"."content_languages_available", '"' || "lessons"."content_language_primary" || '"') > 0),
	CONSTRAINT "lessons_content_url_for_primary" CHECK(json_valid("lessons"."content_urls_by_language") AND json_type("lessons"."content_urls_by_language") = 'object' AND json_type("lessons"."content_urls_by_language", '$."' || "lessons"."content_language_primary" || '"') = 'text'),
	CONSTRAINT "lessons_subtitles_shape" CHECK(json_type("lessons"."subtitle_languages") = 'array' AND json_type("lessons"."subtitle_urls_by_language") = 'object')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lessons_term_number_unique` ON `lessons` (`term_id`,`lesson_number`);--> statement-breakpoint
CREATE INDEX `lessons_status_publish_at` ON `lessons` (`status`,`publish_at`);--> statement-breakpoint
CREATE INDEX `lessons_status_updated_at` ON `lessons` (`status`,`updated_at`,`id`);--> statement-breakpoint
CREATE TABLE `program_assets` (
	`id` text PRIMARY KEY NOT NULL,
	`program_id` text NOT NULL,
	`language` text NOT NULL,
	`variant` text NOT NULL,
	`asset_type` text NOT NULL,
	`url` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "program_assets_variant_known" CHECK("program_assets"."variant" IN ('portrait', 'landscape', 'square', 'banner')),
	CONSTRAINT "program_assets_type_known" CHECK("program_assets"."asset_type" IN ('poster'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `program_assets_unique` ON `program_assets` (`program_id`,`language`,`variant`,`asset_type`);--> statement-breakpoint
CREATE TABLE `program_topics` (
	`program_id` text NOT NULL,
	`topic_id` text NOT NULL,
	PRIMARY KEY(`program_id`, `topic_id`),
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `program_topics_topic_program` ON `program_topics` (`topic_id`,`program_id`);--> statement-breakpoint
CREATE TABLE `programs` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`language_primary` text NOT NULL,
	`languages_available` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`published_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "programs_title_length" CHECK(length("programs"."title") BETWEEN 1 AND 200),
	CONSTRAINT "programs_status_known" CHECK("programs"."status" IN ('draft', 'published', 'archived')),
	CONSTRAINT "programs_published_has_date" CHECK("programs"."status" <> 'published' OR "programs"."published_at" IS NOT NULL),
	CONSTRAINT "programs_languages_hold_primary" CHECK(json_valid("programs"."languages_available") AND json_type("programs"."languages_available") = 'array' AND instr("programs"."languages_available", '"' || "programs"."language_primary" || '"') > 0)
);
--> statement-breakpoint
CREATE INDEX `programs_status_language_published` ON `programs` (`status`,`language_primary`,`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `programs_status_published` ON `programs` (`status`,`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `programs_updated_at_id` ON `programs` (`updated_at`,`id`);--> statement-breakpoint
CREATE TABLE `terms` (
	`id` text PRIMARY KEY NOT NULL,
	`program_id` text NOT NULL,
	`term_number` integer NOT NULL,
	`title` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "terms_number_positive" CHECK("terms"."term_number" >= 1),
	CONSTRAINT "terms_title_length" CHECK(length("terms"."title") BETWEEN 1 AND 200)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `terms_program_number_unique` ON `terms` (`program_id`,`term_number`);--> statement-breakpoint
CREATE TABLE `topics` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	CONSTRAINT "topics_name_length" CHECK(length("topics"."name") BETWEEN 1 AND 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topics_name_unique` ON `topics` (lower("name"));