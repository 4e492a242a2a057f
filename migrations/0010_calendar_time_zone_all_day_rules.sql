PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_events` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`start` text NOT NULL,
	`end` text NOT NULL,
	`time_zone` text,
	`all_day` integer DEFAULT false NOT NULL,
	`location` text,
	`online_link` text,
	`min_attendees` integer,
	`max_attendees` integer,
	`location_notes` text,
	`preparation_notes` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "events_name_length" CHECK(length("__new_events"."name") BETWEEN 1 AND 200),
	CONSTRAINT "events_description_length" CHECK("__new_events"."description" IS NULL OR length("__new_events"."description") <= 5000),
	CONSTRAINT "events_start_utc" CHECK(strftime('%Y-%m-%dT%H:%M:%fZ', "__new_events"."start") IS "__new_events"."start"),
	CONSTRAINT "events_end_utc" CHECK(strftime('%Y-%m-%dT%H:%M:%fZ', "__new_events"."end") IS "__new_events"."end"),
	CONSTRAINT "events_end_after_start" CHECK("__new_events"."end" > "__new_events"."start"),
	CONSTRAINT "events_duration_bounded" CHECK("__new_events"."end" <= strftime('%Y-%m-%dT%H:%M:%fZ', "__new_events"."start", '+31 days')),
	CONSTRAINT "events_time_zone_length" CHECK("__new_events"."time_zone" IS NULL OR length("__new_events"."time_zone") BETWEEN 1 AND 64),
	CONSTRAINT "events_all_day_boolean" CHECK("__new_events"."all_day" IN (0, 1)),
	CONSTRAINT "events_all_day_midnights" CHECK("__new_events"."all_day" = 0 OR (substr("__new_events"."start", 11) = 'T00:00:00.000Z' AND substr("__new_events"."end", 11) = 'T00:00:00.000Z')),
	CONSTRAINT "events_location_length" CHECK("__new_events"."location" IS NULL OR length("__new_events"."location") BETWEEN 1 AND 500),
	CONSTRAINT "events_online_link_https" CHECK("__new_events"."online_link" IS NULL OR ("__new_events"."online_link" LIKE 'https://%' AND length("__new_events"."online_link") <= 2048)),
	CONSTRAINT "events_location_or_link" CHECK("__new_events"."location" IS NOT NULL OR "__new_events"."online_link" IS NOT NULL),
	CONSTRAINT "events_min_attendees_positive" CHECK("__new_events"."min_attendees" IS NULL OR (typeof("__new_events"."min_attendees") = 'integer' AND "__new_events"."min_attendees" >= 1)),
	CONSTRAINT "events_max_attendees_positive" CHECK("__new_events"."max_attendees" IS NULL OR (typeof("__new_events"."max_attendees") = 'integer' AND "__new_events"."max_attendees" >= 1)),
	CONSTRAINT "events_min_not_above_max" CHECK("__new_events"."min_attendees" IS NULL OR "__new_events"."max_attendees" IS NULL OR "__new_events"."min_attendees" <= "__new_events"."max_attendees"),
	CONSTRAINT "events_location_notes_length" CHECK("__new_events"."location_notes" IS NULL OR length("__new_events"."location_notes") <= 2000),
	CONSTRAINT "events_preparation_notes_length" CHECK("__new_events"."preparation_notes" IS NULL OR length("__new_events"."preparation_notes") <= 5000)
);
--> statement-breakpoint
INSERT INTO `__new_events`("id", "name", "description", "start", "end", "time_zone", "all_day", "location", "online_link", "min_attendees", "max_attendees", "location_notes", "preparation_notes", "created_by", "created_at", "updated_at") SELECT "id", "name", "description", "start", "end", "time_zone", "all_day", "location", "online_link", "min_attendees", "max_attendees", "location_notes", "preparation_notes", "created_by", "created_at", "updated_at" FROM `events`;--> statement-breakpoint
DROP TABLE `events`;--> statement-breakpoint
ALTER TABLE `__new_events` RENAME TO `events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `events_start_id_end_all_day` ON `events` (`start`,`id`,`end`,`all_day`);