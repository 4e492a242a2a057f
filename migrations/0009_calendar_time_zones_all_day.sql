DROP INDEX `events_start_id_end`;--> statement-breakpoint
ALTER TABLE `events` ADD `time_zone` text;--> statement-breakpoint
ALTER TABLE `events` ADD `all_day` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `events_start_id_end_all_day` ON `events` (`start`,`id`,`end`,`all_day`);