//! What a request store does for the desks, as a trait (`RequestStore`), so that the same rules
//! run against both backends (accounts, sign-in and the audit log are `crate::accounts`): the embedded SQLite file ([`Store`]) and an office's PostgreSQL server
//! (`sinkron_pg::PgStore`). One behaviour suite (`crates/pg/tests/shared.rs`) runs every test
//! written against this trait on both, and the app holds either behind it (`src-tauri`'s
//! `Db`). The kiosk's own operations are not here: on the server a kiosk's login reaches only
//! its functions (`sinkron_pg::PgStore::create_kiosk_request`, `lookup_status`, `kiosk_rows`).

use std::future::Future;

use chrono::{DateTime, Utc};

use super::office;
use super::{
    Actor, ChangeEntry, CreatedRequest, DocumentInfo, ExportRow, HistoryEntry, ImageSize,
    NoticeEntry, QueuePage, QueueQuery, RequestDetail, RequestPage, RequestRecord, Settings,
    StatusCounts, StepEntry, Store, StoreError, WaNotice,
};
use crate::form::ValidRequest;
use crate::identity::Nik;
use crate::kiosk::KioskSettings;
use crate::office::{OfficeForm, ValidOffice};
use crate::photo::ProcessedPhoto;
use crate::status::Status;
use crate::workdays::ServiceCalendar;

/// The desk's operations on stored requests, the same on every backend.
pub trait RequestStore: Send + Sync {
    /// A request typed at the desk with its two photos: registration number, request, first
    /// history row (naming `by`), NIK list, both documents and an audit row — all or nothing.
    fn create_desk_request(
        &self,
        req: &ValidRequest,
        by: &Actor,
        now: DateTime<Utc>,
        kk: &ProcessedPhoto,
        ktp: &ProcessedPhoto,
    ) -> impl Future<Output = Result<CreatedRequest, StoreError>> + Send;

    /// One request by its id.
    fn get_request(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<RequestRecord, StoreError>> + Send;

    /// Its status history, oldest first.
    fn history(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Vec<HistoryEntry>, StoreError>> + Send;

    /// Its processing steps, oldest first.
    fn steps(&self, id: i64) -> impl Future<Output = Result<Vec<StepEntry>, StoreError>> + Send;

    /// The list, newest first; `page` is 1-based.
    fn list_requests(
        &self,
        page: u32,
        per_page: u32,
    ) -> impl Future<Output = Result<RequestPage, StoreError>> + Send;

    /// Requests per status.
    fn status_counts(&self) -> impl Future<Output = Result<StatusCounts, StoreError>> + Send;

    /// A page of Daftar Pengajuan: tab, search, sort, keyset cursor; `now` decides the age and
    /// overdue marks.
    fn queue(
        &self,
        q: &QueueQuery,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<QueuePage, StoreError>> + Send;

    /// The office's name, zone and default operator name, read by the core from the setting rows.
    fn settings(&self) -> impl Future<Output = Result<Settings, StoreError>> + Send {
        async move { Ok(office::settings_from(&self.all_settings().await?)) }
    }

    /// The working calendar and service target, read by the core from the setting rows.
    fn calendar(&self) -> impl Future<Output = Result<ServiceCalendar, StoreError>> + Send {
        async move {
            let rows = self.all_settings().await?;
            Ok(ServiceCalendar::from_settings(
                rows.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            ))
        }
    }

    /// A request's photos, KK first.
    fn documents_of(
        &self,
        request_id: i64,
    ) -> impl Future<Output = Result<Vec<DocumentInfo>, StoreError>> + Send;

    /// One stored photo's facts, or `None`.
    fn document_info(
        &self,
        document_id: i64,
    ) -> impl Future<Output = Result<Option<DocumentInfo>, StoreError>> + Send;

    /// One rendition of a stored photo (mime type, bytes), or `None`.
    fn document_image(
        &self,
        document_id: i64,
        size: ImageSize,
    ) -> impl Future<Output = Result<Option<(String, Vec<u8>)>, StoreError>> + Send;

    /// A request's corrections, oldest first.
    fn changes(&self, id: i64)
        -> impl Future<Output = Result<Vec<ChangeEntry>, StoreError>> + Send;

    /// The WhatsApp notices opened for a request, oldest first.
    fn notices(&self, id: i64)
        -> impl Future<Output = Result<Vec<NoticeEntry>, StoreError>> + Send;

    /// NIK yang disinkronkan, in the operator's order.
    fn sync_niks(&self, id: i64) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;

    /// Open requests for a NIK, newest first: id, registration number, status.
    fn open_requests_for_nik(
        &self,
        nik: &Nik,
    ) -> impl Future<Output = Result<Vec<(i64, String, Status)>, StoreError>> + Send;

    /// The WhatsApp notice for the request's current status (`compose_wa_notice`), recorded as
    /// opened by `actor`.
    fn open_wa_notice(
        &self,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<WaNotice, StoreError>> + Send;

    /// One request by its registration number (`SD-261127-0007`, in any case).
    fn find_by_reg_number(
        &self,
        reg_number: &str,
    ) -> impl Future<Output = Result<Option<RequestRecord>, StoreError>> + Send;

    /// The NIKs to synchronise of the given requests, in the given order.
    fn export_rows(
        &self,
        ids: &[i64],
    ) -> impl Future<Output = Result<Vec<ExportRow>, StoreError>> + Send {
        async move { super::batch::collect_export_rows(self, ids).await }
    }

    /// Minutes without activity before a session locks.
    fn idle_minutes(&self) -> impl Future<Output = Result<i64, StoreError>> + Send {
        async move {
            let rows = self.all_settings().await?;
            let value = rows.iter().find(|(k, _)| k == "idle_minutes");
            Ok(office::idle_minutes_from(value.map(|(_, v)| v.as_str())))
        }
    }

    /// Every stored setting, as `(key, value)` rows.
    fn all_settings(
        &self,
    ) -> impl Future<Output = Result<Vec<(String, String)>, StoreError>> + Send;

    /// Writes setting rows and the audit row `action` in one transaction.
    fn put_settings(
        &self,
        rows: &[(String, String)],
        actor: &Actor,
        action: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Pengaturan as stored, read by the core from the setting rows.
    fn office_form(&self) -> impl Future<Output = Result<OfficeForm, StoreError>> + Send {
        async move { Ok(office::form_from_settings(&self.all_settings().await?)) }
    }

    /// The kiosk's settings, read by the core from the setting rows.
    fn kiosk_settings(&self) -> impl Future<Output = Result<KioskSettings, StoreError>> + Send {
        async move { Ok(office::kiosk_from_settings(&self.all_settings().await?)) }
    }

    /// A checked settings page saved whole, with its audit row.
    fn save_office(
        &self,
        form: &ValidOffice,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send {
        let rows = office::settings_rows(form);
        async move { self.put_settings(&rows, actor, "settings", now).await }
    }

    /// The detail view's one read, put together by the core from the reads above.
    fn request_detail(
        &self,
        id: i64,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<RequestDetail, StoreError>> + Send {
        async move { super::detail::assemble(self, id, now).await }
    }
}

impl RequestStore for Store {
    fn create_desk_request(
        &self,
        req: &ValidRequest,
        by: &Actor,
        now: DateTime<Utc>,
        kk: &ProcessedPhoto,
        ktp: &ProcessedPhoto,
    ) -> impl Future<Output = Result<CreatedRequest, StoreError>> + Send {
        Store::create_desk_request(self, req, by, now, kk, ktp)
    }

    fn get_request(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<RequestRecord, StoreError>> + Send {
        Store::get_request(self, id)
    }

    fn history(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Vec<HistoryEntry>, StoreError>> + Send {
        Store::history(self, id)
    }

    fn steps(&self, id: i64) -> impl Future<Output = Result<Vec<StepEntry>, StoreError>> + Send {
        Store::steps(self, id)
    }

    fn list_requests(
        &self,
        page: u32,
        per_page: u32,
    ) -> impl Future<Output = Result<RequestPage, StoreError>> + Send {
        Store::list_requests(self, page, per_page)
    }

    fn status_counts(&self) -> impl Future<Output = Result<StatusCounts, StoreError>> + Send {
        Store::status_counts(self)
    }

    fn queue(
        &self,
        q: &QueueQuery,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<QueuePage, StoreError>> + Send {
        Store::queue(self, q, now)
    }

    fn documents_of(
        &self,
        request_id: i64,
    ) -> impl Future<Output = Result<Vec<DocumentInfo>, StoreError>> + Send {
        Store::documents_of(self, request_id)
    }

    fn document_info(
        &self,
        document_id: i64,
    ) -> impl Future<Output = Result<Option<DocumentInfo>, StoreError>> + Send {
        Store::document_info(self, document_id)
    }

    fn document_image(
        &self,
        document_id: i64,
        size: ImageSize,
    ) -> impl Future<Output = Result<Option<(String, Vec<u8>)>, StoreError>> + Send {
        Store::document_image(self, document_id, size)
    }

    fn changes(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Vec<ChangeEntry>, StoreError>> + Send {
        Store::changes(self, id)
    }

    fn notices(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Vec<NoticeEntry>, StoreError>> + Send {
        Store::notices(self, id)
    }

    fn sync_niks(&self, id: i64) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send {
        Store::sync_niks(self, id)
    }

    fn open_requests_for_nik(
        &self,
        nik: &Nik,
    ) -> impl Future<Output = Result<Vec<(i64, String, Status)>, StoreError>> + Send {
        Store::open_requests_for_nik(self, nik)
    }

    fn find_by_reg_number(
        &self,
        reg_number: &str,
    ) -> impl Future<Output = Result<Option<RequestRecord>, StoreError>> + Send {
        Store::find_by_reg_number(self, reg_number)
    }

    fn all_settings(
        &self,
    ) -> impl Future<Output = Result<Vec<(String, String)>, StoreError>> + Send {
        Store::all_settings(self)
    }

    fn put_settings(
        &self,
        rows: &[(String, String)],
        actor: &Actor,
        action: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send {
        Store::put_settings(self, rows, actor, action, now)
    }

    fn open_wa_notice(
        &self,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<WaNotice, StoreError>> + Send {
        Store::open_wa_notice(self, id, actor, now)
    }
}
