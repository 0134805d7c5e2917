//! The `ltdeck` command line: parses arguments, runs a command, maps the outcome to an exit code.
//!
//! Exit codes: 0 fine (warnings allowed), 1 the deck has errors, 2 usage or I/O problems.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use ltdeck::{check, convert, deck, export, ui};

/// A presenter for lightning talks written in Markdown.
///
/// `ltdeck DECK` presents a deck: the console on this screen, the slides on the second.
#[derive(Debug, Parser)]
#[command(
    name = "ltdeck",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    present: Present,
}

/// Presenting options.
#[derive(Debug, Clone, Args)]
struct Present {
    /// The deck to present.
    #[arg(value_name = "DECK")]
    deck: Option<PathBuf>,
    /// Show the slides on monitor N (see --list-screens).
    #[arg(long, value_name = "N")]
    screen: Option<usize>,
    /// Keep the audience window a normal window (testing, video calls).
    #[arg(long)]
    windowed: bool,
    /// List the monitors and exit.
    #[arg(long)]
    list_screens: bool,
    /// Length of the talk (5m, 4m30s, 5:00, 300s), over the deck's `duration`.
    #[arg(long, value_parser = duration_arg)]
    duration: Option<Duration>,
    /// Ignite: 20 slides, 15 seconds each, advancing by themselves (a 5:00 talk).
    #[arg(long, conflicts_with = "pechakucha")]
    ignite: bool,
    /// PechaKucha: 20 slides, 20 seconds each, advancing by themselves (a 6:40 talk).
    #[arg(long)]
    pechakucha: bool,
    #[command(flatten)]
    pdf: PdfArgs,
}

/// How a PDF deck is read.
#[derive(Debug, Clone, Args)]
struct PdfArgs {
    /// PDF decks: each page carries its notes on this half (Beamer's `show notes on second
    /// screen`): the audience sees the other half, the console shows this one.
    #[arg(long, value_enum, value_name = "SIDE")]
    notes: Option<NotesSide>,
    /// PDF decks: every page is a slide (by default consecutive pages with one page label are
    /// one slide with steps, as Beamer overlays).
    #[arg(long)]
    no_overlays: bool,
}

/// The half of a PDF page that holds the notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum NotesSide {
    Left,
    Right,
    Top,
    Bottom,
}

impl PdfArgs {
    fn options(&self) -> deck::pdf::PdfOptions {
        deck::pdf::PdfOptions {
            notes: self.notes.map(|n| match n {
                NotesSide::Left => deck::Edge::Left,
                NotesSide::Right => deck::Edge::Right,
                NotesSide::Top => deck::Edge::Top,
                NotesSide::Bottom => deck::Edge::Bottom,
            }),
            overlays: !self.no_overlays,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Present a deck (the same as `ltdeck DECK`).
    Present(Present),
    /// Rehearse a deck: one window, every run recorded beside the deck, a summary after each.
    Rehearse(Present),
    /// Print a deck's rehearsal history: each run, and the slides that run most over budget.
    Rehearsals {
        /// The deck.
        #[arg(value_name = "DECK")]
        deck: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// Check decks before the talk: syntax, images, text density and speaking time.
    Check {
        /// Deck files (Markdown or PDF).
        #[arg(required = true, value_name = "DECK")]
        decks: Vec<PathBuf>,
        /// Print one JSON object per deck instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// Run a lightning-talk session: talks one after another, a "next up" card between them.
    Event(EventArgs),
    /// Export a deck as PDF (real text, fonts embedded, notes as annotations), PNG or a handout.
    Export(ExportArgs),
    /// Turn a prose draft (Markdown or plain text) into a deck whose notes hold the prose.
    Convert {
        /// The draft, or `-` for standard input.
        #[arg(value_name = "DRAFT")]
        draft: PathBuf,
        /// Write the deck to this file instead of standard output.
        #[arg(short, long, value_name = "DECK")]
        output: Option<PathBuf>,
        /// Replace DECK if it exists.
        #[arg(long)]
        force: bool,
        /// Length of the talk: 5m, 4m30s, 5:00, 300s or 300.
        #[arg(long, value_parser = duration_arg)]
        duration: Option<Duration>,
        /// Headings of this level or above start a slide.
        #[arg(long, value_enum, default_value_t = Split::H2)]
        split: Split,
    },
}

/// `ltdeck event` options.
#[derive(Debug, Args)]
struct EventArgs {
    /// A session file (YAML: `title`, `duration`, `gap`, `overrun` and a `talks:` list), or
    /// decks and folders of decks (taken in name order).
    #[arg(required = true, value_name = "SESSION")]
    inputs: Vec<PathBuf>,
    /// Print the session's log (planned and actual times) and exit.
    #[arg(long)]
    summary: bool,
    /// Show the slides on monitor N (see `ltdeck --list-screens`).
    #[arg(long, value_name = "N")]
    screen: Option<usize>,
    /// Keep the audience window a normal window.
    #[arg(long)]
    windowed: bool,
    #[command(flatten)]
    pdf: PdfArgs,
}

/// `ltdeck export` options.
#[derive(Debug, Args)]
struct ExportArgs {
    /// The deck (Markdown).
    #[arg(value_name = "DECK")]
    deck: PathBuf,
    /// The PDF to write (default: DECK.pdf beside the deck).
    #[arg(short, long, value_name = "PDF", conflicts_with = "png")]
    output: Option<PathBuf>,
    /// Write one PNG per page into DIR (01.png, 02.png, …) instead of a PDF.
    #[arg(long, value_name = "DIR")]
    png: Option<PathBuf>,
    /// A4 pages for reading and printing: each slide with its speaker notes.
    #[arg(long, conflicts_with = "png")]
    handout: bool,
    /// One page per reveal step (as the audience saw it), not one per slide.
    #[arg(long)]
    steps: bool,
    /// Page size in pixels, WxH (default 1920x1080; 1440x1080 for 4:3 decks).
    #[arg(long, value_parser = size_arg, value_name = "WxH")]
    size: Option<[u32; 2]>,
    /// Replace files that exist.
    #[arg(long)]
    force: bool,
}

fn size_arg(text: &str) -> Result<[u32; 2], String> {
    let parse = |t: &str| {
        t.trim()
            .parse::<u32>()
            .ok()
            .filter(|v| (16..=16_384).contains(v))
    };
    match text.split_once(['x', 'X', '×']) {
        Some((w, h)) => match (parse(w), parse(h)) {
            (Some(w), Some(h)) => Ok([w, h]),
            _ => Err(format!(
                "cannot read {text:?}: each side 16 to 16384 pixels, as 1920x1080"
            )),
        },
        None => Err(format!(
            "cannot read {text:?}; write it as WIDTHxHEIGHT, as 1920x1080"
        )),
    }
}

/// Heading levels that start slides in `convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Split {
    H1,
    H2,
    H3,
}

fn duration_arg(text: &str) -> Result<Duration, String> {
    match deck::time::parse_duration(text) {
        Ok(d) if !d.is_zero() => Ok(d),
        _ => Err(format!(
            "cannot read {text:?}; {}",
            deck::time::DURATION_FORMS
        )),
    }
}

/// Outcome of a command that ran to the end.
enum Outcome {
    Clean,
    /// The input has errors (already reported).
    Failed,
}

fn main() -> ExitCode {
    return_large_buffers();
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) => {
            eprintln!("ltdeck: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Large allocations (decoded photos, rendered PDF pages, textures on their way) get pages of
/// their own that go back to the system when freed. glibc's default raises that threshold after
/// the first large free, after which such buffers come from the thread's arena and stay there:
/// each photo slide visited grew the process by its decoded size.
fn return_large_buffers() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; it is called before any other thread
    // exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        None => present(cli.present, false),
        Some(Command::Present(p)) => present(p, false),
        Some(Command::Rehearse(p)) => present(p, true),
        Some(Command::Rehearsals { deck, json, pdf }) => rehearsals(&deck, json, &pdf.options()),
        Some(Command::Check { decks, json, pdf }) => check_decks(&decks, json, &pdf.options()),
        Some(Command::Event(args)) => run_event(&args),
        Some(Command::Export(args)) => export_deck(&args),
        Some(Command::Convert {
            draft,
            output,
            force,
            duration,
            split,
        }) => {
            let split = match split {
                Split::H1 => 1,
                Split::H2 => 2,
                Split::H3 => 3,
            };
            let options = convert::Options {
                duration,
                split,
                images_from: images_from(&draft, output.as_deref()),
                site: site_of(&draft, output.as_deref()),
                file_name: draft.file_name().map(|n| n.to_string_lossy().into_owned()),
            };
            convert_draft(&draft, output.as_deref(), force, &options)
        }
    }
}

fn rehearsals(path: &Path, json: bool, pdf: &deck::pdf::PdfOptions) -> anyhow::Result<Outcome> {
    use ltdeck::rehearsal;
    let deck = deck::load_with(path, pdf)?;
    let history_path = rehearsal::history_path(path);
    // A read-only command: a broken history is reported, never moved.
    let history = match rehearsal::read(&history_path) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("ltdeck: {e}");
            return Ok(Outcome::Failed);
        }
    };
    // Runs that could not be written beside the deck were kept in the data folder.
    let kept_path = rehearsal::data_dir()
        .map(|d| rehearsal::kept_path(path, &d))
        .filter(|k| k.exists());
    let history = match kept_path.as_deref().map(rehearsal::read) {
        Some(Ok(kept)) => rehearsal::merge(history, kept),
        Some(Err(e)) => {
            eprintln!("ltdeck: {e}");
            history
        }
        None => history,
    };
    let worst = rehearsal::most_over_budget(&deck, &history, 3);
    let mut out = std::io::stdout().lock();
    if json {
        let value = serde_json::json!({
            "deck": path.display().to_string(),
            "history": history_path.display().to_string(),
            "duration_secs": deck.meta.duration.as_secs_f64(),
            "runs": history.runs.iter().map(|r| serde_json::json!({
                "date": r.date, "total_secs": r.total_secs, "over_secs": r.over_secs(),
            })).collect::<Vec<_>>(),
            "best": history.best().map(|b| b.date.clone()),
            "best_index": history.best_index(),
            "kept": kept_path.as_ref().map(|k| k.display().to_string()),
            "most_over_budget": worst.iter().map(|(t, s)| serde_json::json!({"title": t, "avg_over_secs": s})).collect::<Vec<_>>(),
        });
        writeln!(out, "{value}")?;
        return Ok(Outcome::Clean);
    }
    if history.runs.is_empty() {
        writeln!(
            out,
            "{}: no rehearsals yet (`ltdeck rehearse {}` records them in {})",
            path.display(),
            path.display(),
            history_path.display()
        )?;
        return Ok(Outcome::Clean);
    }
    let runs = history.runs.len();
    writeln!(
        out,
        "{}: {runs} run{}, talk {} (history: {})",
        path.display(),
        if runs == 1 { "" } else { "s" },
        clock_secs(deck.meta.duration.as_secs_f64()),
        history_path.display()
    )?;
    if let Some(kept) = &kept_path {
        writeln!(
            out,
            "  (with runs kept in {} when the deck's folder could not be written)",
            kept.display()
        )?;
    }
    let best = history.best_index();
    for (i, run) in history.runs.iter().enumerate() {
        let over = run.over_secs();
        let sign = if over > 0.0 {
            format!("{} over", clock_secs(over))
        } else {
            format!("{} under", clock_secs(-over))
        };
        let mark = if best == Some(i) { "  ← best" } else { "" };
        writeln!(
            out,
            "  {}  {}  {sign}{mark}",
            run.date,
            clock_secs(run.total_secs)
        )?;
    }
    if !worst.is_empty() {
        writeln!(out, "most over budget on average:")?;
        for (title, secs) in worst {
            writeln!(out, "  +{}  {title}", clock_secs(secs))?;
        }
    }
    Ok(Outcome::Clean)
}

fn clock_secs(secs: f64) -> String {
    ltdeck::timer::clock(secs.max(0.0).round() as u64)
}

fn present(p: Present, rehearse: bool) -> anyhow::Result<Outcome> {
    if p.list_screens {
        let monitors = ui::list_screens().map_err(anyhow::Error::msg)?;
        for (i, m) in monitors.iter().enumerate() {
            println!(
                "{i}: {} {}×{} at {},{}",
                m.name, m.size[0], m.size[1], m.position[0], m.position[1]
            );
        }
        return Ok(Outcome::Clean);
    }
    let Some(deck) = p.deck else {
        Cli::command().print_help()?;
        return Err(anyhow::anyhow!(
            "give a deck to present, e.g. `ltdeck decks/welcome.md`"
        ));
    };
    if !deck.is_file() {
        return Err(anyhow::anyhow!(
            "cannot read {}: no such file",
            deck.display()
        ));
    }
    let per_slide = match (p.ignite, p.pechakucha) {
        (true, _) => Some(Duration::from_secs(15)),
        (_, true) => Some(Duration::from_secs(20)),
        _ => None,
    };
    let duration = p.duration.or(per_slide.map(|s| s * 20));
    let options = ui::Options {
        deck,
        screen: p.screen,
        windowed: p.windowed,
        duration,
        auto_advance: per_slide,
        rehearse,
        pdf: p.pdf.options(),
        event: None,
    };
    ui::run(options).map_err(anyhow::Error::msg)?;
    Ok(Outcome::Clean)
}

fn convert_draft(
    draft: &Path,
    output: Option<&Path>,
    force: bool,
    options: &convert::Options,
) -> anyhow::Result<Outcome> {
    if let Some(out) = output {
        if same_file(draft, out) {
            eprintln!(
                "ltdeck: the deck would replace its own draft {}; choose another -o",
                out.display()
            );
            return Ok(Outcome::Failed);
        }
        if kept(out, force) {
            return Ok(Outcome::Failed);
        }
    }
    let input = read_draft(draft)?;
    let conversion = match convert::convert(&input, options) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("ltdeck: {}: {e}", draft.display());
            return Ok(Outcome::Failed);
        }
    };
    match output {
        Some(out) => {
            ltdeck::files::write_atomically(out, conversion.deck.as_bytes())
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!("{} → {}", conversion.summary(), out.display());
        }
        None => {
            std::io::stdout()
                .lock()
                .write_all(conversion.deck.as_bytes())?;
            eprintln!("{}", conversion.summary());
        }
    }
    Ok(Outcome::Clean)
}

/// The draft's folder, when the deck goes to another one: a saved web page's images are then
/// named by their full path (beside the page, they keep their relative names).
fn images_from(draft: &Path, output: Option<&Path>) -> Option<PathBuf> {
    let folder = |p: &Path| {
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
        dir.unwrap_or(Path::new(".")).canonicalize().ok()
    };
    let from = folder(draft)?;
    let to = match output {
        Some(out) => folder(out),
        None => Path::new(".").canonicalize().ok(),
    };
    (to.as_deref() != Some(from.as_path())).then_some(from)
}

/// The static site (Jekyll, Hugo) the draft is a post of, seen from where the deck goes.
fn site_of(draft: &Path, output: Option<&Path>) -> Option<convert::site::Site> {
    let draft = draft.canonicalize().ok()?;
    let deck_dir = match output.and_then(Path::parent) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.canonicalize().ok()?,
        _ => Path::new(".").canonicalize().ok()?,
    };
    convert::site::Site::find(&draft, deck_dir)
}

fn read_draft(draft: &Path) -> anyhow::Result<Vec<u8>> {
    if draft.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(deck::MAX_DECK_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("cannot read the draft from standard input")?;
        anyhow::ensure!(
            bytes.len() as u64 <= deck::MAX_DECK_BYTES,
            "the draft on standard input is over {} MB; is it the right file?",
            deck::MAX_DECK_BYTES >> 20
        );
        return Ok(bytes);
    }
    Ok(deck::read_bounded(draft)?)
}

fn export_deck(args: &ExportArgs) -> anyhow::Result<Outcome> {
    let deck = deck::load(&args.deck)?;
    anyhow::ensure!(
        !deck.is_pdf(),
        "{} is a PDF already; `ltdeck export` writes a Markdown deck as PDF",
        args.deck.display()
    );
    let name = args.deck.display().to_string();
    let mut outcome = Outcome::Clean;
    for d in &deck.diagnostics {
        if d.severity == deck::Severity::Error {
            outcome = Outcome::Failed;
        }
        if d.severity != deck::Severity::Info {
            eprintln!("{}", d.render(&name));
        }
    }
    if deck.slides.is_empty() {
        eprintln!("ltdeck: {name}: the deck has no slides; nothing was written");
        return Ok(Outcome::Failed);
    }
    let options = export::Options {
        steps: args.steps,
        handout: args.handout,
        size: args.size,
    };
    if let Some(dir) = &args.png {
        return export_png(&deck, dir, &options, args.force, outcome);
    }
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| export::default_output(&args.deck, args.handout));
    if same_file(&args.deck, &out) {
        eprintln!("ltdeck: the PDF would replace the deck itself; choose another -o");
        return Ok(Outcome::Failed);
    }
    if kept(&out, args.force) {
        return Ok(Outcome::Failed);
    }
    let exported = export_reporting(&deck, &options);
    if exported.pdf.is_empty() {
        return Ok(Outcome::Failed);
    }
    ltdeck::files::write_atomically(&out, &exported.pdf)
        .with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("{}: {} pages → {}", name, exported.pages, out.display());
    Ok(outcome)
}

fn export_png(
    deck: &deck::Deck,
    dir: &Path,
    options: &export::Options,
    force: bool,
    outcome: Outcome,
) -> anyhow::Result<Outcome> {
    let count = export::pages(deck, options.steps).len();
    let names = export::png_names(count);
    if names.iter().any(|n| kept(&dir.join(n), force)) {
        return Ok(Outcome::Failed);
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let exported = export_reporting(deck, options);
    let width = export::canvas(deck.meta.aspect, options.size).x as u32;
    let pictures = export::png_pages(&exported.pdf, width).map_err(anyhow::Error::msg)?;
    for (name, png) in names.iter().zip(&pictures) {
        let path = dir.join(name);
        ltdeck::files::write_atomically(&path, png)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    eprintln!(
        "{}: {} pictures → {}",
        deck.path.as_deref().unwrap_or(Path::new("deck")).display(),
        pictures.len(),
        dir.display()
    );
    Ok(outcome)
}

/// Whether `path` exists and must be kept (no `--force`); says so.
fn kept(path: &Path, force: bool) -> bool {
    let keep = !force && path.exists();
    if keep {
        eprintln!(
            "ltdeck: {} already exists; nothing was written (add --force to replace it)",
            path.display()
        );
    }
    keep
}

/// Exports, printing what did not stop it.
fn export_reporting(deck: &deck::Deck, options: &export::Options) -> export::Exported {
    let exported = export::pdf(deck, options);
    for w in &exported.warnings {
        eprintln!("ltdeck: warning: {w}");
    }
    exported
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The session `ltdeck event` runs: a session file, or decks and folders.
fn session_of(inputs: &[PathBuf]) -> anyhow::Result<ltdeck::event::Session> {
    match inputs {
        [one] if ltdeck::event::is_session_file(one) => {
            ltdeck::event::read(one).map_err(anyhow::Error::msg)
        }
        _ => Ok(ltdeck::event::from_paths(inputs)),
    }
}

fn run_event(args: &EventArgs) -> anyhow::Result<Outcome> {
    let session = session_of(&args.inputs)?;
    let log = ltdeck::event::log_path(
        session
            .path
            .as_deref()
            .or(session.talks.first().map(|t| t.deck.as_path()))
            .unwrap_or(Path::new("session")),
    );
    if args.summary {
        let bytes = std::fs::read(&log)
            .with_context(|| format!("no log yet at {} (run the event first)", log.display()))?;
        let log: ltdeck::event::Log = serde_json::from_slice(&bytes)
            .with_context(|| format!("{} is not an event log", log.display()))?;
        print!("{}", ltdeck::event::summary(&log));
        return Ok(Outcome::Clean);
    }
    if session.talks.is_empty() {
        let file = args.inputs[0].display().to_string();
        for d in &session.diagnostics {
            eprintln!("{}", d.render(&file));
        }
        return Err(anyhow::anyhow!("the session has no talks to give"));
    }
    let options = ui::Options {
        deck: log,
        screen: args.screen,
        windowed: args.windowed,
        duration: None,
        auto_advance: None,
        rehearse: false,
        pdf: args.pdf.options(),
        event: Some(session),
    };
    ui::run(options).map_err(anyhow::Error::msg)?;
    Ok(Outcome::Clean)
}

fn check_decks(
    paths: &[PathBuf],
    json: bool,
    pdf: &deck::pdf::PdfOptions,
) -> anyhow::Result<Outcome> {
    let mut outcome = Outcome::Clean;
    let mut stdout = std::io::stdout().lock();
    // A session file is checked, then every deck of its talks.
    let mut decks = Vec::new();
    for path in paths {
        if !ltdeck::event::is_session_file(path) {
            decks.push(path.clone());
            continue;
        }
        let session = ltdeck::event::read(path).map_err(anyhow::Error::msg)?;
        let name = path.display().to_string();
        if session
            .diagnostics
            .iter()
            .any(|d| d.severity == ltdeck::deck::Severity::Error)
        {
            outcome = Outcome::Failed;
        }
        if json {
            let text = serde_json::json!({"session": name, "diagnostics": session.diagnostics});
            writeln!(stdout, "{text}")?;
        } else {
            for d in &session.diagnostics {
                writeln!(stdout, "{}", d.render(&name))?;
            }
            writeln!(stdout, "{name}: a session of {} talks", session.talks.len())?;
        }
        decks.extend(session.talks.iter().map(|t| t.deck.clone()));
    }
    for path in &decks {
        let deck = deck::load_with(path, pdf)?;
        let mut report = check::check(&deck);
        // One font plan (it reads the system's fonts) for the font notes and a PDF's pages.
        let plan = check::font_plan(&deck);
        report
            .diagnostics
            .extend(check::font_notes(&plan, &check::deck_text(&deck)));
        if deck.is_pdf() {
            let fallbacks = ltdeck::pages::Fallbacks::from_plan(&plan);
            report
                .diagnostics
                .extend(ltdeck::pages::check_pages(path, &fallbacks));
        }
        report.diagnostics.sort_by_key(|d| (d.line, d.column));
        if report.has_errors() {
            outcome = Outcome::Failed;
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
    if !json {
        // Whether this desktop would blank the screens mid-talk: what presenting here would use.
        writeln!(stdout, "presenting here: {}", ltdeck::idle::probe().line())?;
    }
    Ok(outcome)
}
