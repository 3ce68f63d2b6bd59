//! Product search: a full-text index over the catalog (tantivy, with jieba
//! cutting Chinese into words), the `/search` results and the suggestions
//! offered while the shopper types.

pub mod api;
pub mod model;
pub mod suggest_box;

#[cfg(feature = "ssr")]
pub mod analyzer;
#[cfg(feature = "ssr")]
pub mod index;
#[cfg(feature = "ssr")]
pub mod query;
#[cfg(feature = "ssr")]
pub mod source;

#[cfg(feature = "ssr")]
pub use error::SearchError;

#[cfg(feature = "ssr")]
mod error {
    use crate::error::AppError;

    #[derive(Debug, thiserror::Error)]
    pub enum SearchError {
        #[error("search index: {0}")]
        Index(#[from] tantivy::TantivyError),
        #[error("search index files: {0}")]
        Files(#[from] std::io::Error),
        #[error("database: {0}")]
        Database(#[from] sea_orm::DbErr),
        #[error("the search index update was interrupted")]
        Interrupted,
    }

    impl From<SearchError> for AppError {
        fn from(err: SearchError) -> Self {
            tracing::error!(error = %err, "search failed");
            AppError::Internal
        }
    }
}
