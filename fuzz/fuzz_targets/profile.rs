//! Profile files: any UTF-8 through `Profile::from_json`; an accepted profile then round-trips
//! through its file form and governs an item.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shinchoku::profile::Profile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(profile) = Profile::from_json(text) {
        let again = Profile::from_json(&profile.to_json());
        assert_eq!(again.as_ref(), Ok(&profile), "a loaded profile must round-trip");
    }
});
