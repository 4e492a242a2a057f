CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`scopes` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "api_keys_name_length" CHECK(length("api_keys"."name") BETWEEN 1 AND 100),
	CONSTRAINT "api_keys_scopes_shape" CHECK(json_valid("api_keys"."scopes") AND json_type("api_keys"."scopes") = 'array' AND json_array_length("api_keys"."scopes") >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_created_at_id` ON `api_keys` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `featured_programs` (
	`program_id` text PRIMARY KEY NOT NULL,
	`position` integer NOT NULL,
	`featured_at` text NOT NULL,
	`featured_by` text,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`featured_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "featured_programs_position_positive" CHECK("featured_programs"."position" >= 1)
);
--> statement-breakpoint
CREATE INDEX `featured_programs_position` ON `featured_programs` (`position`,`featured_at`);--> statement-breakpoint
CREATE TABLE `search_query_days` (
	`day` text NOT NULL,
	`query` text NOT NULL,
	`searches` integer NOT NULL,
	`zero_hit_searches` integer NOT NULL,
	`last_hit_count` integer NOT NULL,
	`last_searched_at` text NOT NULL,
	PRIMARY KEY(`day`, `query`),
	CONSTRAINT "search_query_days_counts" CHECK("search_query_days"."searches" >= 1 AND "search_query_days"."zero_hit_searches" BETWEEN 0 AND "search_query_days"."searches")
);
--> statement-breakpoint
CREATE INDEX `search_query_days_day_searches` ON `search_query_days` (`day`,`searches`);