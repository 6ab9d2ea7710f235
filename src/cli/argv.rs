//! Putting the subcommand first, so that options may stand before or after
//! it (`roadlint -C plans check` is `roadlint check -C plans`), and `check`
//! is the default subcommand.
//!
//! clap reads the first free word after top-level options as a subcommand
//! or, for a default subcommand, as one of its PATHS; either way an option
//! before the subcommand turned the subcommand's name into a PATH filter
//! that matched nothing, and a failing repository passed. Moving the
//! subcommand to the front before clap sees the arguments leaves one way to
//! read them.

use clap::CommandFactory;
use std::collections::HashSet;
use std::ffi::OsString;

/// The names of the subcommands.
pub fn subcommands<C: CommandFactory>() -> Vec<String> {
    C::command().get_subcommands().map(|s| s.get_name().to_owned()).collect()
}

/// The arguments with the subcommand moved to the front, or `check`
/// inserted when there is none. The first free word that is not an
/// option's value decides: a subcommand's name is moved; any other word is
/// a PATH of the default `check`. `-h`/`--help` and `-V`/`--version`
/// without any free word are left for the top level.
pub fn normalize<C: CommandFactory>(args: Vec<OsString>) -> Vec<OsString> {
    let command = C::command();
    let names: HashSet<String> = command.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    let valued = options_with_values(&command);
    let mut args = args;
    let Some(program) = (!args.is_empty()).then(|| args.remove(0)) else { return args };
    let mut free = None;
    let mut skip_value = false;
    for (index, arg) in args.iter().enumerate() {
        if std::mem::take(&mut skip_value) {
            continue;
        }
        let Some(text) = arg.to_str() else {
            free = Some((index, false));
            break;
        };
        if text == "--" {
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            skip_value = !long.contains('=') && valued.contains(&format!("--{long}"));
            continue;
        }
        if let Some(short) = text.strip_prefix('-').filter(|s| !s.is_empty()) {
            // `-C DIR` takes the next word; `-Cdir` carries its value.
            skip_value = short.len() == 1 && valued.contains(&format!("-{short}"));
            continue;
        }
        free = Some((index, names.contains(text)));
        break;
    }
    let top_level_only =
        args.iter().all(|a| a.to_str().is_some_and(|t| matches!(t, "-h" | "--help" | "-V" | "--version")));
    let mut out = vec![program];
    match free {
        Some((index, true)) => {
            let subcommand = args.remove(index);
            out.push(subcommand);
        }
        _ if top_level_only && !args.is_empty() => {}
        _ => out.push(OsString::from("check")),
    }
    out.extend(args);
    out
}

/// `--long` and `-s` spellings of every option, in any subcommand, that
/// takes a value.
fn options_with_values(command: &clap::Command) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut commands = vec![command];
    while let Some(command) = commands.pop() {
        commands.extend(command.get_subcommands());
        for arg in command.get_arguments().filter(|a| !a.is_positional() && a.get_action().takes_values()) {
            out.extend(arg.get_long_and_visible_aliases().into_iter().flatten().map(|l| format!("--{l}")));
            out.extend(arg.get_short_and_visible_aliases().into_iter().flatten().map(|s| format!("-{s}")));
        }
    }
    out
}
