//! Extend: the running deadline of one case, by days, with a reason.

use crate::ledger::{Command, Request};
use crate::tui::app::App;
use crate::tui::form::{Field, Form, Purpose, Spec, Target};

impl App {
    /// Start this operation from the list: its form (or picker) for the selected or marked
    /// cases, or a message saying why not.
    pub(crate) fn start_extend(&mut self) {
        let Some(t) = self.single_target() else {
            return;
        };
        let (limit, used_up) = self.extension_limit(&t.id);
        let mut days =
            Field::new("days", self.lang.pick("延长天数", "Days"), Spec::Days).required();
        if let Some(l) = &limit {
            days = days.hint(l);
        }
        let fields = vec![
            days,
            Field::new("reason", self.lang.pick("理由", "Reason"), Spec::Text).required(),
        ];
        let mut form = Form::new(
            self.lang.pick("延长期限", "Extend the deadline").into(),
            Purpose::Extend(t.clone()),
            fields,
        );
        form.subtitle = self.due_subtitle(&t.id);
        // Said before anything is typed: an extension the rule does not allow would be refused.
        form.error = used_up;
        self.open_form(form);
    }

    /// What the rule allows an extension of case `id`'s running deadline ("信访工作条例 第34条:
    /// 最多延长 30 天、1 次;已用 0 次"), and, when no extension is left, why.
    fn extension_limit(&self, id: &str) -> (Option<String>, Option<String>) {
        let l = self.lang;
        let Some(case) = self.row_by_id(id).map(|r| r.case.clone()) else {
            return (None, None);
        };
        let Some(clock) = &case.clock else {
            return (
                None,
                Some(
                    l.pick(
                        "这个事项现在没有在计的期限,无法延期",
                        "this case has no running deadline to extend",
                    )
                    .into(),
                ),
            );
        };
        let Some(rule) =
            crate::ledger::schema::schema().rule(&self.rule_set, case.kind, &clock.rule)
        else {
            return (None, None);
        };
        let left = rule.extension_max_days.saturating_sub(clock.extended_days);
        let hint = match l {
            crate::ledger::Lang::Zh => format!(
                "{}:最多延长 {} 天、{} 次;已延 {} 次,还可延 {left} 天",
                rule.basis, rule.extension_max_days, rule.extension_max_count, clock.extensions
            ),
            crate::ledger::Lang::En => format!(
                "{}: at most {} days, {} time(s); extended {} time(s), {left} days left",
                rule.basis, rule.extension_max_days, rule.extension_max_count, clock.extensions
            ),
        };
        let used_up = if rule.extension_max_count == 0 {
            Some(match l {
                crate::ledger::Lang::Zh => format!("{}不允许延期", rule.basis),
                crate::ledger::Lang::En => format!("{} allows no extension", rule.basis),
            })
        } else if clock.extensions >= rule.extension_max_count || left == 0 {
            Some(match l {
                crate::ledger::Lang::Zh => format!(
                    "已延期 {} 次,{}只允许 {} 次:不能再延",
                    clock.extensions, rule.basis, rule.extension_max_count
                ),
                crate::ledger::Lang::En => format!(
                    "already extended {} time(s); {} allows {}: no more",
                    clock.extensions, rule.basis, rule.extension_max_count
                ),
            })
        } else {
            None
        };
        (Some(hint), used_up)
    }

    /// The requests of a submitted extend form, and what to say when they are done (None: nothing
    /// to run, and the officer was told why).
    pub(crate) fn extend_requests(
        &mut self,
        form: &Form,
        t: &Target,
    ) -> Option<(Vec<Request>, String)> {
        let l = self.lang;
        let days = form.value("days").parse().unwrap_or(0);
        let cmd = Command::Extend {
            id: t.id.clone(),
            days,
            reason: form.value("reason"),
        };
        Some((
            vec![Request {
                command: cmd,
                expect_rev: Some(t.rev),
                on: None,
                past: false,
            }],
            format!("{} {}", t.id, l.pick("已延期", "extended")),
        ))
    }
}
