CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text NOT NULL,
	CONSTRAINT "users_email_lower_case" CHECK("users"."email" = lower("users"."email")),
	CONSTRAINT "users_role_known" CHECK("users"."role" IN ('admin', 'editor', 'viewer', 'customer'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_created_at_id` ON `users` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `subscribers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`unsubscribe_token` text NOT NULL,
	`created_at` text NOT NULL,
	CONSTRAINT "subscribers_email_lower_case" CHECK("subscribers"."email" = lower(trim("subscribers"."email"))),
	CONSTRAINT "subscribers_name_length" CHECK(length("subscribers"."name") BETWEEN 1 AND 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_email_unique` ON `subscribers` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_unsubscribe_token_unique` ON `subscribers` (`unsubscribe_token`);--> statement-breakpoint
CREATE INDEX `subscribers_created_at_id` ON `subscribers` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`priority` text DEFAULT 'normal' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`closed_at` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "tickets_title_length" CHECK(length("tickets"."title") BETWEEN 1 AND 200),
	CONSTRAINT "tickets_description_length" CHECK(length("tickets"."description") BETWEEN 1 AND 5000),
	CONSTRAINT "tickets_priority_known" CHECK("tickets"."priority" IN ('low', 'normal', 'high')),
	CONSTRAINT "tickets_status_known" CHECK("tickets"."status" IN ('open', 'closed')),
	CONSTRAINT "tickets_closed_at_iff_closed" CHECK(("tickets"."status" = 'closed') = ("tickets"."closed_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `tickets_created_at_id` ON `tickets` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_status_created_at_id` ON `tickets` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_created_by_created_at_id` ON `tickets` (`created_by`,`created_at`,`id`);