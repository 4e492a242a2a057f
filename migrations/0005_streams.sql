CREATE TABLE `streams` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`video_url` text NOT NULL,
	`status` text DEFAULT 'live' NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "streams_title_length" CHECK(length("streams"."title") BETWEEN 1 AND 200),
	CONSTRAINT "streams_description_length" CHECK(length("streams"."description") <= 2000),
	CONSTRAINT "streams_video_url_https" CHECK("streams"."video_url" LIKE 'https://%' AND length("streams"."video_url") <= 2048),
	CONSTRAINT "streams_status_known" CHECK("streams"."status" IN ('live', 'ended'))
);
--> statement-breakpoint
CREATE INDEX `streams_created_at_id` ON `streams` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `streams_status_created_at_id` ON `streams` (`status`,`created_at`,`id`);