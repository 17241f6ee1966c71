//! The SQLite schema and its migrations, applied in order and recorded in `user_version`.

use rusqlite::Connection;

/// Each entry migrates the schema from version `i` to `i + 1`. Append, never edit.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT,
        canonical_url TEXT,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT,
        subtitle TEXT,
        authors TEXT NOT NULL DEFAULT '[]',
        publisher TEXT,
        published TEXT,
        modified TEXT,
        language TEXT,
        section TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        based_on TEXT,
        accessible_for_free INTEGER,
        text TEXT NOT NULL,
        candidates TEXT NOT NULL DEFAULT '[]',
        stored_at TEXT NOT NULL
    );
    CREATE INDEX articles_canonical ON articles(canonical_url);
    CREATE TABLE pages (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        raw BLOB NOT NULL,
        content_type TEXT,
        charset TEXT,
        etag TEXT,
        last_modified TEXT,
        http_status INTEGER,
        fetched_at TEXT NOT NULL
    );
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        kind TEXT NOT NULL,
        value REAL NOT NULL,
        value_high REAL,
        currency TEXT,
        bound TEXT NOT NULL,
        change INTEGER NOT NULL,
        asset TEXT,
        role TEXT,
        source TEXT,
        time TEXT,
        surface TEXT NOT NULL,
        sentence TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL,
        in_headline INTEGER NOT NULL,
        extractor TEXT NOT NULL,
        UNIQUE(article_id, ordinal)
    );
    CREATE INDEX claims_asset ON claims(asset);
    CREATE INDEX claims_kind ON claims(kind);
    CREATE TABLE cited_sources (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        named INTEGER NOT NULL,
        sentence TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL
    );
    CREATE INDEX cited_sources_article ON cited_sources(article_id);
    CREATE TABLE ratings (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        direction TEXT NOT NULL,
        direction_score REAL NOT NULL,
        impact TEXT NOT NULL,
        trust TEXT NOT NULL,
        time_effect TEXT NOT NULL,
        price_asset TEXT,
        price_value REAL,
        tags TEXT NOT NULL,
        scorer TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        original_article_id INTEGER NOT NULL REFERENCES articles(id)
    );
    CREATE TABLE story_members (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        matched_article_id INTEGER,
        reason TEXT NOT NULL,
        score REAL NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story_id);
    CREATE TABLE sources (
        source TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        detail TEXT,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
    );
    "#,
    // 2: the dedup index (features, LSH band buckets, keys with document frequencies), the
    // signals of each story member, and events (stories covering one event).
    r#"
    CREATE TABLE dedup_features (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        text_hash TEXT NOT NULL,
        text_len INTEGER NOT NULL,
        meta TEXT NOT NULL,
        shingles BLOB NOT NULL,
        minhash BLOB NOT NULL,
        lede_minhash BLOB NOT NULL,
        terms BLOB NOT NULL,
        figures TEXT NOT NULL,
        entities TEXT NOT NULL,
        emb_lede BLOB,
        emb_text BLOB
    );
    CREATE TABLE dedup_bands (
        bucket INTEGER NOT NULL,
        article_id INTEGER NOT NULL,
        PRIMARY KEY (bucket, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE dedup_keys (
        key TEXT NOT NULL,
        article_id INTEGER NOT NULL,
        PRIMARY KEY (key, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE dedup_key_df (
        key TEXT PRIMARY KEY,
        df INTEGER NOT NULL
    ) WITHOUT ROWID;
    ALTER TABLE story_members ADD COLUMN signals TEXT;
    CREATE TABLE events (
        id INTEGER PRIMARY KEY
    );
    CREATE TABLE event_members (
        story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
        event_id INTEGER NOT NULL REFERENCES events(id),
        matched_story_id INTEGER,
        score REAL NOT NULL
    );
    CREATE INDEX event_members_event ON event_members(event_id);
    "#,
    // 3: the same-event signals of names and whole-text embeddings.
    r#"
    ALTER TABLE dedup_features ADD COLUMN names BLOB;
    ALTER TABLE dedup_features ADD COLUMN emb_whole BLOB;
    "#,
    // 4: how precisely a claim is given (exact, approximate, zone..., range) and what an
    // amount measures (fee, volume, market_cap, ...).
    r#"
    ALTER TABLE claims ADD COLUMN precision TEXT;
    ALTER TABLE claims ADD COLUMN measures TEXT;
    "#,
    // 5: market data: price bars per asset and bar size (UTC open times, unix seconds), and
    // a record of every import.
    r#"
    CREATE TABLE price_bars (
        asset TEXT NOT NULL,
        bar_seconds INTEGER NOT NULL,
        open_time INTEGER NOT NULL,
        open REAL NOT NULL,
        high REAL NOT NULL,
        low REAL NOT NULL,
        close REAL NOT NULL,
        volume REAL,
        quote TEXT NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (asset, bar_seconds, open_time)
    ) WITHOUT ROWID;
    CREATE TABLE price_imports (
        id INTEGER PRIMARY KEY,
        asset TEXT NOT NULL,
        bar_seconds INTEGER NOT NULL,
        file TEXT NOT NULL,
        format TEXT NOT NULL,
        rows INTEGER NOT NULL,
        inserted INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        replaced INTEGER NOT NULL,
        first_time INTEGER,
        last_time INTEGER,
        imported_at TEXT NOT NULL
    );
    "#,
    // 6: the page kind (article, listing, forum, product, other) with its confidence and
    // reasons as JSON, and why no claims or rating were taken from a stored page (NULL: they
    // were). Pages stored before were all taken as articles.
    r#"
    ALTER TABLE articles ADD COLUMN page_kind TEXT NOT NULL DEFAULT 'article';
    ALTER TABLE articles ADD COLUMN page_kind_detail TEXT;
    ALTER TABLE articles ADD COLUMN analysis_skipped TEXT;
    "#,
];
/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database up to [`SCHEMA_VERSION`], each step in its own transaction. Each
/// step takes the write lock first (`BEGIN IMMEDIATE`) and reads the version again under it,
/// so that two processes opening a new file at once never both create its tables.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    loop {
        let tx = super::write_transaction(conn)?;
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let Some(sql) = MIGRATIONS.get(current.max(0) as usize) else {
            return tx.commit();
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", current.max(0) + 1)?;
        tx.commit()?;
    }
}
