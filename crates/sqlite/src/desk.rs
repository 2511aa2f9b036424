//! The desk's reads on the SQLite file, as the core's [`RequestStore`]: every method is a
//! query here or in its sibling modules, so the shell holds the store as `dyn DeskStore` and
//! nothing is forwarded by hand.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sinkron_core::identity::Nik;
use sinkron_core::status::Status;
use sinkron_core::store::{
    ChangeEntry, DocumentInfo, HistoryEntry, ImageSize, NoticeEntry, QueuePage, QueueQuery,
    RequestPage, RequestRecord, RequestStore, StatusCounts, StepEntry, StoreError,
};

use crate::Store;

#[async_trait]
impl RequestStore for Store {
    async fn get_request(&self, id: i64) -> Result<RequestRecord, StoreError> {
        Store::get_request(self, id).await
    }

    async fn history(&self, id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
        Store::history(self, id).await
    }

    async fn steps(&self, id: i64) -> Result<Vec<StepEntry>, StoreError> {
        Store::steps(self, id).await
    }

    async fn list_requests(&self, page: u32, per_page: u32) -> Result<RequestPage, StoreError> {
        Store::list_requests(self, page, per_page).await
    }

    async fn status_counts(&self) -> Result<StatusCounts, StoreError> {
        Store::status_counts(self).await
    }

    async fn queue(&self, q: &QueueQuery, now: DateTime<Utc>) -> Result<QueuePage, StoreError> {
        Store::queue(self, q, now).await
    }

    async fn documents_of(&self, request_id: i64) -> Result<Vec<DocumentInfo>, StoreError> {
        Store::documents_of(self, request_id).await
    }

    async fn document_info(&self, document_id: i64) -> Result<Option<DocumentInfo>, StoreError> {
        Store::document_info(self, document_id).await
    }

    async fn document_image(
        &self,
        document_id: i64,
        size: ImageSize,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        Store::document_image(self, document_id, size).await
    }

    async fn changes(&self, id: i64) -> Result<Vec<ChangeEntry>, StoreError> {
        Store::changes(self, id).await
    }

    async fn notices(&self, id: i64) -> Result<Vec<NoticeEntry>, StoreError> {
        Store::notices(self, id).await
    }

    async fn sync_niks(&self, id: i64) -> Result<Vec<String>, StoreError> {
        Store::sync_niks(self, id).await
    }

    async fn open_requests_for_nik(
        &self,
        nik: &Nik,
    ) -> Result<Vec<(i64, String, Status)>, StoreError> {
        Store::open_requests_for_nik(self, nik).await
    }

    async fn find_by_reg_number(
        &self,
        reg_number: &str,
    ) -> Result<Option<RequestRecord>, StoreError> {
        Store::find_by_reg_number(self, reg_number).await
    }

    async fn all_settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        Store::all_settings(self).await
    }
}
