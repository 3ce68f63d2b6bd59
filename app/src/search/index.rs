//! The product search index: tantivy, kept on disk under the data
//! directory and brought in step with the database by [`SearchIndex::sync`].
//!
//! The database is the truth and the index a copy that can always be
//! rebuilt: an index that is missing, unreadable or of an older format is
//! rebuilt from the database at start. After that, each sync reads only the
//! products changed since the newest change already indexed (the
//! watermark, saved with every commit), so a change made through any app
//! server reaches every server's index within one sync period.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use tantivy::collector::TopDocs;
use tantivy::query::Query;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::SearchError;
use super::analyzer::{ANALYZER, analyzer, words};
use super::model::Suggestion;
use super::query::{Match, TextFields, all_words, any_word};
use super::source::{SearchDoc, SearchSource};
use crate::catalog::taxonomy::Taxonomy;

/// Written with every commit; an index of another format is rebuilt.
/// Change it whenever the schema or the analyzer changes.
const FORMAT: &str = "shop-products-1";

/// Memory the writer may buffer before it flushes a segment.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// Changes are re-read from a little before the watermark: a transaction
/// that began earlier may commit after a later one was already indexed.
const OVERLAP: chrono::Duration = chrono::Duration::seconds(60);

/// Words of a query that are looked at; the rest are ignored.
const MAX_WORDS: usize = 8;

/// How often a running server looks for changes it did not make itself.
pub const SYNC_PERIOD: Duration = Duration::from_secs(10);

/// Products matched by a search, best first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    pub ids: Vec<i64>,
    /// No product matched every word: these match some of them.
    pub loose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncReport {
    /// Products read from the database and written to the index.
    pub products: usize,
    /// Whether the index was built from scratch.
    pub rebuilt: bool,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    slug: Field,
    text: TextFields,
}

pub struct SearchIndex {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    /// The newest change indexed; `None` until the first full build.
    watermark: Mutex<Option<DateTime<Utc>>>,
    /// Syncs run one at a time, so watermarks only move forward.
    syncing: tokio::sync::Mutex<()>,
}

impl SearchIndex {
    /// Opens the index in `dir`, or starts an empty one (filled by the
    /// first [`sync`](Self::sync)) when there is none or it cannot be used.
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir)?;
        if let Some(index) = reusable(dir) {
            let watermark = saved_watermark(&index);
            if let Ok(this) = Self::with_index(index, watermark) {
                return Ok(this);
            }
        }
        tracing::info!(dir = %dir.display(), "building the search index from scratch");
        std::fs::remove_dir_all(dir)?;
        std::fs::create_dir_all(dir)?;
        Self::with_index(Index::create_in_dir(dir, schema())?, None)
    }

    /// An index that lives only as long as the process: for tests.
    pub fn in_memory() -> Result<Self, SearchError> {
        Self::with_index(Index::create_in_ram(schema()), None)
    }

    fn with_index(index: Index, watermark: Option<DateTime<Utc>>) -> Result<Self, SearchError> {
        index.tokenizers().register(ANALYZER, analyzer());
        let schema = index.schema();
        let field = |name: &str| schema.get_field(name);
        let fields = Fields {
            id: field("id")?,
            slug: field("slug")?,
            text: TextFields {
                title: field("title")?,
                brand: field("brand")?,
                category: field("category")?,
                detail: field("detail")?,
            },
        };
        // One indexing thread: the shop's requests need the other core more.
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            reader,
            writer: Mutex::new(writer),
            fields,
            watermark: Mutex::new(watermark),
            syncing: tokio::sync::Mutex::new(()),
        })
    }

    /// Brings the index in step with the database: everything the first
    /// time, then the products changed since the last sync.
    pub async fn sync<C: ConnectionTrait>(
        self: &Arc<Self>,
        db: &C,
        taxonomy: &Taxonomy,
    ) -> Result<SyncReport, SearchError> {
        let _one_at_a_time = self.syncing.lock().await;
        let since = *lock(&self.watermark);
        let docs = SearchSource(db)
            .changed_since(taxonomy, since.map(|t| t - OVERLAP))
            .await?;
        let rebuilt = since.is_none();
        let report = SyncReport {
            products: docs.len(),
            rebuilt,
        };
        if docs.is_empty() && !rebuilt {
            return Ok(report);
        }
        let newest = docs.iter().map(|d| d.updated_at).max().max(since);
        let this = Arc::clone(self);
        // Indexing is CPU work: off the async executor.
        tokio::task::spawn_blocking(move || this.apply(&docs, rebuilt, newest))
            .await
            .map_err(|_| SearchError::Interrupted)??;
        Ok(report)
    }

    /// Replaces the whole index with `docs`, without reading a database:
    /// for benchmarks and tools that bring their own documents.
    pub fn replace_all(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        let newest = docs.iter().map(|d| d.updated_at).max();
        self.apply(docs, true, newest)
    }

    fn apply(
        &self,
        docs: &[SearchDoc],
        rebuild: bool,
        newest: Option<DateTime<Utc>>,
    ) -> Result<(), SearchError> {
        let mut writer = lock(&self.writer);
        if rebuild {
            writer.delete_all_documents()?;
        }
        for doc in docs {
            writer.delete_term(self.id_term(doc.id));
            if doc.listed {
                writer.add_document(self.document(doc))?;
            }
        }
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&payload(newest));
        commit.commit()?;
        drop(writer);
        // Read-your-writes: the next search sees this commit.
        self.reader.reload()?;
        *lock(&self.watermark) = newest;
        Ok(())
    }

    fn document(&self, doc: &SearchDoc) -> TantivyDocument {
        let f = self.fields;
        let mut out = TantivyDocument::new();
        out.add_u64(f.id, id_value(doc.id));
        out.add_text(f.slug, &doc.slug);
        out.add_text(f.text.title, &doc.title);
        out.add_text(f.text.brand, &doc.brand);
        out.add_text(f.text.category, &doc.category);
        out.add_text(f.text.detail, &doc.detail);
        out
    }

    fn id_term(&self, id: i64) -> Term {
        Term::from_field_u64(self.fields.id, id_value(id))
    }

    /// Listed products matching `text`, best first, at most `limit`.
    pub fn search(&self, text: &str, limit: usize) -> Result<Hits, SearchError> {
        let words = query_words(text);
        if words.is_empty() || limit == 0 {
            return Ok(Hits::default());
        }
        let searcher = self.reader.searcher();
        let strict = all_words(self.fields.text, &words, Match::Exact);
        let ids = self.ranked_ids(&searcher, &strict, limit)?;
        if !ids.is_empty() || words.len() == 1 {
            return Ok(Hits { ids, loose: false });
        }
        let ids = self.ranked_ids(&searcher, &any_word(self.fields.text, &words), limit)?;
        Ok(Hits {
            loose: !ids.is_empty(),
            ids,
        })
    }

    /// Titles to offer while the shopper types: the last word may be
    /// unfinished.
    pub fn suggest(&self, text: &str, limit: usize) -> Result<Vec<Suggestion>, SearchError> {
        let words = query_words(text);
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let last = if text.ends_with(char::is_whitespace) {
            Match::Exact
        } else {
            Match::Prefix
        };
        let searcher = self.reader.searcher();
        let query = all_words(self.fields.text, &words, last);
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut out = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            out.push(Suggestion {
                slug: text(self.fields.slug),
                title: text(self.fields.text.title),
            });
        }
        Ok(out)
    }

    /// Products in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn ranked_ids(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        limit: usize,
    ) -> Result<Vec<i64>, SearchError> {
        let top = searcher.search(query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut ids = Vec::with_capacity(top.len());
        for (_, address) in top {
            let column = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("id")?;
            if let Some(id) = column.first(address.doc_id) {
                ids.push(i64::try_from(id).unwrap_or_default());
            }
        }
        Ok(ids)
    }
}

fn query_words(text: &str) -> Vec<String> {
    let mut words = words(text);
    words.truncate(MAX_WORDS);
    words
}

fn schema() -> Schema {
    let mut builder = Schema::builder();
    builder.add_u64_field("id", INDEXED | STORED | FAST);
    builder.add_text_field("slug", STORED);
    let text = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    builder.add_text_field("title", text(true));
    builder.add_text_field("brand", text(false));
    builder.add_text_field("category", text(false));
    builder.add_text_field("detail", text(false));
    builder.build()
}

/// An index in `dir` that was written in the current format.
fn reusable(dir: &Path) -> Option<Index> {
    let index = Index::open_in_dir(dir).ok()?;
    let payload = index.load_metas().ok()?.payload?;
    (payload.split_once(' ')?.0 == FORMAT).then_some(index)
}

fn saved_watermark(index: &Index) -> Option<DateTime<Utc>> {
    let payload = index.load_metas().ok()?.payload?;
    let (_, at) = payload.split_once(' ')?;
    DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn payload(watermark: Option<DateTime<Utc>>) -> String {
    match watermark {
        Some(at) => format!("{FORMAT} {}", at.to_rfc3339()),
        // An empty catalog is complete too: the next sync reads from the start.
        None => format!("{FORMAT} -"),
    }
}

/// Ids are positive; a negative one (which the database never makes)
/// would only ever be looked up, never found.
fn id_value(id: i64) -> u64 {
    u64::try_from(id).unwrap_or(u64::MAX)
}

/// A poisoned lock only means another thread panicked mid-write; tantivy
/// keeps the index itself consistent, so carry on.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
