//! Batch reads on the SQLite file: the requests of a batch with their NIKs, for the export
//! (the batch's step itself is the core's `RequestChanges::record_step_batch`).

use sinkron_core::store::{collect_export_rows, ExportRow, StoreError};

use crate::Store;

impl Store {
    /// The NIKs to synchronise of the given requests, in the given order.
    pub async fn export_rows(&self, ids: &[i64]) -> Result<Vec<ExportRow>, StoreError> {
        collect_export_rows(self, ids).await
    }
}
