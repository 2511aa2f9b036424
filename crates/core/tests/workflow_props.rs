//! Property test of the state machine: no sequence of actions, with or without
//! notes, reaches a state or a move that the diagram in DESIGN.md does not allow.

use proptest::prelude::*;
use sinkron_core::workflow::{decide, Action, State, Step};
use sinkron_core::Status;

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Approve),
        Just(Action::Cancel),
        Just(Action::Finish),
        Just(Action::RecordStep(Step::KonsolidasiManual)),
        Just(Action::RecordStep(Step::SinkronisasiDwh)),
    ]
}

fn diagram_allows(from: Status, to: Status) -> bool {
    use Status::*;
    matches!(
        (from, to),
        (Baru, Disetujui)
            | (Disetujui, Diproses)
            | (Diproses, Diproses)
            | (Diproses, Selesai)
            | (Baru | Disetujui | Diproses, Dibatalkan)
    )
}

proptest! {
    #[test]
    fn no_sequence_leaves_the_diagram(
        steps in proptest::collection::vec((action(), proptest::option::of("[a-z ]{0,20}")), 0..30)
    ) {
        let mut state = State { status: Status::Baru, dwh_recorded: false };
        for (action, note) in steps {
            if let Ok(t) = decide(state, action, note.as_deref()) {
                prop_assert_eq!(t.from, state.status);
                prop_assert!(diagram_allows(t.from, t.to), "{:?} -> {:?}", t.from, t.to);
                if t.to == Status::Selesai {
                    prop_assert!(state.dwh_recorded, "Selesai without Sinkronisasi DWH");
                }
                if t.to == Status::Dibatalkan {
                    let n = note.as_deref().unwrap_or("").trim().chars().count();
                    prop_assert!(n >= 10, "cancelled without a note");
                }
                state.dwh_recorded |= t.step == Some(Step::SinkronisasiDwh);
                state.status = t.to;
            } else {
                // A refusal changes nothing, and a final status refuses everything.
            }
            if !state.status.is_open() {
                for a in [Action::Approve, Action::Cancel, Action::Finish] {
                    prop_assert!(decide(state, a, Some("catatan panjang sekali")).is_err());
                }
            }
        }
    }
}
