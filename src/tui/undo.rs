//! Undo of this session's last change. History is never rewritten: undoing is a new change that
//! puts back what the last one changed (an edit back to the old value, an assignment back to the
//! old officer, a move back where the workflow allows it), refused when the case has changed
//! since. Notes, extensions and links are records of what happened and are not taken back.

use crate::ledger::{Change, Command, Kind, Lang, Outcome, Request};

/// The commands that reverse `outcomes` (newest change reversed first), or why they cannot be.
pub fn inverse(outcomes: &[Outcome], lang: Lang) -> Result<Vec<Request>, String> {
    let mut reqs = Vec::new();
    for out in outcomes.iter().rev() {
        if out.changes.is_empty() {
            continue;
        }
        let kind = Kind::from_code(out.id.split('-').next().unwrap_or(""));
        let mut cmds = Vec::new();
        let mut edits: Vec<(String, String)> = Vec::new();
        for change in out.changes.iter().rev() {
            match change {
                Change::Field { field, before, .. } => {
                    edits.push((
                        field.clone(),
                        before.as_ref().map(|v| v.raw()).unwrap_or_default(),
                    ));
                }
                Change::Assigned { before, .. } => cmds.push(Command::Assign {
                    id: out.id.clone(),
                    user: before.clone(),
                }),
                Change::State { from, to, .. } => {
                    let allowed = kind.is_some_and(|k| k.def().transition(to, from).is_some());
                    if !allowed {
                        let label = |s: &str| {
                            kind.and_then(|k| k.def().state(s).map(|st| st.label(lang).to_string()))
                                .unwrap_or_else(|| s.to_string())
                        };
                        return Err(match lang {
                            Lang::Zh => format!(
                                "{} 不能从「{}」退回「{}」(流程不允许);请按流程转入合适的状态",
                                out.id,
                                label(to),
                                label(from)
                            ),
                            Lang::En => format!(
                                "{} cannot go back from {} to {}: the workflow does not allow it; move it on to the right state instead",
                                out.id,
                                label(to),
                                label(from)
                            ),
                        });
                    }
                    cmds.push(Command::Move {
                        id: out.id.clone(),
                        to: from.clone(),
                        note: Some(
                            lang.pick("撤销上一次转移", "undo of the last move")
                                .to_string(),
                        ),
                        fields: Vec::new(),
                        urgent: None,
                    });
                }
                Change::Paused { .. } => cmds.push(Command::Resume { id: out.id.clone() }),
                Change::Resumed { .. } => cmds.push(Command::Pause {
                    id: out.id.clone(),
                    reason: lang.pick("撤销恢复计时", "undo of resume").to_string(),
                }),
                Change::Created { .. } => {
                    return Err(match lang {
                        Lang::Zh => {
                            format!("登记的事项不能撤销({});如系误登,请按流程办结并注明", out.id)
                        }
                        Lang::En => format!(
                            "registering {} cannot be undone; if it was a mistake, close it with a note saying so",
                            out.id
                        ),
                    });
                }
                Change::Note { .. }
                | Change::Extended { .. }
                | Change::Linked { .. }
                | Change::PiiViewed { .. } => {
                    return Err(match lang {
                        Lang::Zh => format!(
                            "{} 的{}是工作记录,不能撤销;如有误,请补记一条更正",
                            out.id,
                            what(change, lang)
                        ),
                        Lang::En => format!(
                            "the {} on {} is a record of work and cannot be undone; add a correcting note instead",
                            what(change, lang),
                            out.id
                        ),
                    });
                }
            }
        }
        // Field edits of one command go back together, after the state is back.
        if !edits.is_empty() {
            cmds.push(Command::Edit {
                id: out.id.clone(),
                fields: edits,
            });
        }
        // Only the first command checks the revision: the rest run in the same transaction,
        // so nobody can come between them.
        for (i, c) in cmds.into_iter().enumerate() {
            reqs.push(Request {
                command: c,
                expect_rev: (i == 0).then_some(out.rev),
                on: None,
                past: false,
            });
        }
    }
    if reqs.is_empty() {
        return Err(lang
            .pick(
                "上一个操作没有改变任何内容",
                "the last change changed nothing",
            )
            .into());
    }
    Ok(reqs)
}

fn what(change: &Change, lang: Lang) -> &'static str {
    match change {
        Change::Note { .. } => lang.pick("记录", "note"),
        Change::Extended { .. } => lang.pick("延期", "extension"),
        Change::Linked { .. } => lang.pick("关联", "link"),
        _ => lang.pick("记录", "record"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Value;

    #[test]
    fn edits_and_assignments_are_reversed_newest_first() {
        let out = Outcome {
            id: "XF-2026-0001".into(),
            rev: 5,
            changes: vec![
                Change::Assigned {
                    before: Some("li".into()),
                    after: Some("wang".into()),
                },
                Change::Field {
                    field: "people".into(),
                    before: Some(Value::Int(3)),
                    after: Some(Value::Int(5)),
                },
            ],
        };
        let reqs = inverse(&[out], Lang::En).unwrap();
        assert_eq!(reqs.len(), 2);
        assert_eq!(reqs[0].expect_rev, Some(5));
        assert_eq!(
            reqs[0].command,
            Command::Assign {
                id: "XF-2026-0001".into(),
                user: Some("li".into())
            }
        );
        assert_eq!(reqs[1].expect_rev, None);
        assert_eq!(
            reqs[1].command,
            Command::Edit {
                id: "XF-2026-0001".into(),
                fields: vec![("people".into(), "3".into())]
            }
        );
    }

    #[test]
    fn records_of_work_and_one_way_moves_are_refused_with_a_reason() {
        let note = Outcome {
            id: "XF-2026-0001".into(),
            rev: 2,
            changes: vec![Change::Note {
                note_type: crate::ledger::NoteType::Visit,
                text: "走访".into(),
                people: None,
                date: chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
                shared: None,
            }],
        };
        assert!(
            inverse(&[note], Lang::En)
                .unwrap_err()
                .contains("correcting note")
        );
        let closed = Outcome {
            id: "XF-2026-0001".into(),
            rev: 9,
            changes: vec![Change::State {
                from: "answered".into(),
                to: "closed".into(),
                note: None,
            }],
        };
        assert!(
            inverse(&[closed], Lang::En)
                .unwrap_err()
                .contains("cannot go back")
        );
    }
}
