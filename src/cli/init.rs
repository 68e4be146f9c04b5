//! `roundtable init`: set up a panel in an empty database from a panel file, with its
//! first meetings from the pattern and, optionally, its members from a file.

use crate::domain::paperwork::Rule;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Deserialize;

use super::support::{field_errors, fmt_date, today, warn};
use super::{Cli, CliError, CliResult};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::intake::FieldIssue;
use crate::domain::members::{check_member, MemberContext, MemberForm};
use crate::domain::names::same_name;
use crate::domain::panel_def::{shipped_file, PanelDef};
use crate::domain::types::Role;
use crate::store::setup::SetupMember;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Panel file (TOML, see README "Setting up a real panel"), or a shipped panel by
    /// name: magpan, dyo, camp; default: the shipped MAGPan panel.
    #[arg(long, value_name = "FILE")]
    pub panel: Option<PathBuf>,
    /// People to add: a TOML file of [[member]] tables (name, post, agency, role, deputy_for).
    #[arg(long, value_name = "FILE")]
    pub members: Option<PathBuf>,
    /// How many meetings to schedule from today by the panel's pattern.
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub meetings: usize,
    /// Leave the new database unencrypted (by default it is encrypted with the
    /// passphrase from --key-file, the config file's key_file, or typed twice).
    #[arg(long, conflicts_with = "generate_key")]
    pub no_encrypt: bool,
    /// Write a new random 256-bit key to FILE (owner-only; refused if FILE exists) and
    /// encrypt the new database with it: the fastest and strongest key (SECURITY.md).
    #[arg(long, value_name = "FILE")]
    pub generate_key: Option<PathBuf>,
}

/// Read a panel file. Files it names (statement, risk scale) are looked for beside
/// it, then among the shipped ones.
pub(super) fn load_panel(path: &Path) -> Result<PanelDef, CliError> {
    // A shipped panel by its name (`--panel dyo`) when no such file is here.
    let shipped = (!path.exists())
        .then(|| {
            path.to_str()
                .and_then(crate::domain::panel_def::shipped_panel)
        })
        .flatten();
    let text = match shipped {
        Some(t) => t.to_string(),
        None => std::fs::read_to_string(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                // Say what was looked for and what to give instead (QA fault 13).
                CliError::from(format!(
                    "{}: no such panel file, and no shipped panel by that name; give a panel \
                     file (examples in data/panels/) or a shipped panel: {}",
                    path.display(),
                    crate::domain::panel_def::SHIPPED_PANELS.join(", ")
                ))
            } else {
                CliError::from(format!("{}: {e}", path.display()))
            }
        })?,
    };
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    // What could not be read beside the panel file, and why: the error says where
    // it looked.
    let missed = std::cell::RefCell::new(Vec::new());
    let read = |name: &str| {
        let beside = dir.join(name);
        std::fs::read_to_string(&beside)
            .map_err(|e| missed.borrow_mut().push((name.to_string(), beside, e)))
            .ok()
            .or_else(|| shipped_file(name))
    };
    let parsed = PanelDef::parse(&text, &read);
    parsed.map_err(|mut e| {
        for (name, beside, why) in missed.borrow().iter() {
            let said = format!(
                "cannot read {name}: looked beside the panel file, then among the shipped files"
            );
            e = e.replace(
                &said,
                &format!(
                    "{said} ({}: {why})",
                    std::path::absolute(beside)
                        .unwrap_or_else(|_| beside.clone())
                        .display()
                ),
            );
        }
        // Every problem on its own line, then one line saying the file was not used.
        let problems: Vec<&str> = e.lines().filter(|l| !l.trim().is_empty()).collect();
        if problems.len() < 2 {
            return CliError::from(format!("{}: {e}", path.display()));
        }
        for p in &problems {
            eprintln!("  {}", crate::domain::clean::one_line(p));
        }
        CliError::from(format!(
            "{}: {} problems in the panel file (listed above); nothing was set up",
            path.display(),
            problems.len()
        ))
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MembersFile {
    #[serde(default)]
    member: Vec<MemberEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberEntry {
    #[serde(default)]
    name: String,
    #[serde(default)]
    post: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    deputy_for: Option<String>,
}

/// Read and check a members file against the panel's agencies. Every problem is
/// returned, each named by its `member[N].field`.
fn load_members(path: &Path, def: &PanelDef) -> Result<Vec<SetupMember>, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::from(format!("{}: {e}", path.display())))?;
    let mut value: toml::Value = toml::from_str(&text)
        .map_err(|e| CliError::from(format!("{}: {}", path.display(), e.message())))?;
    // Cleaned at the door: every string in the file, before any field is read.
    crate::domain::clean::clean_toml(&mut value);
    let file: MembersFile = value.try_into().map_err(|e: toml::de::Error| {
        CliError::from(format!("{}: {}", path.display(), e.message()))
    })?;
    let mut ctx = MemberContext {
        agencies: def
            .agencies
            .iter()
            .map(|a| (a.code.clone(), a.name.clone()))
            .collect(),
        current: vec![],
    };
    let mut out = vec![];
    let mut errors = vec![];
    let mut warnings = vec![];
    for (i, e) in file.member.iter().enumerate() {
        let at = |f: &str| format!("member[{}].{f}", i + 1);
        let form = MemberForm {
            name: e.name.clone(),
            post: e.post.clone(),
            agency: e.agency.clone(),
            role: e.role.clone(),
        };
        // One person, one member row: the same name twice is a mistake to put right.
        if let Some(j) = file.member[..i]
            .iter()
            .position(|o| same_name(&o.name, &e.name))
        {
            errors.push(FieldIssue::new(
                at("name"),
                format!(
                    "'{}' is already member[{}] in this file",
                    e.name.trim(),
                    j + 1
                ),
            ));
        }
        if let Some(d) = &e.deputy_for {
            let found = file
                .member
                .iter()
                .enumerate()
                .find(|(j, o)| *j != i && same_name(&o.name, d));
            match found {
                None => errors.push(FieldIssue::new(
                    at("deputy_for"),
                    format!("'{d}' is not another member in this file"),
                )),
                // Section 5.5: a deputy speaks for the member's agency.
                Some((_, o)) if !o.agency.trim().eq_ignore_ascii_case(e.agency.trim()) => {
                    warnings.push(FieldIssue::new(
                        at("deputy_for"),
                        format!(
                            "deputy for {} of {}, but of {}{}: a deputy speaks for the member's agency",
                            o.name.trim(),
                            o.agency.trim(),
                            e.agency.trim(),
                            def.paperwork.cite.paren(Rule::Deputies)
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
        match check_member(&form, &ctx) {
            Ok(m) => {
                warnings.extend(
                    m.warnings
                        .iter()
                        .map(|w| FieldIssue::new(at(&w.field), w.message.clone())),
                );
                ctx.current.push((-(i as i64) - 1, m.name.clone(), m.role));
                out.push(SetupMember {
                    member: m,
                    deputy_for: e.deputy_for.clone(),
                });
            }
            Err(es) => errors.extend(
                es.into_iter()
                    .map(|x| FieldIssue::new(at(&x.field), x.message)),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(field_errors(&path.display().to_string(), &errors));
    }
    warn(&warnings);
    Ok(out)
}

/// The key for the new database: none with `--no-encrypt` (and then no key may be
/// given either), else a key file or one typed twice at a terminal; without any, a
/// refusal that says how (exit 2), before anything is made.
fn init_key(cli: &Cli, args: &InitArgs, path: &Path) -> Result<Option<super::key::Key>, CliError> {
    if args.no_encrypt {
        if super::key::given(cli)?.is_some() {
            return Err(CliError {
                message: "--no-encrypt, but a key was given (--key-file, ROUNDTABLE_KEY or the config file's key_file): drop one or the other; nothing made".into(),
                code: 2,
            });
        }
        return Ok(None);
    }
    if let Some(file) = &args.generate_key {
        if cli.key_file.is_some() {
            return Err(CliError {
                message: "give either --key-file or --generate-key for the new database's key, not both; nothing made".into(),
                code: 2,
            });
        }
        return super::key::generate(file).map(Some);
    }
    match super::key::new_key(cli, &path.display().to_string())? {
        Some(k) => Ok(Some(k)),
        None => Err(CliError {
            message: "init encrypts the new database: name a key file (mode 0600) with --key-file FILE or key_file in the config file, or run it at a terminal to type a passphrase; --no-encrypt makes a plain one. Nothing made".into(),
            code: 2,
        }),
    }
}

pub(super) fn run(cli: &Cli, args: &InitArgs) -> CliResult {
    let made_before = args.generate_key.as_ref().is_some_and(|f| f.exists());
    let out = set_up(cli, args);
    if let (Err(_), Some(file)) = (&out, &args.generate_key) {
        // A key written for a database that was not made opens nothing: remove it
        // (never one that was there before: that refusal came first).
        if !made_before && !cli.db_path().exists() {
            let _ = std::fs::remove_file(file);
        }
    }
    out
}

fn set_up(cli: &Cli, args: &InitArgs) -> CliResult {
    let today = today()?;
    let def = match &args.panel {
        Some(p) => load_panel(p)?,
        None => PanelDef::magpan(),
    };
    let members = match &args.members {
        Some(p) => load_members(p, &def)?,
        None => vec![],
    };
    let path = cli.db_path();
    let key = init_key(cli, args, &path)?;
    let key = key.as_deref().map(String::as_str);
    if cli.db_is_default() {
        crate::paths::ensure_data_dir()?;
    }
    if path.exists() {
        // Look before writing anything: a database that holds a panel stays as it is.
        let store = Store::open_for_init(&path, key)?;
        if let Some(name) = store.panel_name()? {
            return Err(CliError {
                message: format!(
                    "{} already holds a panel ({name}); nothing changed",
                    path.display()
                ),
                code: 1,
            });
        }
    }
    let cal = WorkingCalendar::england_and_wales();
    let meetings = def.meetings_from(today, args.meetings, &cal);
    // A start the clocks skip that night is refused before the file is made; one
    // they repeat is said (issue 18).
    for d in &meetings {
        let start = def.meeting_pattern.start_time.as_deref();
        if let Some(w) = crate::store::schedule::check_meeting_time(*d, start)? {
            eprintln!("warning: {w}");
        }
    }
    let store = Store::open_for_init(&path, key)?;
    store.set_up_panel(&def, &meetings, &members, today)?;
    if let Some(file) = &args.generate_key {
        say!(
            "{}: encrypted with the new key in {}; keep that file safe and backed up apart from the database, without it the data cannot be read; name it with --key-file or key_file in the config file",
            path.display(),
            file.display()
        );
    } else if key.is_some() {
        say!(
            "{}: encrypted; keep the passphrase safe, without it the data cannot be read",
            path.display()
        );
    } else {
        say!("{}: NOT encrypted (--no-encrypt): anyone who can read the file can read the data; `roundtable encrypt` encrypts it", path.display());
    }
    say!(
        "set up {} ({}) in {}: {} agencies, {} meetings{}, {} members",
        def.name,
        def.short_name,
        path.display(),
        def.agencies.len(),
        meetings.len(),
        match (meetings.first(), meetings.last()) {
            (Some(a), Some(b)) => format!(" ({} to {})", fmt_date(*a), fmt_date(*b)),
            _ => String::new(),
        },
        members.len()
    );
    if let Some(first) = meetings.first() {
        say!(
            "next meeting {} at {}; referrals received by {} go to it{}",
            fmt_date(*first),
            if def.venue.is_empty() {
                "(no venue set)"
            } else {
                &def.venue
            },
            fmt_date(cal.cutoff(*first, def.cutoff_working_days)),
            def.paperwork.cite.paren(Rule::Cutoff)
        );
    }
    let unfilled: Vec<String> = def
        .roles
        .iter()
        .filter(|r| {
            !members.iter().any(|m| {
                m.member.agency.eq_ignore_ascii_case(&r.agency)
                    && (m.member.post.eq_ignore_ascii_case(&r.post)
                        || (r.role != Role::Member.code() && m.member.role.code() == r.role))
            })
        })
        .map(
            |r| match Role::from_code(&r.role).filter(|x| *x != Role::Member) {
                Some(role) => format!("  {} ({}; {})", r.post, r.agency, role.label()),
                None => format!("  {} ({})", r.post, r.agency),
            },
        )
        .collect();
    if !unfilled.is_empty() {
        say!("standing roles with nobody yet (add with `roundtable members add`):");
        for u in unfilled {
            say!("{u}");
        }
    }
    Ok(())
}
