//! The shell completion scripts. A script is written once and used with every
//! database, so it offers only what is the same for every panel: the commands, the
//! options, and the values the program itself defines (an advice code, a shell, an
//! output format). A value that depends on the panel (an agency code, a case ID, a
//! date, a name) gets no list and never file names; only an option that takes a
//! file or a folder completes paths.

use std::path::PathBuf;

use clap::{Arg, Command, ValueHint};

/// `cmd`, every subcommand included, as the completion scripts are written from:
/// an argument with no list of values that is not a path is marked
/// [`ValueHint::Other`] (type it; nothing to offer).
pub(super) fn for_completion(cmd: Command) -> Command {
    cmd.mut_args(no_files_unless_a_path)
        .mut_subcommands(for_completion)
}

fn no_files_unless_a_path(a: Arg) -> Arg {
    let takes_value =
        a.get_num_args().is_some_and(|n| n.takes_values()) || a.get_action().takes_values();
    let path = a.get_value_parser().type_id() == std::any::TypeId::of::<PathBuf>();
    let listed = a.get_value_parser().possible_values().is_some();
    if takes_value && !path && !listed && a.get_value_hint() == ValueHint::Unknown {
        a.value_hint(ValueHint::Other)
    } else {
        a
    }
}

/// The completion script for `shell`.
pub(super) fn script(shell: clap_complete::Shell) -> Vec<u8> {
    use clap::CommandFactory;
    let mut text = Vec::new();
    let mut cmd = for_completion(super::Cli::command());
    clap_complete::generate(shell, &mut cmd, "roundtable", &mut text);
    text
}
