CREATE TABLE `games` (
	`id` text PRIMARY KEY NOT NULL,
	`home_team` text NOT NULL,
	`away_team` text NOT NULL,
	`status` text DEFAULT 'live' NOT NULL,
	`team_a_score` integer DEFAULT 0 NOT NULL,
	`team_b_score` integer DEFAULT 0 NOT NULL,
	`period` integer DEFAULT 1 NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "games_home_team_length" CHECK(length("games"."home_team") BETWEEN 1 AND 100),
	CONSTRAINT "games_away_team_length" CHECK(length("games"."away_team") BETWEEN 1 AND 100),
	CONSTRAINT "games_status_known" CHECK("games"."status" IN ('live', 'final')),
	CONSTRAINT "games_scores_not_negative" CHECK("games"."team_a_score" >= 0 AND "games"."team_b_score" >= 0),
	CONSTRAINT "games_period_positive" CHECK("games"."period" >= 1),
	CONSTRAINT "games_finished_at_iff_final" CHECK(("games"."status" = 'final') = ("games"."finished_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `games_status_created_at_id` ON `games` (`status`,`created_at`,`id`);