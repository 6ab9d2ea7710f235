//! `roadlint completions SHELL` and the man page, both generated from the
//! clap definition in [`crate::cli`], so they cannot drift from the options
//! the binary accepts. Neither reads a repository: shell start-up files call
//! `roadlint completions` from any directory.
//!
//! The man page is `roadlint completions man`, a value hidden from help and
//! from the completions themselves: it is for packagers (the release
//! archives carry `roadlint.1`), and a hidden subcommand would still be
//! offered by every shell's completions.

use crate::cli::Cli;
use clap::{CommandFactory, ValueEnum};
use clap_complete::Shell;

/// What `roadlint completions` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
    /// The man page, roadlint.1 (roff).
    #[value(hide = true)]
    Man,
}

/// The completion script or the man page.
pub fn render(target: Target) -> std::io::Result<Vec<u8>> {
    let shell = match target {
        Target::Bash => Shell::Bash,
        Target::Zsh => Shell::Zsh,
        Target::Fish => Shell::Fish,
        Target::Powershell => Shell::PowerShell,
        Target::Elvish => Shell::Elvish,
        Target::Man => return manpage(),
    };
    // Completions offer only the shells (bash's generator would otherwise
    // list the hidden `man` too).
    let shells: Vec<clap::builder::PossibleValue> =
        Target::value_variants().iter().filter_map(ValueEnum::to_possible_value).filter(|v| !v.is_hide_set()).collect();
    let mut command = Cli::command().mut_subcommand("completions", |completions| {
        completions.mut_arg("shell", |arg| arg.value_parser(clap::builder::PossibleValuesParser::new(shells)))
    });
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "roadlint", &mut out);
    Ok(out)
}

/// The man page, `roadlint.1`, in roff: the command and its subcommands,
/// then each subcommand's options under a heading of its own (one page, as
/// `man roadlint` finds it).
pub fn manpage() -> std::io::Result<Vec<u8>> {
    let mut command = Cli::command();
    command.build();
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut out)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
        let name = sub.get_name();
        let page = clap_mangen::Man::new(sub.clone().bin_name(format!("roadlint {name}")));
        let mut section = Vec::new();
        page.render_synopsis_section(&mut section)?;
        page.render_options_section(&mut section)?;
        let section = String::from_utf8_lossy(&section)
            .replacen(".SH SYNOPSIS", &format!(".SH \"ROADLINT {}\"", name.to_uppercase()), 1)
            .replacen(".SH OPTIONS", ".SS Options", 1);
        out.extend_from_slice(section.as_bytes());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(target: Target) -> String {
        String::from_utf8(render(target).expect("renders")).expect("UTF-8")
    }

    #[test]
    fn every_shell_completes_the_subcommands_and_options() {
        for shell in [Target::Bash, Target::Zsh, Target::Fish, Target::Powershell, Target::Elvish] {
            let script = text(shell);
            for word in ["check", "report", "explain", "completions", "staged", "base", "format"] {
                assert!(script.contains(word), "{shell:?} lacks {word}");
            }
            // PowerShell's and Elvish's generators complete names, not values.
            if matches!(shell, Target::Bash | Target::Zsh | Target::Fish) {
                for value in ["rdjson", "azure", "elvish"] {
                    assert!(script.contains(value), "{shell:?} lacks the value {value}");
                }
            }
            assert!(
                !script.split(|c: char| !c.is_alphanumeric()).any(|w| w == "man"),
                "{shell:?} offers the hidden man value"
            );
        }
    }

    #[test]
    fn the_man_page_documents_the_options() {
        let page = text(Target::Man);
        assert!(page.contains(".TH roadlint 1"), "{page}");
        for word in ["\\-\\-staged", "\\-\\-base", "\\-\\-format", "completions", "explain", ".SH \"ROADLINT CHECK\""] {
            assert!(page.contains(word), "the man page lacks {word}");
        }
    }
}
