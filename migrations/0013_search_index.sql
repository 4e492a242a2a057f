-- The search index over the published catalog (src/discovery/search), kept in step by triggers: every write to the
-- catalog re-indexes what it changed in the same transaction, so a search never sees an unpublished document nor
-- misses a published one. Only documents the public catalog shows are indexed: a lesson when it and its program are
-- published, a program when it is published and has a published lesson.
--
-- Words: unicode61 with diacritics removed, and combining marks (M*) kept inside words: Indic vowel signs are marks,
-- and without them a Telugu or Hindi word would split into single letters.

-- Names of the languages people use, so that "telugu" finds content in `te`. An unknown code is indexed as itself.
CREATE TABLE `search_languages` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `search_languages` (`code`, `name`) VALUES
	('af', 'Afrikaans'), ('am', 'Amharic'), ('ar', 'Arabic'), ('as', 'Assamese'), ('az', 'Azerbaijani'),
	('be', 'Belarusian'), ('bg', 'Bulgarian'), ('bn', 'Bengali'), ('bs', 'Bosnian'), ('ca', 'Catalan'),
	('cs', 'Czech'), ('cy', 'Welsh'), ('da', 'Danish'), ('de', 'German'), ('el', 'Greek'), ('en', 'English'),
	('eo', 'Esperanto'), ('es', 'Spanish'), ('et', 'Estonian'), ('eu', 'Basque'), ('fa', 'Persian'),
	('fi', 'Finnish'), ('fil', 'Filipino'), ('fr', 'French'), ('ga', 'Irish'), ('gl', 'Galician'),
	('gu', 'Gujarati'), ('ha', 'Hausa'), ('he', 'Hebrew'), ('hi', 'Hindi'), ('hr', 'Croatian'),
	('hu', 'Hungarian'), ('hy', 'Armenian'), ('id', 'Indonesian'), ('ig', 'Igbo'), ('is', 'Icelandic'),
	('it', 'Italian'), ('ja', 'Japanese'), ('jv', 'Javanese'), ('ka', 'Georgian'), ('kk', 'Kazakh'),
	('km', 'Khmer'), ('kn', 'Kannada'), ('ko', 'Korean'), ('ku', 'Kurdish'), ('ky', 'Kyrgyz'), ('la', 'Latin'),
	('lo', 'Lao'), ('lt', 'Lithuanian'), ('lv', 'Latvian'), ('mi', 'Maori'), ('mk', 'Macedonian'),
	('ml', 'Malayalam'), ('mn', 'Mongolian'), ('mr', 'Marathi'), ('ms', 'Malay'), ('mt', 'Maltese'),
	('my', 'Burmese'), ('ne', 'Nepali'), ('nl', 'Dutch'), ('no', 'Norwegian'), ('or', 'Odia'), ('pa', 'Punjabi'),
	('pl', 'Polish'), ('ps', 'Pashto'), ('pt', 'Portuguese'), ('ro', 'Romanian'), ('ru', 'Russian'),
	('rw', 'Kinyarwanda'), ('sa', 'Sanskrit'), ('sd', 'Sindhi'), ('si', 'Sinhala'), ('sk', 'Slovak'),
	('sl', 'Slovenian'), ('so', 'Somali'), ('sq', 'Albanian'), ('sr', 'Serbian'), ('sv', 'Swedish'),
	('sw', 'Swahili'), ('ta', 'Tamil'), ('te', 'Telugu'), ('tg', 'Tajik'), ('th', 'Thai'), ('tl', 'Tagalog'),
	('tr', 'Turkish'), ('uk', 'Ukrainian'), ('ur', 'Urdu'), ('uz', 'Uzbek'), ('vi', 'Vietnamese'),
	('xh', 'Xhosa'), ('yo', 'Yoruba'), ('zh', 'Chinese'), ('zu', 'Zulu');
--> statement-breakpoint
-- One row per indexed document: its FTS5 rowid. (The implicit rowid of a table with a text key may change on VACUUM.)
CREATE TABLE `search_documents` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`doc_id` text NOT NULL,
	CONSTRAINT "search_documents_kind_known" CHECK(`kind` IN ('program', 'lesson'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_documents_kind_doc` ON `search_documents` (`kind`, `doc_id`);
--> statement-breakpoint
-- Text columns are searched (bm25 weights in src/discovery/search/query.ts), UNINDEXED ones are what filters, facets
-- and hits read. `language_codes` is a JSON array of codes, `topic_list` a JSON array of {id, name}.
CREATE VIRTUAL TABLE `search_index` USING fts5(
	title, description, topics, languages,
	kind UNINDEXED, doc_id UNINDEXED, program_id UNINDEXED, program_title UNINDEXED, content_type UNINDEXED,
	duration_ms UNINDEXED, language_codes UNINDEXED, topic_list UNINDEXED, published_at UNINDEXED,
	tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'",
	prefix = '1 2 3'
);
--> statement-breakpoint
-- The index's terms with their document counts: checks that a word is indexed, and ranks "did you mean" words.
CREATE VIRTUAL TABLE `search_index_terms` USING fts5vocab(`search_index`, 'row');
--> statement-breakpoint
-- Every word ever indexed, for typo tolerance: a trigram index over the words padded with ^ and $ (so that short
-- words have trigrams and the ends of a word count). Words are never removed: one no longer indexed matches
-- nothing, and suggestions are checked against search_index_terms.
CREATE TABLE `search_words` (
	`id` integer PRIMARY KEY NOT NULL,
	`word` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_words_word` ON `search_words` (`word`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_word_trigrams` USING fts5(padded, letters UNINDEXED, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER `search_words_trigrams` AFTER INSERT ON `search_words` BEGIN
	INSERT INTO `search_word_trigrams` (rowid, padded, letters) VALUES (NEW.id, '^' || NEW.word || '$', length(NEW.word));
END;
--> statement-breakpoint
-- A scratch index that splits one document's text into words exactly as search_index does, for search_words.
CREATE VIRTUAL TABLE `search_scratch` USING fts5(body, content = '', tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'");
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_scratch_terms` USING fts5vocab(`search_scratch`, 'row');
--> statement-breakpoint
-- Inserting (kind, doc_id) here re-indexes that document from the catalog's tables, or removes it when it is not
-- (or no longer) public. The row is consumed at once: the table stays empty.
CREATE TABLE `search_stale_documents` (
	`kind` text NOT NULL,
	`doc_id` text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `search_reindex_document` AFTER INSERT ON `search_stale_documents` BEGIN
	INSERT OR IGNORE INTO `search_documents` (kind, doc_id) VALUES (NEW.kind, NEW.doc_id);
	DELETE FROM `search_index`
		WHERE rowid = (SELECT id FROM `search_documents` WHERE kind = NEW.kind AND doc_id = NEW.doc_id);
	INSERT INTO `search_index` (rowid, title, description, topics, languages, kind, doc_id, program_id, program_title,
		content_type, duration_ms, language_codes, topic_list, published_at)
	SELECT d.id, p.title, p.description,
		coalesce((SELECT group_concat(tp.name, ' ') FROM program_topics pt CROSS JOIN topics tp
			WHERE pt.program_id = p.id AND tp.id = pt.topic_id), ''),
		coalesce((SELECT group_concat(coalesce(sl.name || ' ', '') || lc.value, ' ') FROM json_each(p.languages_available) lc
			LEFT JOIN search_languages sl ON sl.code = lower(substr(lc.value, 1, instr(lc.value || '-', '-') - 1))), ''),
		'program', p.id, p.id, p.title, NULL, NULL, p.languages_available,
		(SELECT json_group_array(json_object('id', o.id, 'name', o.name)) FROM (SELECT tp.id, tp.name
			FROM program_topics pt CROSS JOIN topics tp WHERE pt.program_id = p.id AND tp.id = pt.topic_id ORDER BY lower(tp.name)) o),
		p.published_at
	FROM `search_documents` d CROSS JOIN programs p
	WHERE NEW.kind = 'program' AND d.kind = 'program' AND d.doc_id = NEW.doc_id AND p.id = NEW.doc_id
		AND p.status = 'published'
		AND EXISTS (SELECT 1 FROM terms tm CROSS JOIN lessons l
			WHERE tm.program_id = p.id AND l.term_id = tm.id AND l.status = 'published');
	INSERT INTO `search_index` (rowid, title, description, topics, languages, kind, doc_id, program_id, program_title,
		content_type, duration_ms, language_codes, topic_list, published_at)
	SELECT d.id, l.title, l.description,
		coalesce((SELECT group_concat(tp.name, ' ') FROM program_topics pt CROSS JOIN topics tp
			WHERE pt.program_id = p.id AND tp.id = pt.topic_id), ''),
		coalesce((SELECT group_concat(coalesce(sl.name || ' ', '') || lc.value, ' ') FROM json_each(l.content_languages_available) lc
			LEFT JOIN search_languages sl ON sl.code = lower(substr(lc.value, 1, instr(lc.value || '-', '-') - 1))), ''),
		'lesson', l.id, p.id, p.title, l.content_type, l.duration_ms, l.content_languages_available,
		(SELECT json_group_array(json_object('id', o.id, 'name', o.name)) FROM (SELECT tp.id, tp.name
			FROM program_topics pt CROSS JOIN topics tp WHERE pt.program_id = p.id AND tp.id = pt.topic_id ORDER BY lower(tp.name)) o),
		l.published_at
	FROM `search_documents` d CROSS JOIN lessons l CROSS JOIN terms tm CROSS JOIN programs p
	WHERE NEW.kind = 'lesson' AND d.kind = 'lesson' AND d.doc_id = NEW.doc_id AND l.id = NEW.doc_id
		AND l.status = 'published' AND tm.id = l.term_id AND p.id = tm.program_id AND p.status = 'published';
	DELETE FROM `search_documents` WHERE kind = NEW.kind AND doc_id = NEW.doc_id
		AND NOT EXISTS (SELECT 1 FROM `search_index` WHERE rowid = `search_documents`.id);
	-- The document's words into the vocabulary, split by the scratch index.
	INSERT INTO `search_scratch` (rowid, body)
	SELECT rowid, title || ' ' || description || ' ' || topics || ' ' || languages FROM `search_index`
		WHERE rowid = (SELECT id FROM `search_documents` WHERE kind = NEW.kind AND doc_id = NEW.doc_id);
	INSERT OR IGNORE INTO `search_words` (word) SELECT term FROM `search_scratch_terms`;
	INSERT INTO `search_scratch` (`search_scratch`) VALUES ('delete-all');
	DELETE FROM `search_stale_documents` WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
-- Inserting a program id here re-indexes the program and its published lessons (they carry its title and topics).
CREATE TABLE `search_stale_programs` (
	`program_id` text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `search_reindex_program` AFTER INSERT ON `search_stale_programs` BEGIN
	INSERT INTO `search_stale_documents` (kind, doc_id) VALUES ('program', NEW.program_id);
	INSERT INTO `search_stale_documents` (kind, doc_id)
	SELECT 'lesson', l.id FROM terms tm CROSS JOIN lessons l
		WHERE tm.program_id = NEW.program_id AND l.term_id = tm.id AND l.status = 'published';
	DELETE FROM `search_stale_programs` WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
-- ---- the catalog's writes -------------------------------------------------------------------------------------------
-- A program is indexed only once a lesson of it is published (the lesson's trigger adds it): nothing on insert.
CREATE TRIGGER `search_programs_update` AFTER UPDATE OF title, description, status, languages_available, published_at ON `programs`
WHEN (OLD.status = 'published' OR NEW.status = 'published')
	AND (OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description OR OLD.status IS NOT NEW.status
		OR OLD.languages_available IS NOT NEW.languages_available OR OLD.published_at IS NOT NEW.published_at)
BEGIN
	-- Its lessons show its title and follow its status, the other fields are its own.
	INSERT INTO `search_stale_programs` (program_id)
	SELECT NEW.id WHERE OLD.title IS NOT NEW.title OR OLD.status IS NOT NEW.status;
	INSERT INTO `search_stale_documents` (kind, doc_id)
	SELECT 'program', NEW.id WHERE OLD.title IS NEW.title AND OLD.status IS NEW.status;
END;
--> statement-breakpoint
CREATE TRIGGER `search_programs_delete` AFTER DELETE ON `programs` WHEN OLD.status = 'published' BEGIN
	INSERT INTO `search_stale_documents` (kind, doc_id) VALUES ('program', OLD.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_lessons_insert` AFTER INSERT ON `lessons` WHEN NEW.status = 'published' BEGIN
	INSERT INTO `search_stale_documents` (kind, doc_id) VALUES ('lesson', NEW.id);
	INSERT INTO `search_stale_documents` (kind, doc_id) SELECT 'program', tm.program_id FROM terms tm WHERE tm.id = NEW.term_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_lessons_update` AFTER UPDATE OF title, description, status, content_type, duration_ms, content_languages_available, published_at, term_id ON `lessons`
WHEN (OLD.status = 'published' OR NEW.status = 'published')
	AND (OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description OR OLD.status IS NOT NEW.status
		OR OLD.content_type IS NOT NEW.content_type OR OLD.duration_ms IS NOT NEW.duration_ms
		OR OLD.content_languages_available IS NOT NEW.content_languages_available
		OR OLD.published_at IS NOT NEW.published_at OR OLD.term_id IS NOT NEW.term_id)
BEGIN
	INSERT INTO `search_stale_documents` (kind, doc_id) VALUES ('lesson', NEW.id);
	-- Whether its program has a published lesson may have changed.
	INSERT INTO `search_stale_documents` (kind, doc_id)
	SELECT DISTINCT 'program', tm.program_id FROM terms tm
		WHERE tm.id IN (OLD.term_id, NEW.term_id) AND (OLD.status IS NOT NEW.status OR OLD.term_id IS NOT NEW.term_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_lessons_delete` AFTER DELETE ON `lessons` WHEN OLD.status = 'published' BEGIN
	INSERT INTO `search_stale_documents` (kind, doc_id) VALUES ('lesson', OLD.id);
	INSERT INTO `search_stale_documents` (kind, doc_id) SELECT 'program', tm.program_id FROM terms tm WHERE tm.id = OLD.term_id;
END;
--> statement-breakpoint
-- A term deleted with its lessons: the lessons' trigger no longer finds the term, so the program is re-checked here.
CREATE TRIGGER `search_terms_delete` AFTER DELETE ON `terms` BEGIN
	INSERT INTO `search_stale_documents` (kind, doc_id)
	SELECT 'program', p.id FROM programs p WHERE p.id = OLD.program_id AND p.status = 'published';
END;
--> statement-breakpoint
CREATE TRIGGER `search_program_topics_insert` AFTER INSERT ON `program_topics` BEGIN
	INSERT INTO `search_stale_programs` (program_id)
	SELECT p.id FROM programs p WHERE p.id = NEW.program_id AND p.status = 'published';
END;
--> statement-breakpoint
CREATE TRIGGER `search_program_topics_delete` AFTER DELETE ON `program_topics` BEGIN
	INSERT INTO `search_stale_programs` (program_id)
	SELECT p.id FROM programs p WHERE p.id = OLD.program_id AND p.status = 'published';
END;
--> statement-breakpoint
-- A deleted topic goes through the cascade to program_topics, a renamed one re-indexes what it tags.
CREATE TRIGGER `search_topics_rename` AFTER UPDATE OF name ON `topics` WHEN OLD.name IS NOT NEW.name BEGIN
	INSERT INTO `search_stale_programs` (program_id)
	SELECT p.id FROM program_topics pt CROSS JOIN programs p
		WHERE pt.topic_id = NEW.id AND p.id = pt.program_id AND p.status = 'published';
END;
--> statement-breakpoint
-- What was published before this migration.
INSERT INTO `search_stale_programs` (program_id) SELECT id FROM programs WHERE status = 'published';
