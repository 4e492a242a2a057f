CREATE INDEX `lessons_updated_at_id` ON `lessons` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `programs_status_updated_at_id` ON `programs` (`status`,`updated_at`,`id`);