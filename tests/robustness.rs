//! No input makes the pipeline panic, and every finding's span lies inside the text on character
//! boundaries (so every renderer can show it).

use plan_lint::check::{CheckOptions, check_bytes};
use proptest::prelude::*;

fn assert_sound(bytes: Vec<u8>) {
    let report = check_bytes("fuzz.yaml", bytes, &CheckOptions::default());
    let text = &report.source.text;
    for d in &report.diagnostics {
        for span in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?} outside {} bytes: {d:?}", text.len());
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?}: {d:?}");
        }
        assert!(!d.message.is_empty());
    }
    // Every renderer accepts the findings.
    let mut out = Vec::new();
    plan_lint::render::human(std::slice::from_ref(&report), false, &mut out).unwrap();
    plan_lint::render::json(std::slice::from_ref(&report), &mut out).unwrap();
}

const EXAMPLE: &str = include_str!("../fixtures/valid/example.yaml");

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        assert_sound(bytes);
    }

    #[test]
    fn arbitrary_text(text in "\\PC{0,300}") {
        assert_sound(text.into_bytes());
    }

    #[test]
    fn yaml_shaped_text(text in "([-:\\[\\]{},&*!|>'\"#~ \\n]|[a-z0-9]{1,4}|–|ô){0,120}") {
        assert_sound(text.into_bytes());
    }

    /// A real plan with a few characters deleted, replaced or inserted anywhere.
    #[test]
    fn edited_plans(edits in proptest::collection::vec((0usize..EXAMPLE.len(), 0u8..3, "[-:\\[\\]{}\"' \\n0-9a-z–]"), 1..6)) {
        let mut text: Vec<char> = EXAMPLE.chars().collect();
        for (at, op, s) in edits {
            let at = at % (text.len() + 1);
            let c = s.chars().next().unwrap_or(' ');
            match op {
                0 if at < text.len() => { text.remove(at); }
                1 if at < text.len() => { text[at] = c; }
                _ => text.insert(at, c),
            }
        }
        assert_sound(text.into_iter().collect::<String>().into_bytes());
    }
}
