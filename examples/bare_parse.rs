//! The bare-parse baseline for `bench/compare.sh`: read a file and pull every event from the YAML
//! parser plan-lint uses (`saphyr-parser`), doing nothing else. plan-lint's own cost is the
//! difference between `plan-lint check` and this.
//!
//! usage: bare_parse FILE

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: bare_parse FILE");
        return std::process::ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("bare_parse: cannot read {}: {e}", path.to_string_lossy());
            return std::process::ExitCode::from(2);
        }
    };
    let mut parser = saphyr_parser::Parser::new_from_str(&text);
    let mut events = 0usize;
    while let Some(next) = parser.next_event() {
        if next.is_err() {
            break;
        }
        events += 1;
    }
    println!("{events} events");
    std::process::ExitCode::SUCCESS
}
