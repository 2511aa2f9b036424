//! What a request store does for the desks, as a trait (`RequestStore`), so that the same rules
//! run against both backends (accounts, sign-in and the audit log are `crate::accounts`): the
//! embedded SQLite file (`sinkron_sqlite::Store`) and an office's PostgreSQL server
//! (`sinkron_pg::PgStore`). One behaviour suite (`crates/pg/tests/shared.rs`) runs every test
//! written against this trait on both, and the app holds either behind it (`src-tauri`'s
//! `Db`). The kiosk's own operations are not here: on the server a kiosk's login reaches only
//! its functions (`sinkron_pg::PgStore::create_kiosk_request`, `lookup_status`, `kiosk_rows`).

use async_trait::async_trait;

use crate::accounts::AccountPort;
use crate::changes::ChangePort;
use crate::retention::RetentionPort;
use chrono::{DateTime, Utc};

use super::office;
use super::queue::{QueueItem, LIST_MAX};
use super::{
    Actor, ChangeEntry, DocumentInfo, ExportRow, HistoryEntry, ImageSize, NoticeEntry, PhotoRef,
    QueuePage, QueueQuery, ReplacedPhoto, RequestDetail, RequestPage, RequestRecord, Settings,
    SettingsCache, StatusCounts, StepEntry, StoreError,
};
use crate::identity::Nik;
use crate::kiosk::KioskSettings;
use crate::office::OfficeForm;
use crate::photo::DocumentKind;
use crate::status::Status;
use crate::workdays::ServiceCalendar;
use crate::zone::OfficeZone;

/// The desk's operations on stored requests, the same on every backend.
#[async_trait]
pub trait RequestStore: Send + Sync {
    /// One request by its id.
    async fn get_request(&self, id: i64) -> Result<RequestRecord, StoreError>;

    /// Its status history, oldest first.
    async fn history(&self, id: i64) -> Result<Vec<HistoryEntry>, StoreError>;

    /// Its processing steps, oldest first.
    async fn steps(&self, id: i64) -> Result<Vec<StepEntry>, StoreError>;

    /// The list, newest first; `page` is 1-based.
    async fn list_requests(&self, page: u32, per_page: u32) -> Result<RequestPage, StoreError>;

    /// Requests per status.
    async fn status_counts(&self) -> Result<StatusCounts, StoreError>;

    /// A page of Daftar Pengajuan: tab, search, sort, keyset cursor; `now` decides the age and
    /// overdue marks.
    async fn queue(&self, q: &QueueQuery, now: DateTime<Utc>) -> Result<QueuePage, StoreError>;

    /// The office's name, zone and default operator name, read by the core from the setting rows.
    async fn settings(&self) -> Result<Settings, StoreError> {
        Ok(office::settings_from(&self.all_settings().await?))
    }

    /// The office's zone and its working calendar, from one read of the setting rows (what the
    /// queue's age and overdue marks need); kept in the backend's [`SettingsCache`] while its
    /// settings version stays the same.
    async fn zone_and_calendar(&self) -> Result<(OfficeZone, ServiceCalendar), StoreError> {
        let cached = match self.settings_cache() {
            Some(cache) => Some((cache, self.settings_version().await?)),
            None => None,
        };
        if let Some(hit) = cached.and_then(|(cache, version)| cache.get(version)) {
            return Ok(hit);
        }
        let rows = self.all_settings().await?;
        let zone = office::settings_from(&rows).zone;
        let calendar =
            ServiceCalendar::from_settings(rows.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if let Some((cache, version)) = cached {
            cache.put(version, zone, calendar.clone());
        }
        Ok((zone, calendar))
    }

    /// Where the backend keeps the zone and calendar between reads; `None`: it reads them each
    /// time.
    fn settings_cache(&self) -> Option<&SettingsCache> {
        None
    }

    /// The settings version: moved on by every change of a setting row, by any desk. Read
    /// only when [`RequestStore::settings_cache`] is `Some`.
    async fn settings_version(&self) -> Result<i64, StoreError> {
        Ok(0)
    }

    /// The working calendar and service target ([`RequestStore::zone_and_calendar`]'s, so kept
    /// between reads too).
    async fn calendar(&self) -> Result<ServiceCalendar, StoreError> {
        Ok(self.zone_and_calendar().await?.1)
    }

    /// A request's photos, KK first.
    async fn documents_of(&self, request_id: i64) -> Result<Vec<DocumentInfo>, StoreError>;

    /// One stored photo's facts, or `None`.
    async fn document_info(&self, document_id: i64) -> Result<Option<DocumentInfo>, StoreError>;

    /// One rendition of a stored photo (mime type, bytes), or `None`.
    async fn document_image(
        &self,
        document_id: i64,
        size: ImageSize,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError>;

    /// A preview or an original read through the backend's own recording of the view (the
    /// server's `sinkron_photo` writes the audit row, in the caller's name, before it returns
    /// the bytes); `None` where the backend has no such read, and [`view_photo`] records the
    /// view itself first.
    async fn document_image_recorded(
        &self,
        _document_id: i64,
        _size: ImageSize,
        _workstation: &str,
    ) -> Option<Result<Option<(String, Vec<u8>)>, StoreError>> {
        None
    }

    /// The photos replaced on a request after it was saved, oldest first.
    async fn replaced_photos(&self, id: i64) -> Result<Vec<ReplacedPhoto>, StoreError>;

    /// Which request and document a replaced photo belonged to, or `None`.
    async fn replaced_info(
        &self,
        replaced_id: i64,
    ) -> Result<Option<(i64, DocumentKind)>, StoreError>;

    /// The thumbnail or preview of a replaced photo (`image/jpeg`, bytes), or `None`; never the
    /// original.
    async fn replaced_image(
        &self,
        replaced_id: i64,
        size: ImageSize,
    ) -> Result<Option<Vec<u8>>, StoreError>;

    /// A replaced photo's preview read through the backend's own recording of the view, as
    /// [`RequestStore::document_image_recorded`].
    async fn replaced_image_recorded(
        &self,
        _replaced_id: i64,
        _workstation: &str,
    ) -> Option<Result<Option<Vec<u8>>, StoreError>> {
        None
    }

    /// Rekap's counts of requests made, moved and worked on the office days `from..=to`, read
    /// in one snapshot from the summary the backend keeps per office day.
    async fn rekap_counts(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<crate::rekap::RekapCounts, StoreError>;

    /// How many requests are open and were made before the UTC stamp `before`, and the oldest
    /// `limit` of them, oldest first.
    async fn open_before(
        &self,
        before: &str,
        limit: i64,
    ) -> Result<crate::rekap::OpenPast, StoreError>;

    /// A request's corrections, oldest first.
    async fn changes(&self, id: i64) -> Result<Vec<ChangeEntry>, StoreError>;

    /// The WhatsApp notices opened for a request, oldest first.
    async fn notices(&self, id: i64) -> Result<Vec<NoticeEntry>, StoreError>;

    /// NIK yang disinkronkan, in the operator's order.
    async fn sync_niks(&self, id: i64) -> Result<Vec<String>, StoreError>;

    /// Every request in which `nik` is the applicant's NIK or a NIK to synchronise, oldest
    /// first: its id, and whether it is the applicant's and whether one to synchronise.
    async fn requests_with_nik(&self, nik: &Nik) -> Result<Vec<(i64, bool, bool)>, StoreError>;

    /// When the request's photos were deleted under the masa simpan rule, and the rule's days.
    async fn photos_deleted(&self, id: i64) -> Result<Option<(String, u32)>, StoreError>;

    /// Open requests for a NIK, newest first: id, registration number, status.
    async fn open_requests_for_nik(
        &self,
        nik: &Nik,
    ) -> Result<Vec<(i64, String, Status)>, StoreError>;

    /// One request by its registration number (`SD-261127-0007`, in any case).
    async fn find_by_reg_number(
        &self,
        reg_number: &str,
    ) -> Result<Option<RequestRecord>, StoreError>;

    /// The NIKs to synchronise of the given requests, in the given order.
    /// Every row the list's query keeps, all pages (at most [`LIST_MAX`]), for the printed or
    /// exported list; `true` when more rows matched than that.
    async fn whole_list(
        &self,
        q: &QueueQuery,
        now: DateTime<Utc>,
    ) -> Result<(Vec<QueueItem>, bool), StoreError> {
        let mut q = QueueQuery {
            cursor: None,
            limit: 200,
            ..q.clone()
        };
        let mut items = Vec::new();
        loop {
            let page = self.queue(&q, now).await?;
            items.extend(page.items);
            if items.len() > LIST_MAX {
                items.truncate(LIST_MAX);
                return Ok((items, true));
            }
            match page.next_cursor {
                Some(cursor) => q.cursor = Some(cursor),
                None => return Ok((items, false)),
            }
        }
    }

    async fn export_rows(&self, ids: &[i64]) -> Result<Vec<ExportRow>, StoreError> {
        super::batch::collect_export_rows(self, ids).await
    }

    /// Minutes without activity before a session locks.
    async fn idle_minutes(&self) -> Result<i64, StoreError> {
        let rows = self.all_settings().await?;
        let value = rows.iter().find(|(k, _)| k == "idle_minutes");
        Ok(office::idle_minutes_from(value.map(|(_, v)| v.as_str())))
    }

    /// Every stored setting, as `(key, value)` rows.
    async fn all_settings(&self) -> Result<Vec<(String, String)>, StoreError>;

    /// Pengaturan as stored, read by the core from the setting rows.
    async fn office_form(&self) -> Result<OfficeForm, StoreError> {
        Ok(office::form_from_settings(&self.all_settings().await?))
    }

    /// The kiosk's settings, read by the core from the setting rows.
    async fn kiosk_settings(&self) -> Result<KioskSettings, StoreError> {
        Ok(office::kiosk_from_settings(&self.all_settings().await?))
    }

    /// The detail view's one read, put together by the core from the reads above.
    async fn request_detail(
        &self,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<RequestDetail, StoreError> {
        super::detail::assemble(self, id, now).await
    }
}

/// Everything a desk does with a store: its reads and writes on requests, the changes written
/// once in the core, and the accounts. Both backends are one, so the app holds either as
/// `&dyn DeskStore`.
pub trait DeskStore: RequestStore + AccountPort + ChangePort + RetentionPort {}

impl<T: RequestStore + AccountPort + ChangePort + RetentionPort + ?Sized> DeskStore for T {}

/// An operator looks at a stored photo: a thumbnail is read as it is; a preview or an original
/// (a size a person can read) is read only after the view is in the audit log, by the backend
/// itself where it can ([`RequestStore::document_image_recorded`]). A view that cannot be
/// recorded is not shown. A replaced photo shows its thumbnail and preview only.
pub async fn view_photo(
    store: &dyn DeskStore,
    actor: &Actor,
    photo: PhotoRef,
    size: ImageSize,
    now: DateTime<Utc>,
) -> Result<Option<(String, Vec<u8>)>, StoreError> {
    let jpeg = |bytes: Option<Vec<u8>>| bytes.map(|b| ("image/jpeg".to_string(), b));
    match (photo, size) {
        (PhotoRef::Current(id), ImageSize::Thumb) => return store.document_image(id, size).await,
        (PhotoRef::Replaced(id), ImageSize::Thumb) => {
            return Ok(jpeg(store.replaced_image(id, size).await?))
        }
        (PhotoRef::Replaced(_), ImageSize::Original) => return Ok(None),
        (PhotoRef::Current(id), _) => {
            if let Some(read) = store
                .document_image_recorded(id, size, &actor.workstation)
                .await
            {
                return read;
            }
        }
        (PhotoRef::Replaced(id), _) => {
            if let Some(read) = store.replaced_image_recorded(id, &actor.workstation).await {
                return read.map(jpeg);
            }
        }
    }
    let (request_id, detail) = match photo {
        PhotoRef::Current(id) => match store.document_info(id).await? {
            Some(info) => (info.request_id, info.kind.as_str().to_string()),
            None => return Ok(None),
        },
        PhotoRef::Replaced(id) => match store.replaced_info(id).await? {
            Some((request_id, kind)) => (request_id, format!("{} diganti", kind.as_str())),
            None => return Ok(None),
        },
    };
    let detail = format!("{detail} {}", size.as_str());
    crate::accounts::AccountStore::audit(
        store,
        actor,
        "photo_view",
        Some(request_id),
        Some(&detail),
        now,
    )
    .await?;
    match photo {
        PhotoRef::Current(id) => store.document_image(id, size).await,
        PhotoRef::Replaced(id) => Ok(jpeg(store.replaced_image(id, size).await?)),
    }
}
