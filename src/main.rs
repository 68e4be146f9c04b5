use clap::Parser;

fn main() {
    // Every argument is cleaned at the door: no escape sequence, control character or
    // direction override typed on the command line is stored or echoed.
    let args = roundtable::cli::clean_args(std::env::args_os());
    let cli = roundtable::cli::Cli::parse_from(args);
    if let Err(e) = roundtable::cli::run(cli) {
        eprintln!(
            "roundtable: {}",
            roundtable::domain::clean::one_line(&e.message)
        );
        std::process::exit(e.code);
    }
}
