-- The search index over the published catalog (src/discovery/search). Completed by the search module.
CREATE VIRTUAL TABLE `search_index` USING fts5(title, description, topics, languages, tokenize = 'unicode61 remove_diacritics 2');
