//! Actions: everything a key can do, by name. Keymaps bind keys to these names, `App::update`
//! carries them out, and the help overlay shows their descriptions — one list, so the three can
//! never disagree.

use serde::{Deserialize, Serialize};

use crate::ledger::Lang;

macro_rules! actions {
    ($($variant:ident = $name:literal, $zh:literal, $en:literal;)*) => {
        /// A named thing to do. The serde names are the names keymap files use.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Action {
            $(#[serde(rename = $name)] $variant,)*
            /// Text typed or pasted into the field being edited (not bindable: unbound printable
            /// keys and bracketed pastes become this in the modes that take text).
            #[serde(skip)]
            Insert(String),
        }

        impl Action {
            /// Every bindable action, in the order the help overlay lists them.
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The snake_case name used in keymap files.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                    Action::Insert(_) => "insert",
                }
            }

            /// One line saying what the action does, for the help overlay.
            pub fn describe(&self, lang: Lang) -> &'static str {
                match self {
                    $(Action::$variant => lang.pick($zh, $en),)*
                    Action::Insert(_) => lang.pick("输入文字", "Type text"),
                }
            }
        }
    };
}

actions! {
    Quit = "quit", "退出", "Leave taizhang";
    Help = "help", "显示/关闭按键帮助", "Show or close the keys of every screen";
    Down = "down", "下一项", "Next item";
    Up = "up", "上一项", "Previous item";
    PageDown = "page_down", "向下翻页", "One page down";
    PageUp = "page_up", "向上翻页", "One page up";
    First = "first", "第一项", "First item";
    Last = "last", "最后一项", "Last item";
    Open = "open", "全屏查看所选事项(再按返回)", "Show the selected case full-screen (again: back)";
    DetailDown = "detail_down", "详情向下滚动", "Scroll the detail pane down";
    DetailUp = "detail_up", "详情向上滚动", "Scroll the detail pane up";
    Filter = "filter", "筛选(每按一键即时筛选)", "Filter with a query (re-filters on every key)";
    ClearFilter = "clear_filter", "清除筛选", "Clear the filter";
    NextView = "next_view", "下一个视图标签", "Next view tab";
    PrevView = "prev_view", "上一个视图标签", "Previous view tab";
    SaveView = "save_view", "把当前查询存为命名视图", "Save the current query as a named view";
    DeleteView = "delete_view", "删除当前的自存视图", "Delete the current saved view";
    Sort = "sort", "切换排序:期限/优先级/更新/编号", "Sort by due, priority, updated, id (cycles)";
    ToggleMark = "toggle_mark", "标记/取消标记(批量操作)", "Mark or unmark the case (for bulk changes)";
    MarkAll = "mark_all", "标记列表中全部事项", "Mark every case shown";
    ClearMarks = "clear_marks", "取消全部标记", "Unmark every case";
    Move = "move", "转入下一状态(只列出允许的状态)", "Move to a next state (only the allowed ones)";
    Note = "note", "记录走访/电话/协调/约谈等", "Record a visit, call, coordination, meeting…";
    Assign = "assign", "指定责任人", "Assign to an officer";
    Tag = "tag", "添加或去掉标签", "Add or remove tags";
    Edit = "edit", "编辑字段", "Edit the case's fields";
    Create = "create", "登记新事项", "Register a new case";
    Extend = "extend", "延长期限(需写理由)", "Extend the deadline, with a reason";
    Pause = "pause", "暂停计时(需写理由)", "Pause the deadline clock, with a reason";
    Resume = "resume", "恢复计时", "Resume a paused deadline clock";
    Link = "link", "关联另一事项", "Link to another case";
    Command = "command", "输入命令(同命令行,如 move ID 状态)", "Type a command as on the command line";
    Undo = "undo", "撤销本次会话的上一个修改(记为新修改)", "Undo this session's last change (as a new change)";
    Refresh = "refresh", "立即重新读取台账", "Reload the ledger now";
    LoadDemo = "load_demo", "载入演示台账(仅空台账)", "Load the demo ledger (empty ledger only)";
    Dashboard = "dashboard", "报表总览(再按返回)", "Show the reports dashboard (again: back)";
    Messages = "messages", "消息记录:本次会话的全部提示(也可 :messages)", "The message log: every message of this session (also :messages)";
    Split = "split", "调整列表与详情的上下比例(循环)", "Change how the screen is split between list and detail (cycles)";
    Import = "import", "导入工作簿或CSV(输入文件路径)", "Import a workbook or CSV file (type its path)";
    NextSheet = "next_sheet", "导入:下一张表", "Import: next table";
    PrevSheet = "prev_sheet", "导入:上一张表", "Import: previous table";
    DryRun = "dry_run", "导入:试导入,列出全部问题(不写入)", "Import: dry run, every problem listed (nothing written)";
    RunImport = "run_import", "导入:全部导入(有问题则一行不导)", "Import: import all rows (none if any is wrong)";
    SaveMap = "save_map", "导入:保存列映射供下次使用", "Import: save the column map for next time";
    Confirm = "confirm", "确定:应用筛选/选中/提交/执行", "Accept: apply, choose, submit or run";
    Cancel = "cancel", "取消并返回", "Cancel and go back";
    NextField = "next_field", "下一个字段", "Next field";
    PrevField = "prev_field", "上一个字段", "Previous field";
    CursorLeft = "cursor_left", "光标左移(选项字段:上一个选项)", "Cursor left (on a choice: previous choice)";
    CursorRight = "cursor_right", "光标右移(选项字段:下一个选项)", "Cursor right (on a choice: next choice)";
    CursorHome = "cursor_home", "光标到行首", "Cursor to the start";
    CursorEnd = "cursor_end", "光标到行尾", "Cursor to the end";
    DeleteBack = "delete_back", "删除前一个字", "Delete the character before the cursor";
    DeleteForward = "delete_forward", "删除后一个字", "Delete the character under the cursor";
    DeleteWord = "delete_word", "删除前一个词", "Delete the word before the cursor";
    ClearLine = "clear_line", "清空输入", "Clear the input";
    NoOp = "no_op", "无操作(用于取消某键的绑定)", "Nothing (unbinds a key)";
}

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().find(|a| a.name() == name).cloned()
    }
}

/// The screens a keymap has a table for. Each takes its own set of actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Normal,
    Filter,
    Form,
    Picker,
    Confirm,
    Command,
    Help,
    Import,
}

const EDITING: &[Action] = &[
    Action::CursorLeft,
    Action::CursorRight,
    Action::CursorHome,
    Action::CursorEnd,
    Action::DeleteBack,
    Action::DeleteForward,
    Action::DeleteWord,
    Action::ClearLine,
];

impl Mode {
    pub const ALL: [Mode; 8] = [
        Mode::Normal,
        Mode::Filter,
        Mode::Form,
        Mode::Picker,
        Mode::Confirm,
        Mode::Command,
        Mode::Help,
        Mode::Import,
    ];

    /// The table name in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Filter => "filter",
            Mode::Form => "form",
            Mode::Picker => "picker",
            Mode::Confirm => "confirm",
            Mode::Command => "command",
            Mode::Help => "help",
            Mode::Import => "import",
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Mode::Normal => lang.pick("列表", "List"),
            Mode::Filter => lang.pick("筛选输入", "Filter input"),
            Mode::Form => lang.pick("表单", "Forms"),
            Mode::Picker => lang.pick("选择框", "Pickers"),
            Mode::Confirm => lang.pick("确认框", "Confirmations"),
            Mode::Command => lang.pick("命令行", "Command line"),
            Mode::Help => lang.pick("帮助", "Help"),
            Mode::Import => lang.pick("导入", "Import"),
        }
    }

    /// Whether unbound printable keys type text in this mode.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Filter | Mode::Form | Mode::Command)
    }

    /// Whether `action` does something in this mode (a keymap binding anything else is refused,
    /// so a key that seems bound never silently does nothing).
    pub fn allows(self, action: &Action) -> bool {
        use Action as A;
        if *action == A::NoOp {
            return true;
        }
        match self {
            Mode::Normal => {
                !matches!(
                    action,
                    A::Confirm
                        | A::Cancel
                        | A::NextField
                        | A::PrevField
                        | A::Insert(_)
                        | A::NextSheet
                        | A::PrevSheet
                        | A::DryRun
                        | A::RunImport
                        | A::SaveMap
                ) && !EDITING.contains(action)
            }
            Mode::Import => matches!(
                action,
                A::Confirm
                    | A::Cancel
                    | A::Down
                    | A::Up
                    | A::PageDown
                    | A::PageUp
                    | A::First
                    | A::Last
                    | A::NextSheet
                    | A::PrevSheet
                    | A::DryRun
                    | A::RunImport
                    | A::SaveMap
                    | A::Quit
                    | A::Help
            ),
            Mode::Filter | Mode::Command => {
                matches!(action, A::Confirm | A::Cancel | A::Quit) || EDITING.contains(action)
            }
            Mode::Form => {
                matches!(
                    action,
                    A::Confirm | A::Cancel | A::NextField | A::PrevField | A::Quit
                ) || EDITING.contains(action)
            }
            Mode::Picker | Mode::Help => matches!(
                action,
                A::Confirm
                    | A::Cancel
                    | A::Down
                    | A::Up
                    | A::PageDown
                    | A::PageUp
                    | A::First
                    | A::Last
                    | A::Quit
                    | A::Help
            ),
            Mode::Confirm => matches!(action, A::Confirm | A::Cancel | A::Quit),
        }
    }

    /// The actions the hint bar offers in this mode, most useful first.
    pub fn hints(self) -> &'static [Action] {
        use Action as A;
        match self {
            Mode::Normal => &[
                A::Down,
                A::Up,
                A::Filter,
                A::NextView,
                A::Move,
                A::Note,
                A::Create,
                A::ToggleMark,
                A::Command,
                A::Undo,
                A::Messages,
                A::Help,
                A::Quit,
            ],
            Mode::Filter | Mode::Command => &[A::Confirm, A::Cancel, A::ClearLine],
            Mode::Form => &[A::Confirm, A::NextField, A::PrevField, A::Cancel],
            Mode::Picker => &[A::Down, A::Up, A::Confirm, A::Cancel],
            Mode::Confirm => &[A::Confirm, A::Cancel],
            Mode::Help => &[A::Down, A::Up, A::Cancel],
            Mode::Import => &[
                A::Confirm,
                A::NextSheet,
                A::DryRun,
                A::RunImport,
                A::SaveMap,
                A::Cancel,
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_names_are_the_keymap_names() {
        for a in Action::ALL {
            let json = serde_json::to_string(a).expect("an action serialises");
            assert_eq!(json, format!("\"{}\"", a.name()));
            let back: Action = serde_json::from_str(&json).expect("and reads back");
            assert_eq!(&back, a);
            assert_eq!(Action::from_name(a.name()).as_ref(), Some(a));
            assert!(
                a.name().chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                a.name()
            );
            assert!(!a.describe(Lang::Zh).is_empty() && !a.describe(Lang::En).is_empty());
        }
        assert!(
            Action::from_name("insert").is_none(),
            "typed text is not bindable"
        );
    }

    #[test]
    fn every_action_does_something_somewhere() {
        for a in Action::ALL {
            assert!(
                Mode::ALL.iter().any(|m| m.allows(a)),
                "{} is allowed in no mode",
                a.name()
            );
        }
        for m in Mode::ALL {
            for h in m.hints() {
                assert!(m.allows(h), "hint {} in {}", h.name(), m.name());
            }
        }
    }
}
