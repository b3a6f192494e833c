fn main() -> std::process::ExitCode {
    plan_lint::cli::run()
}
