CREATE TABLE `cart_items` (
	`customer_id` text NOT NULL,
	`product_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`added_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`customer_id`, `product_id`),
	FOREIGN KEY (`customer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "cart_items_quantity_range" CHECK("cart_items"."quantity" BETWEEN 1 AND 99)
);
--> statement-breakpoint
CREATE INDEX `cart_items_product` ON `cart_items` (`product_id`);--> statement-breakpoint
CREATE TABLE `customer_profiles` (
	`user_id` text PRIMARY KEY NOT NULL,
	`phone` text,
	`address` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "customer_profiles_phone_length" CHECK("customer_profiles"."phone" IS NULL OR length("customer_profiles"."phone") BETWEEN 3 AND 40),
	CONSTRAINT "customer_profiles_address_length" CHECK("customer_profiles"."address" IS NULL OR length("customer_profiles"."address") BETWEEN 1 AND 500)
);
--> statement-breakpoint
CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`error` text,
	`failed_at` text NOT NULL,
	`replayed_at` text,
	`replayed_by` text,
	FOREIGN KEY (`replayed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `dead_letters_failed` ON `dead_letters` (`failed_at`,`id`);--> statement-breakpoint
CREATE TABLE `low_stock_alerts` (
	`product_id` text PRIMARY KEY NOT NULL,
	`stock` integer NOT NULL,
	`raised_at` text NOT NULL,
	`resolved_at` text,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `low_stock_alerts_open` ON `low_stock_alerts` (`resolved_at`,`raised_at`);--> statement-breakpoint
CREATE TABLE `order_events` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` text,
	`reason` text,
	`amount_cents` integer,
	`detail` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `order_events_order_created` ON `order_events` (`order_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `order_items` (
	`order_id` text NOT NULL,
	`product_id` text NOT NULL,
	`product_name` text NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`quantity` integer NOT NULL,
	`refunded_quantity` integer DEFAULT 0 NOT NULL,
	`refunded_cents` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`order_id`, `product_id`),
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "order_items_quantity_range" CHECK("order_items"."quantity" BETWEEN 1 AND 99),
	CONSTRAINT "order_items_unit_price_non_negative" CHECK("order_items"."unit_price_cents" >= 0),
	CONSTRAINT "order_items_refunded_quantity_range" CHECK("order_items"."refunded_quantity" BETWEEN 0 AND "order_items"."quantity"),
	CONSTRAINT "order_items_refunded_cents_non_negative" CHECK("order_items"."refunded_cents" >= 0)
);
--> statement-breakpoint
CREATE INDEX `order_items_product_order` ON `order_items` (`product_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text,
	`status` text DEFAULT 'processing' NOT NULL,
	`currency` text NOT NULL,
	`tier` text NOT NULL,
	`discount_percent` integer NOT NULL,
	`subtotal_cents` integer NOT NULL,
	`discount_cents` integer NOT NULL,
	`total_cents` integer NOT NULL,
	`refunded_cents` integer DEFAULT 0 NOT NULL,
	`reward_points` integer DEFAULT 0 NOT NULL,
	`idempotency_key` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`completed_at` text,
	FOREIGN KEY (`customer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "orders_status_known" CHECK("orders"."status" IN ('processing', 'completed', 'cancelled', 'refunded', 'partially_refunded')),
	CONSTRAINT "orders_tier_known" CHECK("orders"."tier" IN ('bronze', 'silver', 'gold')),
	CONSTRAINT "orders_discount_percent_range" CHECK("orders"."discount_percent" BETWEEN 0 AND 100),
	CONSTRAINT "orders_amounts_consistent" CHECK("orders"."subtotal_cents" >= 0 AND "orders"."discount_cents" >= 0 AND "orders"."total_cents" = "orders"."subtotal_cents" - "orders"."discount_cents"),
	CONSTRAINT "orders_refund_within_total" CHECK("orders"."refunded_cents" BETWEEN 0 AND "orders"."total_cents"),
	CONSTRAINT "orders_reward_points_non_negative" CHECK("orders"."reward_points" >= 0),
	CONSTRAINT "orders_completed_has_date" CHECK("orders"."status" = 'processing' OR "orders"."status" = 'cancelled' OR "orders"."completed_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_customer_idempotency_key` ON `orders` (`customer_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `orders_customer_created` ON `orders` (`customer_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_created` ON `orders` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_status_created` ON `orders` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`brand` text NOT NULL,
	`category` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`price_cents` integer NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`stock` integer DEFAULT 0 NOT NULL,
	`image` text,
	`movement` text,
	`case_material` text,
	`case_diameter_mm` integer,
	`water_resistance_m` integer,
	`year` integer,
	`condition` text DEFAULT 'new' NOT NULL,
	`warranty_years` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "products_stock_non_negative" CHECK("products"."stock" >= 0),
	CONSTRAINT "products_price_non_negative" CHECK("products"."price_cents" >= 0),
	CONSTRAINT "products_name_length" CHECK(length("products"."name") BETWEEN 1 AND 200),
	CONSTRAINT "products_brand_length" CHECK(length("products"."brand") BETWEEN 1 AND 100),
	CONSTRAINT "products_category_known" CHECK("products"."category" IN ('sport', 'dress', 'luxury', 'diver', 'pilot', 'smart', 'field', 'chronograph')),
	CONSTRAINT "products_status_known" CHECK("products"."status" IN ('active', 'archived')),
	CONSTRAINT "products_condition_known" CHECK("products"."condition" IN ('new', 'unworn', 'pre-owned', 'vintage')),
	CONSTRAINT "products_movement_known" CHECK("products"."movement" IS NULL OR "products"."movement" IN ('automatic', 'manual', 'quartz', 'solar', 'kinetic', 'smart')),
	CONSTRAINT "products_currency_code" CHECK(length("products"."currency") = 3 AND "products"."currency" = upper("products"."currency"))
);
--> statement-breakpoint
CREATE INDEX `products_status_price` ON `products` (`status`,`price_cents`,`id`);--> statement-breakpoint
CREATE INDEX `products_status_created` ON `products` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `products_status_name` ON `products` (`status`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `products_status_category_price` ON `products` (`status`,`category`,`price_cents`,`id`);--> statement-breakpoint
CREATE INDEX `products_status_brand_price` ON `products` (`status`,`brand`,`price_cents`,`id`);--> statement-breakpoint
CREATE TABLE `recommendation_weights` (
	`id` text PRIMARY KEY NOT NULL,
	`content_weight` real NOT NULL,
	`copurchase_weight` real NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "recommendation_weights_sum" CHECK(abs("recommendation_weights"."content_weight" + "recommendation_weights"."copurchase_weight" - 1) < 0.000001),
	CONSTRAINT "recommendation_weights_range" CHECK("recommendation_weights"."content_weight" BETWEEN 0 AND 1 AND "recommendation_weights"."copurchase_weight" BETWEEN 0 AND 1)
);
--> statement-breakpoint
CREATE TABLE `recommendations` (
	`customer_id` text NOT NULL,
	`product_id` text NOT NULL,
	`score` real NOT NULL,
	`content_score` real NOT NULL,
	`copurchase_score` real NOT NULL,
	`reason` text NOT NULL,
	`computed_at` text NOT NULL,
	PRIMARY KEY(`customer_id`, `product_id`),
	FOREIGN KEY (`customer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `recommendations_customer_score` ON `recommendations` (`customer_id`,`score`);--> statement-breakpoint
-- "For You" starts by leaning on what a customer bought before; staff change the mix at PUT /recommendations/weights.
INSERT INTO `recommendation_weights` (`id`, `content_weight`, `copurchase_weight`, `updated_at`) VALUES ('default', 0.6, 0.4, '2026-12-01T00:00:00.000Z');
