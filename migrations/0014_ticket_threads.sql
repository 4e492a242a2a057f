CREATE TABLE `ticket_thread` (
	`id` text PRIMARY KEY NOT NULL,
	`ticket_id` text NOT NULL,
	`author_id` text,
	`kind` text NOT NULL,
	`body` text,
	`event` text,
	`value` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "ticket_thread_kind_known" CHECK("ticket_thread"."kind" IN ('reply', 'note', 'event')),
	CONSTRAINT "ticket_thread_event_known" CHECK("ticket_thread"."event" IS NULL OR "ticket_thread"."event" IN ('closed', 'reopened', 'assigned', 'unassigned', 'prioritised')),
	CONSTRAINT "ticket_thread_event_iff_kind_event" CHECK(("ticket_thread"."kind" = 'event') = ("ticket_thread"."event" IS NOT NULL)),
	CONSTRAINT "ticket_thread_body_iff_written" CHECK(("ticket_thread"."kind" = 'event') = ("ticket_thread"."body" IS NULL) AND ("ticket_thread"."body" IS NULL OR length("ticket_thread"."body") BETWEEN 1 AND 5000))
);
--> statement-breakpoint
CREATE INDEX `ticket_thread_ticket_created_at_id` ON `ticket_thread` (`ticket_id`,`created_at`,`id`);--> statement-breakpoint
-- drizzle-kit leaves out the ON DELETE of a column added to an existing table: without it, deleting an assigned staff member would fail.
ALTER TABLE `tickets` ADD `assigned_to` text REFERENCES users(id) ON DELETE set null;--> statement-breakpoint
CREATE INDEX `tickets_assigned_to_created_at_id` ON `tickets` (`assigned_to`,`created_at`,`id`);