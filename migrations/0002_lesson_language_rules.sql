-- Rules over a lesson's JSON language fields that CHECK constraints cannot express (they need json_each):
--   * every subtitle language has a subtitle URL and every subtitle URL has a language (the keys match);
--   * content URLs exist only for languages listed in content_languages_available.
-- The message starts like SQLite's own so that the API reports it as a constraint violation (422).
CREATE TRIGGER `lessons_language_rules_on_insert` BEFORE INSERT ON `lessons`
WHEN (SELECT count(*) FROM json_each(NEW.subtitle_languages)) <> (SELECT count(*) FROM json_each(NEW.subtitle_urls_by_language))
  OR EXISTS (SELECT 1 FROM json_each(NEW.subtitle_languages) AS l WHERE json_type(NEW.subtitle_urls_by_language, '$."' || l.value || '"') IS NOT 'text')
  OR EXISTS (SELECT 1 FROM json_each(NEW.content_urls_by_language) AS u WHERE u.key NOT IN (SELECT value FROM json_each(NEW.content_languages_available)))
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: lessons_language_rules');
END;
--> statement-breakpoint
CREATE TRIGGER `lessons_language_rules_on_update` BEFORE UPDATE OF `subtitle_languages`, `subtitle_urls_by_language`, `content_urls_by_language`, `content_languages_available` ON `lessons`
WHEN (SELECT count(*) FROM json_each(NEW.subtitle_languages)) <> (SELECT count(*) FROM json_each(NEW.subtitle_urls_by_language))
  OR EXISTS (SELECT 1 FROM json_each(NEW.subtitle_languages) AS l WHERE json_type(NEW.subtitle_urls_by_language, '$."' || l.value || '"') IS NOT 'text')
  OR EXISTS (SELECT 1 FROM json_each(NEW.content_urls_by_language) AS u WHERE u.key NOT IN (SELECT value FROM json_each(NEW.content_languages_available)))
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: lessons_language_rules');
END;
