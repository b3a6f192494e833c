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

// ---------------------------------------------------------------------------------------------
// Hostile inputs (issues 11 and 14): each refused or checked with the right exit status and
// message, within a bound on time and peak memory measured on the real binary (its resident set
// from wait4, and the wall clock). The bounds are loose for an unoptimised test build on a busy
// machine; the release figures are in the README and `bench/`.

mod hostile {
    use std::io::Write;
    use std::os::unix::process::CommandExt;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    const MIB: u64 = 1024 * 1024;

    struct Run {
        code: i32,
        stdout: String,
        stderr: String,
        /// Peak resident memory of the process, in bytes.
        peak: u64,
        elapsed: Duration,
    }

    /// Run plan-lint in `dir` with `args`, feeding `stdin` (from a thread, so a reader that stops
    /// early only closes the pipe), with an optional file size limit (to make writes fail even
    /// for root). Output goes to files, so nothing blocks while we wait.
    fn run(
        dir: &Path,
        args: &[&str],
        stdin: Option<Box<dyn FnOnce(std::process::ChildStdin) + Send>>,
        fsize: Option<u64>,
    ) -> Run {
        let out = tempfile::tempfile().unwrap();
        let err = tempfile::tempfile().unwrap();
        // GNU time reports the peak memory of plan-lint alone: a child's own figure would also
        // count the memory of this test process it was forked from.
        let peak_file = tempfile::NamedTempFile::new().unwrap();
        let mut cmd = Command::new("/usr/bin/time");
        cmd.arg("-f").arg("%M").arg("-o").arg(peak_file.path()).arg(env!("CARGO_BIN_EXE_plan-lint"));
        cmd.current_dir(dir)
            .env("NO_COLOR", "1")
            .args(args)
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(out.try_clone().unwrap())
            .stderr(err.try_clone().unwrap());
        if let Some(limit) = fsize {
            unsafe {
                cmd.pre_exec(move || {
                    libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                    let r = libc::rlimit { rlim_cur: limit, rlim_max: limit };
                    libc::setrlimit(libc::RLIMIT_FSIZE, &r);
                    Ok(())
                });
            }
        }
        let started = Instant::now();
        let mut child = cmd.spawn().expect("GNU time at /usr/bin/time (Debian package `time`; .ci/run installs it)");
        let feeder = match (stdin, child.stdin.take()) {
            (Some(feed), Some(pipe)) => Some(std::thread::spawn(move || feed(pipe))),
            _ => None,
        };
        let status = child.wait().unwrap();
        let elapsed = started.elapsed();
        if let Some(f) = feeder {
            let _ = f.join();
        }
        let read = |mut f: std::fs::File| {
            use std::io::{Read, Seek};
            let mut s = String::new();
            f.seek(std::io::SeekFrom::Start(0)).unwrap();
            f.read_to_string(&mut s).unwrap();
            s
        };
        let peak_kib: u64 = std::fs::read_to_string(peak_file.path())
            .unwrap()
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .expect("GNU time wrote the peak memory");
        Run { code: status.code().unwrap_or(-1), stdout: read(out), stderr: read(err), peak: peak_kib * 1024, elapsed }
    }

    fn check(dir: &Path, args: &[&str]) -> Run {
        let mut all = vec!["check", "--format", "concise"];
        all.extend_from_slice(args);
        run(dir, &all, None, None)
    }

    fn assert_within(r: &Run, what: &str, seconds: u64, mib: u64) {
        assert!(r.elapsed < Duration::from_secs(seconds), "{what}: took {:?} (bound {seconds} s)", r.elapsed);
        assert!(r.peak < mib * MIB, "{what}: peak memory {} MiB (bound {mib} MiB)", r.peak / MIB);
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    const HEAD: &str = "document:\n  symbol: A/77/6 (Sect. 16)\n  title: Proposed programme budget for 2023\n  section: {number: 16}\n  plan_year: 2023\n";

    #[test]
    fn fifos_and_devices_are_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("plan.yaml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let r = check(dir.path(), &["plan.yaml"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.contains("cannot read plan.yaml: it is a FIFO (named pipe), not a regular file"),
            "{}",
            r.stderr
        );
        assert_within(&r, "a FIFO", 5, 50);
        for dev in ["/dev/zero", "/dev/urandom"] {
            let r = check(dir.path(), &[dev]);
            assert_eq!(r.code, 2);
            assert!(
                r.stderr.contains(&format!("cannot read {dev}: it is a character device, not a regular file")),
                "{}",
                r.stderr
            );
            assert_within(&r, dev, 5, 50);
        }
        // A directory walk skips the FIFO, says so, and checks the rest (including a link to a plan).
        write(dir.path(), "good.yaml", "document: {}\n");
        std::os::unix::fs::symlink("good.yaml", dir.path().join("link.yaml")).unwrap();
        let r = check(dir.path(), &["."]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains("skipped plan.yaml: it is a FIFO (named pipe)"), "{}", r.stderr);
        assert!(r.stdout.contains("good.yaml:") && r.stdout.contains("link.yaml:"), "{}", r.stdout);
        assert!(r.stdout.contains("in 2 of 2 files"), "{}", r.stdout);
        assert_within(&r, "a walk past a FIFO", 5, 50);
    }

    #[test]
    fn files_over_the_limit_are_refused_from_their_size() {
        let dir = tempfile::tempdir().unwrap();
        // 1 TiB, sparse: costs nothing to make, and must cost nothing to refuse.
        for name in ["sparse.yaml", "sparse.md", "sparse.docx"] {
            std::fs::File::create(dir.path().join(name)).unwrap().set_len(1 << 40).unwrap();
            let r = check(dir.path(), &[name]);
            assert_eq!(r.code, 1, "{}", r.stderr);
            assert!(
                r.stdout.contains("error[Y003] file is too large to check: 1048576 MiB, the limit is 64 MiB"),
                "{}",
                r.stdout
            );
            assert_within(&r, name, 5, 50);
        }
    }

    #[test]
    fn standard_input_is_read_up_to_the_limit_and_no_further() {
        let dir = tempfile::tempdir().unwrap();
        let feed: Box<dyn FnOnce(std::process::ChildStdin) + Send> = Box::new(|mut pipe| {
            let chunk = vec![b'a'; MIB as usize];
            for _ in 0..100 {
                if pipe.write_all(&chunk).is_err() {
                    return; // plan-lint stopped reading: as it should.
                }
            }
        });
        let r = run(dir.path(), &["check", "--format", "concise", "-"], Some(feed), None);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stdout.contains("stdin.yaml:1:1: error[Y003] file is too large to check: more than 64 MiB"),
            "{}",
            r.stdout
        );
        // The limit's 64 MiB and the program: not the 100 MiB offered, nor a copy of it.
        assert_within(&r, "100 MiB on standard input", 30, 64 + 40);
    }

    /// A .docx with `word/document.xml` written by `body` (in chunks, so the test itself does not
    /// hold the inflated part in memory).
    fn docx(path: &Path, body: impl Fn(&mut dyn Write)) {
        let f = std::fs::File::create(path).unwrap();
        let mut z = zip::ZipWriter::new(f);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .large_file(true);
        z.start_file("word/document.xml", opts).unwrap();
        body(&mut z);
        z.finish().unwrap();
    }

    const W: &str = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;

    #[test]
    fn a_zip_bomb_is_refused_in_under_a_second_and_100_mib() {
        let dir = tempfile::tempdir().unwrap();
        docx(&dir.path().join("bomb.docx"), |w| {
            w.write_all(W.as_bytes()).unwrap();
            w.write_all(b"<w:p><w:r><w:t>").unwrap();
            let spaces = vec![b' '; MIB as usize];
            for _ in 0..250 {
                w.write_all(&spaces).unwrap();
            }
            w.write_all(b"</w:t></w:r></w:p></w:body></w:document>").unwrap();
        });
        let r = check(dir.path(), &["bomb.docx"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stdout.contains("bomb.docx:the document: error[Y001] word/document.xml"), "{}", r.stdout);
        assert!(r.stdout.contains("(a zip bomb?)"), "{}", r.stdout);
        assert_within(&r, "a 250 MiB zip bomb", 1, 100);
    }

    #[test]
    fn a_zip_bomb_that_lies_about_its_size_is_stopped_while_inflating() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("liar.docx");
        docx(&path, |w| {
            w.write_all(W.as_bytes()).unwrap();
            let para = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>".repeat(1024);
            for _ in 0..(200 * MIB as usize / para.len()) {
                w.write_all(&para).unwrap();
            }
            w.write_all(b"</w:body></w:document>").unwrap();
        });
        // Say 1 KiB inflated, in the local and the central header (ZIP64 extra fields too).
        let mut bytes = std::fs::read(&path).unwrap();
        for sig in [[0x50u8, 0x4b, 3, 4], [0x50, 0x4b, 1, 2]] {
            let at = bytes.windows(4).position(|w| w == sig).unwrap();
            let field = if sig[2] == 3 { at + 22 } else { at + 24 };
            bytes[field..field + 4].copy_from_slice(&1024u32.to_le_bytes());
        }
        std::fs::write(&path, bytes).unwrap();
        let r = check(dir.path(), &["liar.docx"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stdout.contains("liar.docx:the document: error[Y001]"), "{}", r.stdout);
        assert_within(&r, "a zip bomb with a false size", 2, 100);
    }

    #[test]
    fn a_truncated_word_part_is_y001() {
        let dir = tempfile::tempdir().unwrap();
        docx(&dir.path().join("cut.docx"), |w| {
            w.write_all(W.as_bytes()).unwrap();
            w.write_all(b"<w:p><w:r><w:t>16.1 The subprogramme").unwrap();
        });
        let r = check(dir.path(), &["cut.docx"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert_eq!(
            r.stdout.lines().next().unwrap(),
            "cut.docx:the document: error[Y001] word/document.xml ends with 5 elements never closed (is it truncated?)"
        );
    }

    #[test]
    fn word_xml_nested_or_repeated_without_end_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        docx(&dir.path().join("deep.docx"), |w| {
            w.write_all(W.as_bytes()).unwrap();
            w.write_all(&b"<w:sdt>".repeat(100_000)).unwrap();
        });
        let r = check(dir.path(), &["deep.docx"]);
        assert!(r.stdout.contains("error[Y001] word/document.xml nests elements deeper than 512"), "{}", r.stdout);
        assert_within(&r, "deep XML", 15, 60);
        docx(&dir.path().join("wide.docx"), |w| {
            w.write_all(W.as_bytes()).unwrap();
            let empties = b"<w:br/>".repeat(1024);
            for _ in 0..4000 {
                w.write_all(&empties).unwrap();
            }
        });
        let r = check(dir.path(), &["wide.docx"]);
        assert!(r.stdout.contains("error[Y001] word/document.xml has more than 4000000 elements"), "{}", r.stdout);
        assert_within(&r, "4 million XML elements", 40, 100);
    }

    #[test]
    fn duplicate_keys_beyond_the_cap_are_counted_not_listed_in_every_format() {
        let dir = tempfile::tempdir().unwrap();
        let n = 200_000;
        write(dir.path(), "dup.yaml", &format!("{HEAD}body: []\nextra:\n{}", "  a: 1\n".repeat(n)));
        let more = format!("and {} more Y002 (duplicate-key) in this file, not listed", "199,899");
        for format in ["concise", "human", "json", "sarif", "github", "junit"] {
            let r = run(dir.path(), &["check", "--format", format, "dup.yaml"], None, None);
            assert_eq!(r.code, 1, "{format}: {}", r.stderr);
            assert!(r.stdout.contains(&more), "{format}: no “{more}”");
            // (SARIF carries every rule's documentation: 430 KB of it.)
            assert!(r.stdout.len() < 1_000_000, "{format}: {} bytes of output", r.stdout.len());
            // 1.4 MB of input: the tree of its unique keys, 100 findings, never 200,000.
            assert_within(&r, format, 60, 60);
        }
        let r = run(dir.path(), &["check", "--format", "json", "dup.yaml"], None, None);
        let values: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
        let y002: Vec<_> = values.iter().filter(|v| v["rule"] == "Y002").collect();
        assert_eq!(y002.len(), 101);
        assert_eq!(y002[100]["omitted"], 199_899);
        let r = check(dir.path(), &["dup.yaml"]);
        assert!(r.stdout.ends_with("Found 200000 findings in 1 of 1 file: 200000 errors.\n"), "{}", r.stdout);
        let r = check(dir.path(), &["--max-findings", "3", "dup.yaml"]);
        assert_eq!(r.stdout.lines().count(), 6, "{}", r.stdout);
        assert!(r.stdout.contains("and 199,996 more Y002"), "{}", r.stdout);
    }

    /// Seconds for `make(n)` and `make(4n)`: the second must not grow faster than the input
    /// (4x, with slack for a busy machine), where a quadratic path grows 16x.
    fn assert_linear(what: &str, make: impl Fn(usize) -> String, n: usize) {
        let dir = tempfile::tempdir().unwrap();
        let time = |scale: usize| {
            write(dir.path(), "plan.yaml", &make(n * scale));
            let r = check(dir.path(), &["plan.yaml"]);
            assert!(r.code == 0 || r.code == 1, "{what}: {}", r.stderr);
            r.elapsed.as_secs_f64()
        };
        let (small, large) = (time(1), time(4));
        assert!(large < 8.0 * small + 0.5, "{what}: {small:.2} s, then {large:.2} s for 4 times the input");
    }

    #[test]
    fn placeholders_in_one_long_scalar_cost_linear_time() {
        assert_linear(
            "P002 in one scalar",
            |n| format!("{HEAD}body:\n  - paragraph: \"16.1\"\n    text: {}\n", "to be updated xxx ".repeat(n)),
            5_000,
        );
    }

    #[test]
    fn paragraphs_that_refer_to_figures_cost_linear_time() {
        assert_linear(
            "P003 references",
            |n| {
                let mut plan = format!("{HEAD}body:\n");
                for i in 1..=n {
                    plan +=
                        &format!("  - paragraph: \"16.{i}\"\n    text: Progress is shown below (see figure 16.{i}).\n");
                    plan += &format!("  - figure: \"16.{i}\"\n    title: Performance measure\n    data: []\n");
                }
                plan
            },
            1_000,
        );
    }

    #[test]
    fn unexpected_top_level_keys_cost_linear_time() {
        assert_linear(
            "unexpected keys",
            |n| format!("{HEAD}body: []\n{}", (0..n).map(|i| format!("k{i}: 1\n")).collect::<String>()),
            5_000,
        );
    }

    #[test]
    fn a_one_line_plan_costs_what_a_pretty_one_does() {
        let dir = tempfile::tempdir().unwrap();
        let seed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed/unodc-2023.yaml"))
            .unwrap();
        let src = plan_lint::source::SourceFile::new("seed.yaml", seed);
        let loaded = plan_lint::yaml::load(&src, &plan_lint::yaml::Limits::default());
        let json = loaded.documents[0].as_ref().unwrap().to_json();
        let mut body = json["body"].as_array().unwrap().clone();
        body.extend(body.clone());
        body.extend(body.clone());
        let mut plan = json.clone();
        plan["body"] = body.into();
        std::fs::write(dir.path().join("one-line.json"), serde_json::to_string(&plan).unwrap()).unwrap();
        std::fs::write(dir.path().join("pretty.json"), serde_json::to_string_pretty(&plan).unwrap()).unwrap();
        let one = check(dir.path(), &["one-line.json"]);
        let pretty = check(dir.path(), &["pretty.json"]);
        assert_eq!(one.code, 1);
        let (a, b) = (one.elapsed.as_secs_f64(), pretty.elapsed.as_secs_f64());
        assert!(a < 3.0 * b + 0.5, "one line: {a:.2} s, pretty: {b:.2} s");
    }

    #[test]
    fn a_long_one_line_scalar_is_checked_in_bounded_memory() {
        let dir = tempfile::tempdir().unwrap();
        let mb = 16;
        write(
            dir.path(),
            "long.yaml",
            &format!("{HEAD}body:\n  - prose: Côte {}\n", "word ".repeat(mb * 1024 * 1024 / 5)),
        );
        let r = check(dir.path(), &["long.yaml"]);
        assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
        // The issue's goal: at most 4 times the input and 20 MiB.
        assert_within(&r, "a 16 MB scalar", 60, 4 * mb as u64 + 20);
    }

    #[test]
    fn fix_writes_through_a_link_keeps_the_bom_and_uses_the_os_name() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let plan =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/invalid/period-label.yaml"))
                .unwrap();
        let name = std::ffi::OsStr::from_bytes(b"plan-\xe9.yaml");
        std::fs::write(dir.path().join(name), format!("\u{FEFF}{plan}")).unwrap();
        std::os::unix::fs::symlink(name, dir.path().join("link.yaml")).unwrap();
        let r = run(dir.path(), &["check", "--diff", "link.yaml"], None, None);
        assert!(r.stdout.starts_with("--- a/link.yaml"), "{}", r.stdout);
        let r = run(dir.path(), &["check", "--fix", "link.yaml"], None, None);
        assert!(r.stderr.contains("applied"), "{}", r.stderr);
        assert!(std::fs::symlink_metadata(dir.path().join("link.yaml")).unwrap().file_type().is_symlink());
        let fixed = std::fs::read(dir.path().join(name)).unwrap();
        assert!(fixed.starts_with(b"\xEF\xBB\xBF"), "the BOM is kept");
        assert_ne!(&fixed[3..], plan.as_bytes(), "the target is fixed");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no new file, no temporary file");
        // The file named in bytes that are not UTF-8, directly.
        std::fs::write(dir.path().join(name), &plan).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plan-lint"));
        let out = cmd.current_dir(dir.path()).arg("check").arg("--fix").arg(name).output().unwrap();
        assert!(String::from_utf8_lossy(&out.stderr).contains("applied"));
        assert_ne!(std::fs::read(dir.path().join(name)).unwrap(), plan.as_bytes());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "the fix went to the file, not a new one");
    }

    #[test]
    fn fix_says_when_a_write_fails_and_reports_the_unfixed_file() {
        let dir = tempfile::tempdir().unwrap();
        let plan =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/invalid/period-label.yaml"))
                .unwrap();
        // Even root cannot write past a file size limit: a plan of 2 MiB, a limit of 1 MiB (the
        // output, a few hundred bytes, stays under it).
        let plan = format!("{plan}# {}\n", "x".repeat(2 * MIB as usize));
        write(dir.path(), "plan.yaml", &plan);
        let r = run(dir.path(), &["check", "--format", "concise", "--fix", "plan.yaml"], None, Some(MIB));
        assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains("cannot write the fixes to plan.yaml:") && r.stderr.contains("the file is unchanged"),
            "{}",
            r.stderr
        );
        assert!(r.stdout.contains("error[P006]"), "the findings still in the file are reported:\n{}", r.stdout);
        assert!(!r.stdout.contains("No findings"), "{}", r.stdout);
        assert_eq!(std::fs::read_to_string(dir.path().join("plan.yaml")).unwrap(), plan);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left");
    }

    #[test]
    fn fix_on_a_hard_link_says_the_other_names_keep_the_old_text() {
        let dir = tempfile::tempdir().unwrap();
        let plan =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/invalid/period-label.yaml"))
                .unwrap();
        write(dir.path(), "plan.yaml", &plan);
        std::fs::hard_link(dir.path().join("plan.yaml"), dir.path().join("other.yaml")).unwrap();
        let r = run(dir.path(), &["check", "--fix", "plan.yaml"], None, None);
        assert!(r.stderr.contains("note: plan.yaml has 1 other hard link: it keeps the unfixed text"), "{}", r.stderr);
        assert_eq!(std::fs::read_to_string(dir.path().join("other.yaml")).unwrap(), plan);
        assert_ne!(std::fs::read_to_string(dir.path().join("plan.yaml")).unwrap(), plan);
    }

    fn framed(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// The language server as an editor with bugs would drive it: garbage, a huge length, then
    /// real requests, then `exit` without `shutdown`.
    #[test]
    fn the_language_server_answers_what_it_cannot_read_and_keeps_serving() {
        let dir = tempfile::tempdir().unwrap();
        let feed: Box<dyn FnOnce(std::process::ChildStdin) + Send> = Box::new(|mut pipe| {
            let mut input = Vec::new();
            input.extend(b"Content-Length: abc\r\n\r\n");
            input.extend(framed("{not json"));
            input.extend(framed(r#"{"jsonrpc":"2.0","id":9,"params":[]}"#));
            input.extend(b"Content-Length: 1000000000000\r\n\r\n");
            let _ = pipe.write_all(&input);
            // 16 MiB of the 10^12-byte body, skipped as it streams past, then the input ends.
            let chunk = vec![b'x'; MIB as usize];
            for _ in 0..16 {
                let _ = pipe.write_all(&chunk);
            }
        });
        let r = run(dir.path(), &["server"], Some(feed), None);
        // The input ended without shutdown: exit status 1, and no crash on the way.
        assert_eq!(r.code, 1, "{}", r.stderr);
        let errors = r.stdout.matches(r#""code":-32700"#).count();
        assert_eq!(errors, 3, "{}", r.stdout);
        assert!(r.stdout.contains("a message of 1000000000000 bytes is over the limit"), "{}", r.stdout);
        assert!(r.stdout.contains(r#""code":-32600"#) && r.stdout.contains(r#""id":9"#), "{}", r.stdout);
        assert_within(&r, "a server fed garbage", 10, 60);

        // Garbage, then a normal session: it is served, and `exit` without `shutdown` exits 1.
        let feed: Box<dyn FnOnce(std::process::ChildStdin) + Send> = Box::new(|mut pipe| {
            let mut input = Vec::new();
            input.extend(b"Content-Length: abc\r\n\r\n");
            input.extend(framed("[1, 2"));
            input.extend(framed(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#));
            input.extend(framed(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#));
            let open = serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": "file:///tmp/plan.yaml", "languageId": "yaml", "version": 1, "text": "a: 1\na: 2\n"}}});
            input.extend(framed(&open.to_string()));
            let _ = pipe.write_all(&input);
            std::thread::sleep(Duration::from_millis(1500));
            let _ = pipe.write_all(&framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        });
        let r = run(dir.path(), &["server"], Some(feed), None);
        assert_eq!(r.code, 1, "exit without shutdown: {}", r.stderr);
        assert!(r.stdout.contains(r#""serverInfo""#), "initialize was answered: {}", r.stdout);
        assert!(r.stdout.contains("publishDiagnostics") && r.stdout.contains("Y002"), "{}", r.stdout);
        assert_eq!(r.stdout.matches(r#""code":-32700"#).count(), 2, "{}", r.stdout);
    }

    #[test]
    fn a_buffer_over_the_limit_is_y003_in_the_editor_too() {
        let dir = tempfile::tempdir().unwrap();
        let feed: Box<dyn FnOnce(std::process::ChildStdin) + Send> = Box::new(|mut pipe| {
            let mut input = Vec::new();
            input.extend(framed(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#));
            input.extend(framed(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#));
            let text = "a: 1\n".repeat(14 * 1024 * 1024);
            let open = serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": "file:///tmp/big.yaml", "languageId": "yaml", "version": 1, "text": text}}});
            input.extend(framed(&open.to_string()));
            drop(open);
            let hover = r#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/big.yaml"},"position":{"line":0,"character":0}}}"#;
            input.extend(framed(hover));
            let _ = pipe.write_all(&input);
            drop(input);
            std::thread::sleep(Duration::from_millis(2000));
            let _ = pipe.write_all(&framed(r#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#));
            let _ = pipe.write_all(&framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        });
        let r = run(dir.path(), &["server"], Some(feed), None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout.contains("Y003") && r.stdout.contains("file is too large to check: 70 MiB"),
            "{}",
            &r.stdout[..r.stdout.len().min(2000)]
        );
        assert!(r.stdout.contains(r#""id":2"#) && r.stdout.contains(r#""id":3"#), "hover and shutdown answered");
        // The 70 MiB buffer, its JSON message while read, and no check of it. (The time includes
        // this test writing 70 MiB of JSON with an unoptimised build.)
        assert_within(&r, "a 70 MiB buffer", 90, 70 * 3 + 40);
    }

    /// A large plan opened in the editor: requests are answered while it is checked, an edit
    /// cancels the check of the old text (whose findings are never published), and shutdown
    /// does not wait for a check to end.
    #[test]
    fn the_language_server_answers_while_it_checks_and_an_edit_cancels_the_check() {
        let dir = tempfile::tempdir().unwrap();
        let feed: Box<dyn FnOnce(std::process::ChildStdin) + Send> = Box::new(|mut pipe| {
            let mut input = Vec::new();
            input.extend(framed(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#));
            input.extend(framed(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#));
            // 12 MB: 60,000 paragraphs that refer to figures, and as many figures.
            let mut text = HEAD.to_owned() + "body:\n";
            for i in 1..=60_000 {
                text += &format!("  - paragraph: \"16.{i}\"\n    text: Progress is shown below (see figure 16.{i}).\n");
                text += &format!("  - figure: \"16.{i}\"\n    title: Performance measure\n    data: []\n");
            }
            let open = serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": "file:///tmp/big.yaml", "languageId": "yaml", "version": 1, "text": text}}});
            input.extend(framed(&open.to_string()));
            let _ = pipe.write_all(&input);
            // The check of version 1 is under way: ask, then edit.
            std::thread::sleep(Duration::from_millis(300));
            let hover = r#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/big.yaml"},"position":{"line":0,"character":0}}}"#;
            let _ = pipe.write_all(&framed(hover));
            let change = serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": "file:///tmp/big.yaml", "version": 2},
                "contentChanges": [{"text": "a: 1\na: 2\n"}]}});
            let _ = pipe.write_all(&framed(&change.to_string()));
            std::thread::sleep(Duration::from_millis(3000));
            let _ = pipe.write_all(&framed(r#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#));
            let _ = pipe.write_all(&framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        });
        let r = run(dir.path(), &["server"], Some(feed), None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let messages: Vec<serde_json::Value> = r
            .stdout
            .split("Content-Length: ")
            .filter_map(|m| m.split_once("\r\n\r\n"))
            .map(|(_, body)| serde_json::from_str(body).unwrap())
            .collect();
        let published: Vec<&serde_json::Value> = messages
            .iter()
            .filter(|m| m["method"] == "textDocument/publishDiagnostics")
            .map(|m| &m["params"])
            .collect();
        assert!(
            published.iter().all(|p| p["version"] == 2),
            "only the current text's findings are published: {:?}",
            published.iter().map(|p| &p["version"]).collect::<Vec<_>>()
        );
        let last = published.last().expect("diagnostics for version 2");
        let codes: Vec<&serde_json::Value> =
            last["diagnostics"].as_array().unwrap().iter().map(|d| &d["code"]).collect();
        assert!(codes.contains(&&serde_json::json!("Y002")), "{codes:?}");
        for id in [1, 2, 3] {
            assert!(messages.iter().any(|m| m["id"] == id && m.get("result").is_some()), "request {id} answered");
        }
        assert_within(&r, "a 12 MB plan edited while it is checked", 30, 400);
    }
}
