//! The status colours, shared by the .xlsx report (the page's stylesheet uses the same values).

use crate::classify::Status;

/// Background and text colour (0xRRGGBB) of a status, after the seed's progress chart:
/// red for deadline exceeded (high priority), amber for plan overrun (follow-up), grey for
/// unreported, blue for on track, green for done.
pub fn of(status: Status) -> (u32, u32) {
    match status {
        Status::DeadlineExceeded => (0xF6CFCB, 0x7A1B12),
        Status::Unreported => (0xDEDEDE, 0x2B2B2B),
        Status::PlanOverrun => (0xFBE7B0, 0x5E4500),
        Status::OnTrack => (0xD4E4F4, 0x163F66),
        Status::Done => (0xD3EBD6, 0x1B5326),
        Status::NotApplicable => (0xFFFFFF, 0x5F5F5F),
    }
}
