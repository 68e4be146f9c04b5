use clap::Parser;

fn main() {
    let cli = roundtable::cli::Cli::parse();
    if let Err(e) = roundtable::cli::run(cli) {
        eprintln!("roundtable: {}", e.message.replace('\n', " "));
        std::process::exit(e.code);
    }
}
