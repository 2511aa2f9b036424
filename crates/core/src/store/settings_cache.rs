//! The office's zone and working calendar, kept between reads. Every list page needs them
//! (ages and overdue marks), and reading and parsing every setting row for each page cost the
//! queue several times its own SQL. Each backend keeps a version that every change of a
//! setting row moves on (a trigger, so another desk's change counts too); one small read of
//! it decides whether the kept copy still holds.

use std::sync::Mutex;

use crate::workdays::ServiceCalendar;
use crate::zone::OfficeZone;

/// The zone and calendar read at one settings version; shared by a store's clones.
#[derive(Debug, Default)]
pub struct SettingsCache(Mutex<Option<Kept>>);

#[derive(Debug)]
struct Kept {
    version: i64,
    zone: OfficeZone,
    calendar: ServiceCalendar,
}

impl SettingsCache {
    /// The copy kept at `version`, if that is the one kept.
    pub fn get(&self, version: i64) -> Option<(OfficeZone, ServiceCalendar)> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.as_ref()
            .filter(|k| k.version == version)
            .map(|k| (k.zone, k.calendar.clone()))
    }

    /// Keeps what was read at `version`. The version must have been read *before* the rows:
    /// a change in between then only costs one more read, never a stale copy.
    pub fn put(&self, version: i64, zone: OfficeZone, calendar: ServiceCalendar) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *kept = Some(Kept {
            version,
            zone,
            calendar,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_copy_serves_only_its_own_version() {
        let cache = SettingsCache::default();
        assert_eq!(cache.get(1), None);
        let calendar = ServiceCalendar {
            target_days: 3,
            ..ServiceCalendar::default()
        };
        cache.put(1, OfficeZone::Wita, calendar.clone());
        assert_eq!(cache.get(1), Some((OfficeZone::Wita, calendar)));
        assert_eq!(cache.get(2), None, "a setting changed since");
    }
}
