//! The detail view's read on the SQLite file: the core assembles it (`assemble_detail`) from
//! the reads this store answers.

use chrono::{DateTime, Utc};
use sinkron_core::store::{assemble_detail, RequestDetail, StoreError};

use crate::Store;

impl Store {
    /// One request for the detail view, as of `now`.
    pub async fn request_detail(
        &self,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<RequestDetail, StoreError> {
        assemble_detail(self, id, now).await
    }
}
