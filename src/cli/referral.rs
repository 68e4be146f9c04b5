//! `roundtable referral add|screen|list`: referrals between meetings (Appendix A,
//! sections 10, 11 and 12).

use crate::domain::paperwork::{Citations, Rule};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::referral_file;
use super::support::{
    date_arg, field_errors, fmt_date, open_panel, opt_date, print_json, table, today, warn,
};
use super::{Cli, CliError, CliResult};
use crate::domain::agenda::AgendaItemDef;
use crate::domain::intake::{CheckedReferral, Destination};
use crate::domain::screening::{ScreeningForm, ScreeningOutcome};
use crate::domain::types::{CaseStatus, Screening};
use crate::store::intake::{
    Intake, KnownSubject, Linking, Screened, SubjectChoice, TakeRequest, Taking, Who,
};
use crate::store::{ReferralId, SubjectId};

#[derive(Debug, Args)]
pub struct ReferralArgs {
    #[command(subcommand)]
    pub command: ReferralCommand,
}

#[derive(Debug, Subcommand)]
pub enum ReferralCommand {
    /// Take in a referral from a TOML or JSON file (Appendix A and section 12 fields).
    Add {
        /// The referral file (.toml or .json).
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// Create a new subject even if someone known matches.
        #[arg(long, conflicts_with = "subject")]
        new_subject: bool,
        /// Link the referral to this known subject.
        #[arg(long, value_name = "ID")]
        subject: Option<i64>,
        /// Check the file and say where it would go, without saving.
        #[arg(long)]
        dry_run: bool,
        /// Take it in although its form's checklist fails, for this reason: the
        /// coordinator's override, kept with the referral and in the change log (MAVE
        /// MV1). An approval is never overridden.
        #[arg(long, value_name = "REASON")]
        override_checklist: Option<String>,
    },
    /// Record screening before the meeting (section 11).
    Screen(ScreenArgs),
    /// Discharge an open case whose subject now is managed at MAPPA level 2 or 3
    /// (sections 10.1 and 12): closed to the panel, noted at the next MAPPA item.
    DischargeMappa(super::case_change::DischargeArgs),
    /// Bring an open case's review forward at the lead agency's request (section 7.9).
    ReviewEarly(super::case_change::EarlyReviewArgs),
    /// Restrict a referral's intelligence (its concerns and every answer): never on
    /// the room's screen or the general minutes, shown to the chair marked
    /// "Restricted" (MAVE). `--lift` takes it off.
    Restrict(super::restrict::RestrictArgs),
    /// Subjects who may be one person entered twice: the same name however written
    /// (Unicode form, capitals, accents) and the same date of birth.
    Duplicates {
        /// Print JSON instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// New referrals not yet heard, with where each goes (with --all, every referral).
    List {
        /// Only those listed for (or held over from) the meeting on this date.
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        meeting: Option<NaiveDate>,
        /// Every referral, heard or not.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        out: super::out::TableOut,
    },
}

#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// The referral (case) number.
    pub id: i64,
    /// Supporting intelligence found: a full risk assessment was done (give --by).
    #[arg(long, conflicts_with = "no_intelligence")]
    pub intelligence: bool,
    /// No supporting intelligence: one to watch (give --told).
    #[arg(long)]
    pub no_intelligence: bool,
    /// Who completed the risk assessment or the screening.
    #[arg(
        long,
        value_name = "NAME",
        allow_hyphen_values = true,
        default_value = "",
        hide_default_value = true
    )]
    pub by: String,
    /// When (default today).
    #[arg(
        long,
        value_name = "DATE",
        default_value = "",
        hide_default_value = true
    )]
    pub on: String,
    /// The date the referrer was told the case will not come to the panel.
    #[arg(
        long,
        value_name = "DATE",
        default_value = "",
        hide_default_value = true
    )]
    pub told: String,
    /// YOS screening note for an under-18 low-risk referral.
    #[arg(
        long,
        value_name = "TEXT",
        allow_hyphen_values = true,
        default_value = "",
        hide_default_value = true
    )]
    pub yos_note: String,
    /// Advice given to the referrer: child_protection, channel, marac (comma-separated).
    #[arg(long, value_name = "LIST", value_delimiter = ',', hide_possible_values = true,
        value_parser = super::support::Offered(super::support::advice_values))]
    pub advice: Vec<String>,
    /// MAPPA level now known (2 or 3 excludes the case, section 10.1).
    #[arg(long, value_name = "N", default_value = "", hide_default_value = true)]
    pub mappa_level: String,
    /// MAPPA category (1 to 3).
    #[arg(long, value_name = "N", default_value = "", hide_default_value = true)]
    pub mappa_category: String,
}

pub(super) fn run(cli: &Cli, args: &ReferralArgs) -> CliResult {
    match &args.command {
        ReferralCommand::Add {
            from,
            new_subject,
            subject,
            dry_run,
            override_checklist,
        } => {
            let choice = match (subject, new_subject) {
                (Some(id), _) => SubjectChoice::Existing(SubjectId(*id)),
                (None, true) => SubjectChoice::New,
                (None, false) => SubjectChoice::Auto,
            };
            add(cli, from, choice, *dry_run, override_checklist.as_deref())
        }
        ReferralCommand::Screen(a) => screen(cli, a),
        ReferralCommand::DischargeMappa(a) => super::case_change::discharge(cli, a),
        ReferralCommand::ReviewEarly(a) => super::case_change::review_early(cli, a),
        ReferralCommand::List { meeting, all, out } => list(cli, *meeting, *all, out),
        ReferralCommand::Restrict(a) => super::restrict::run(cli, a),
        ReferralCommand::Duplicates { json } => super::duplicates::run(cli, *json),
    }
}

/// A referral's age in words for the line under its agenda item: "aged 35 on
/// 2026-12-08", never a bare number.
fn age_words(age: Option<u32>, on: Option<NaiveDate>) -> String {
    match (age, on) {
        (Some(a), Some(d)) => format!("aged {a} on {}", fmt_date(d)),
        (Some(a), None) => format!("aged {a}"),
        _ => "age not known".into(),
    }
}

fn add(
    cli: &Cli,
    from: &std::path::Path,
    choice: SubjectChoice,
    dry_run: bool,
    override_checklist: Option<&str>,
) -> CliResult {
    let today = today()?;
    let value = referral_file::read_value(from)?;
    let (store, panel) = open_panel(cli, !dry_run)?;
    // A panel with its own form reads the file by that form (issue 20).
    let paperwork = store.panel_info(Some(panel))?.paperwork;
    let (form, file_errors, def) = if paperwork.forms.is_empty() {
        if override_checklist.is_some() {
            return Err(field_errors(
                "referral not saved",
                &[crate::domain::intake::FieldIssue::new(
                    crate::domain::paperwork::OVERRIDE_KEY,
                    "this panel's referral form has no checklist to override",
                )],
            ));
        }
        let (f, e) = referral_file::form_from_value(&value, today);
        (f, e, None)
    } else {
        let agencies = store.intake_context(panel, today)?.agencies;
        let got = super::referral_form::from_form(
            &value,
            &paperwork,
            &agencies,
            today,
            override_checklist,
        )
        .map_err(|e| field_errors("referral not saved", &[e]))?;
        let (f, notes) = got
            .filled
            .map_err(|e| field_errors("referral not saved", &e))?;
        warn(&notes);
        (f, vec![], Some(got.def))
    };
    let req = TakeRequest {
        form: &form,
        known_issues: &file_errors,
        choice,
        linking: Linking::ExactMatch,
        dry_run,
    };
    let taking = store.take_referral_form(panel, &req, today)?;
    let (r, who) = match &taking {
        Taking::Refused(errors) => {
            let errors = match &def {
                Some(d) => super::referral_form::at_form_fields(d, errors),
                None => errors.clone(),
            };
            return Err(field_errors("referral not saved", &errors));
        }
        Taking::Ask { checked, who }
        | Taking::Checked { checked, who }
        | Taking::Taken { checked, who, .. } => (checked, who),
    };
    match &def {
        Some(d) => warn(&super::referral_form::at_form_fields(d, &r.warnings)),
        None => warn(&r.warnings),
    }
    let choice = say_who(r, who)?;
    let info = store.panel_info(Some(panel))?;
    let (agenda, cite) = (&info.agenda, &info.paperwork.cite);
    match &taking {
        Taking::Taken { intake, .. } => {
            print_saved(r, intake, agenda, cite, info.paperwork.screening.required);
            // Known to another panel of the workspace (issue 23, X5): named only.
            let cases: Vec<_> = store.case_subject(intake.referral)?.into_iter().collect();
            let (known, failed) = super::across::known_elsewhere(&store, &cases, "intake");
            super::across::say_at_intake(&known, &failed);
        }
        _ => {
            print_dry_run(r, choice, agenda, cite);
            if let SubjectChoice::Existing(id) = choice {
                // What the panel knows of them, as saving would say it (an open case too).
                let m = store.subject_matches_of(panel, r)?;
                if let Some(k) = m.exact.iter().chain(&m.similar).find(|k| k.id == id) {
                    print_linked(r, k);
                }
            }
        }
    }
    Ok(())
}

/// Say who a referral was found to be about ([`crate::store::Store::who_is`]): the
/// subject it is taken in for, with a warning naming others who were close; refused
/// when it is not clear who the person is, or when they already have a referral
/// waiting.
fn say_who(r: &CheckedReferral, who: &Who) -> Result<SubjectChoice, CliError> {
    let list = |v: &[&KnownSubject]| {
        v.iter()
            .map(|k| format!("  {}", k.describe()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match who {
        Who::Settled(choice) => Ok(*choice),
        Who::Waiting { exact, .. } => Err(CliError {
            message: format!("referral not saved: {}", exact.waiting_refusal()),
            code: 1,
        }),
        Who::ExactAmong { exact, similar } => {
            super::out::warn(&format!(
                "warning: also similar to:\n{}\n(linking to the exact match; use --subject ID to choose another)",
                list(&similar.iter().collect::<Vec<_>>())
            ));
            Ok(SubjectChoice::Existing(exact.id))
        }
        Who::Unclear(_) => {
            super::out::warn(&format!(
                "{} may already be known to the panel:\n{}",
                r.name,
                list(&who.candidates())
            ));
            Err(CliError {
                message: "referral not saved: run again with --subject ID to link it to one of these, or --new-subject if none is this person".into(),
                code: 1,
            })
        }
    }
}

/// The agenda item a referral is heard under at `meeting`, and its age then.
fn item_line(
    agenda: &[AgendaItemDef],
    r: &CheckedReferral,
    meeting: Option<NaiveDate>,
) -> Option<String> {
    meeting.map(|m| {
        // A group or a location has no age: its area instead (issue 22).
        let about = if r.kind.has_birth() {
            format!("; {}", age_words(r.age, Some(m)))
        } else if r.area.is_empty() {
            String::new()
        } else {
            format!("; {}", r.area)
        };
        format!(
            "agenda {}{about}",
            crate::domain::agenda::item_words_at(agenda, r.item_number, r.item),
        )
    })
}

/// `--dry-run`: what saving would do.
fn print_dry_run(
    r: &CheckedReferral,
    choice: SubjectChoice,
    agenda: &[AgendaItemDef],
    cite: &Citations,
) {
    say!("checked {} (nothing saved)", r.name);
    if let SubjectChoice::Existing(id) = choice {
        say!("would link to known subject #{id}");
    }
    match &r.excluded {
        Some(reason) => say!("would be excluded: {reason}"),
        None => {
            say!("{}", r.destination.describe(cite));
            if let Some(l) = item_line(agenda, r, r.destination.meeting()) {
                say!("{l}");
            }
        }
    }
}

/// What saving did: the referral, the subject it is linked to, and where it goes.
fn print_saved(
    r: &CheckedReferral,
    done: &Intake,
    agenda: &[AgendaItemDef],
    cite: &Citations,
    screening_required: bool,
) {
    say!(
        "referral #{} saved: {} (subject #{}), received {}{}",
        done.referral,
        done.linked.as_ref().map_or(&r.name, |k| &k.name),
        done.subject,
        fmt_date(r.date_received),
        if r.urgent { ", urgent" } else { "" }
    );
    if let Some(k) = &done.linked {
        print_linked(r, k);
    }
    for l in crate::lookup::case::people::intake_lines(&done.marks, &done.people, cite) {
        say!("{l}");
    }
    if let Some(reason) = &r.excluded {
        say!("excluded: {reason}");
        if let Some(m) = done.meeting {
            say!("noted for the meeting on {} (not discussed)", fmt_date(m));
        }
        return;
    }
    say!("{}", r.destination.describe(cite));
    if let Some(l) = item_line(agenda, r, done.meeting) {
        say!("{l}");
    }
    if matches!(
        r.destination,
        Destination::HeldOver { .. } | Destination::NoMeeting
    ) {
        say!(
            "status: {} (held for a later meeting)",
            done.status.replace('_', " ")
        );
    } else if screening_required {
        say!(
            "status: {}; screen it before the meeting: roundtable referral screen {}",
            done.status.replace('_', " "),
            done.referral
        );
    } else {
        say!("status: {}", done.status.replace('_', " "));
    }
}

/// The known subject `k` a referral was linked to, and what the panel knew of them.
fn print_linked(r: &CheckedReferral, k: &KnownSubject) {
    let mut line = format!(
        "matched existing subject #{}, previously known to the panel",
        k.id
    );
    if k.closed() {
        line.push_str("; re-referral after closure");
    } else if let Some(s) = k.last_status.as_deref().and_then(CaseStatus::from_code) {
        line.push_str(&format!(
            "; their last referral (#{}) is {}",
            k.last_referral.map_or(String::new(), |x| x.to_string()),
            s.label()
        ));
    }
    say!("{line}");
    // Estimates from a stated age are not dates of birth to compare.
    let known = k.date_of_birth.filter(|_| k.stated_age.is_none());
    let given = r.date_of_birth.filter(|_| r.stated_age.is_none());
    if let (Some(known), Some(given)) = (known, given) {
        if known != given {
            eprintln!(
                "warning: subject #{} is recorded as born {}; this referral says {} (the record is kept)",
                k.id,
                fmt_date(known),
                fmt_date(given)
            );
        }
    }
}

fn screen(cli: &Cli, a: &ScreenArgs) -> CliResult {
    let today = today()?;
    let (store, _) = open_panel(cli, true)?;
    let id = ReferralId(a.id);
    let form = ScreeningForm {
        outcome: if a.intelligence {
            Some(ScreeningOutcome::Intelligence)
        } else if a.no_intelligence {
            Some(ScreeningOutcome::NoIntelligence)
        } else {
            None
        },
        by: a.by.clone(),
        on: a.on.clone(),
        told: a.told.clone(),
        yos_note: a.yos_note.clone(),
        advice: a.advice.clone(),
        mappa_level: a.mappa_level.clone(),
        mappa_category: a.mappa_category.clone(),
    };
    let (pending, checked, row) = match store.screen_referral(id, &form, today)? {
        Screened::Refused(e) => return Err(field_errors("screening not recorded", &e)),
        Screened::Recorded(done) => (done.pending, done.checked, done.row),
    };
    let who = format!("referral #{id} ({})", pending.name);
    if let Some(reason) = &checked.exclusion {
        say!("{who} excluded: {reason}");
        if let Some(m) = row.meeting {
            say!("noted for the meeting on {} (not discussed)", fmt_date(m));
        }
        return Ok(());
    }
    if checked.lifts_exclusion {
        say!(
            "{who}: MAPPA level lowered, the exclusion no longer applies{}",
            pending.context.rules.cite.paren(Rule::Exclusion)
        );
    }
    match checked.screening {
        Some(Screening::Intelligence) => say!(
            "{who}: supporting intelligence; full risk assessment by {} on {}",
            checked.by.as_deref().unwrap_or(""),
            opt_date(checked.on)
        ),
        Some(Screening::NoIntelligence) => say!(
            "{who}: no supporting intelligence: one to watch; referrer told on {}",
            opt_date(checked.referrer_informed_on)
        ),
        _ => {}
    }
    if !checked.note.as_deref().unwrap_or("").is_empty() && form.outcome.is_none() {
        say!("{who}: screening note recorded");
    }
    say!(
        "{}; status: {}",
        row.placement,
        row.status.replace('_', " ")
    );
    match (checked.screening, row.meeting) {
        (Some(Screening::Intelligence), Some(m)) => say!(
            "invite the referrer ({}) to present the case at the meeting on {}{}",
            row.referring_agency,
            fmt_date(m),
            pending.context.rules.cite.paren(Rule::Screening)
        ),
        (Some(Screening::NoIntelligence), Some(m)) => say!(
            "to be mentioned as one to watch at the meeting on {}",
            fmt_date(m)
        ),
        _ => {}
    }
    Ok(())
}

fn list(cli: &Cli, meeting: Option<NaiveDate>, all: bool, out: &super::out::TableOut) -> CliResult {
    let today = today()?;
    let (store, panel) = open_panel(cli, false)?;
    let mut rows = store.referral_rows(panel, today, all || meeting.is_some())?;
    if let Some(m) = meeting {
        rows.retain(|r| r.meeting == Some(m) || r.held_over_from == Some(m));
    }
    if out.json {
        return print_json("referrals", &rows);
    }
    if out.tabular() {
        let table = super::referral_file::list_table(&rows);
        return super::out::emit_table(&store, out, "Referrals", table);
    }
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.name.clone(),
                r.age.map_or(String::new(), |a| a.to_string()),
                r.referring_agency.clone(),
                fmt_date(r.date_received),
                if r.urgent {
                    "yes".into()
                } else {
                    String::new()
                },
                Screening::from_code(&r.screening)
                    .map_or(r.screening.clone(), |s| s.code().replace('_', " ")),
                r.status.replace('_', " "),
                r.placement.clone(),
            ]
        })
        .collect();
    put!(
        "{}",
        table(
            &[
                "ID",
                "NAME",
                "AGE",
                "FROM",
                "RECEIVED",
                "URGENT",
                "SCREENING",
                "STATUS",
                "PLACEMENT"
            ],
            &body
        )
    );
    if rows.is_empty() {
        say!("(none)");
    }
    Ok(())
}
