//! The `ltdeck` command line: parses arguments, runs a command, maps the outcome to an exit code.
//!
//! Exit codes: 0 fine (warnings allowed), 1 the deck has errors, 2 usage or I/O problems.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use ltdeck::{check, deck};

/// A presenter for lightning talks written in Markdown.
#[derive(Debug, Parser)]
#[command(name = "ltdeck", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check decks before the talk: syntax, images, text density and speaking time.
    Check {
        /// Deck files (Markdown).
        #[arg(required = true, value_name = "DECK")]
        decks: Vec<PathBuf>,
        /// Print one JSON object per deck instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Outcome of a command that ran to the end.
enum Outcome {
    Clean,
    DeckErrors,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::DeckErrors) => ExitCode::from(1),
        Err(e) => {
            eprintln!("ltdeck: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Check { decks, json } => check_decks(&decks, json),
    }
}

fn check_decks(paths: &[PathBuf], json: bool) -> anyhow::Result<Outcome> {
    let mut outcome = Outcome::Clean;
    let mut stdout = std::io::stdout().lock();
    for path in paths {
        let deck = deck::load(path)?;
        let report = check::check(&deck);
        if report.has_errors() {
            outcome = Outcome::DeckErrors;
        }
        if json {
            let text = serde_json::to_string(&report).context("encoding the report as JSON")?;
            writeln!(stdout, "{text}")?;
            continue;
        }
        let name = path.display().to_string();
        for d in &report.diagnostics {
            writeln!(stdout, "{}", d.render(&name))?;
        }
        writeln!(stdout, "{name}: {}", report.summary().replace('\n', "\n  "))?;
    }
    Ok(outcome)
}
