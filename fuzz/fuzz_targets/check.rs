//! Fuzz the whole pipeline on arbitrary bytes: no panic, every span inside the text, and every
//! renderer accepts the findings. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run check` (see README).
#![no_main]

use libfuzzer_sys::fuzz_target;
use plan_lint::check::{CheckOptions, check_bytes};

fuzz_target!(|data: &[u8]| {
    let report = check_bytes("fuzz.yaml", data.to_vec(), &CheckOptions::default());
    let text = &report.source.text;
    for d in &report.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    let mut out = Vec::new();
    plan_lint::render::human(std::slice::from_ref(&report), false, &mut out).unwrap();
    plan_lint::render::sarif(std::slice::from_ref(&report), &mut out).unwrap();
});
