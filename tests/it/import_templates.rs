//! Workbooks laid out as common 台账 templates are, written in the office's own words: headers
//! such as 接件时间, 信访人姓名, 隐患部位, 整改责任人, 违建主体, 户主姓名; values such as 群众来访,
//! 重大隐患, 国有土地, 强拆, √; no title column; a merged title row, a two-row header, a totals
//! row, hidden rows and columns, two tables on one sheet, free-text progress columns. Built here
//! with rust_xlsxwriter and imported through the built binary.

use std::path::Path;

use crate::support::Sandbox;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use taizhang::ledger::event::Change;
use taizhang::ledger::model::Value;
use taizhang::ledger::{Calendar, Case, Kind, Ledger};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn text(c: &Case, k: &str) -> Option<String> {
    c.field(k).map(|v| match v {
        Value::Text(t) => t.clone(),
        v => format!("{v:?}"),
    })
}

/// Write `rows` from `first_row`: a cell starting with `#` is a number, `""` is left empty.
fn rows(ws: &mut Worksheet, first_row: u32, rows: &[&[&str]]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (first_row + r as u32, c as u16);
            if cell.is_empty() {
                continue;
            }
            match cell.strip_prefix('#') {
                Some(n) => ws.write_number(r, c, n.parse::<f64>().unwrap()).unwrap(),
                None => ws.write_string(r, c, *cell).unwrap(),
            };
        }
    }
}

/// The four sheets of the issue: 信访, 隐患排查整改台账, 拆违台账 and a 征地 sheet named only Sheet4.
fn office_templates(path: &Path) {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();

    // 信访: a merged title row, a blank row, then the header; no title column.
    let ws = wb.add_worksheet();
    ws.set_name("信访台账").unwrap();
    ws.merge_range(0, 0, 0, 9, "回隆乡2026年信访事项登记台账", &bold)
        .unwrap();
    rows(
        ws,
        2,
        &[
            &[
                "序号",
                "接件时间",
                "信访类型",
                "信访人姓名",
                "联系电话",
                "信访内容",
                "案件地点",
                "重复访",
                "集体访",
                "办理情况",
            ],
            &[
                "#1",
                "2026-05-06",
                "群众来访",
                "张三",
                "13812345678",
                "反映拖欠工程款",
                "联合村",
                "√",
                "否",
                "已转乡劳动保障所调查",
            ],
            &[
                "#2",
                "2026/5/8",
                "来信",
                "李四",
                "",
                "反映道路噪音",
                "",
                "×",
                "是",
                "",
            ],
            &[
                "#3",
                "2026年5月9日",
                "电话来访",
                "王五",
                "",
                "企业排污",
                "",
                "是",
                "",
                "",
            ],
            &[
                "#4",
                "2026.5.10",
                "12345市民热线",
                "赵六",
                "",
                "路灯不亮",
                "",
                "否",
                "",
                "",
            ],
            &[
                "#5",
                "20260511",
                "网上信访",
                "钱七",
                "",
                "噪音扰民",
                "",
                "",
                "",
                "",
            ],
        ],
    );

    // 隐患排查整改台账: two tables (一般 and 重大), a hidden column and a hidden row, a totals
    // row, the 六定 of a rectification, 整改情况 as state words or free text.
    let ws = wb.add_worksheet();
    ws.set_name("隐患排查整改台账").unwrap();
    let header: &[&str] = &[
        "序号",
        "排查时间",
        "企业名称",
        "隐患部位",
        "隐患描述",
        "隐患等级",
        "整改措施",
        "整改资金(万元)",
        "整改期限",
        "整改责任人",
        "复查人",
        "内部代码",
        "整改情况",
    ];
    ws.write_string(0, 0, "一、一般隐患").unwrap();
    rows(
        ws,
        1,
        &[
            header,
            &[
                "#1",
                "2026-04-01",
                "德乐公司",
                "配电房",
                "电缆桥架未封堵",
                "一般隐患",
                "封堵桥架",
                "#0.5",
                "2026-04-30",
                "周一",
                "吴二",
                "x-1",
                "整改中",
            ],
            &[
                "#2",
                "2026-04-02",
                "鑫源厂",
                "仓库",
                "消防通道堆物",
                "一般",
                "清理通道",
                "",
                "2026-04-10",
                "郑三",
                "",
                "x-2",
                "未整改",
            ],
            &[
                "这行是内部备注",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &["合  计", "", "", "", "", "", "", "#0.5", "", "", "", "", ""],
        ],
    );
    ws.set_row_hidden(4).unwrap();
    ws.write_string(7, 0, "二、重大隐患").unwrap();
    rows(
        ws,
        8,
        &[
            header,
            &[
                "#1",
                "2026-04-03",
                "华泰化工",
                "储罐区",
                "可燃气体报警器失效",
                "重大隐患",
                "更换报警器",
                "#2",
                "2026-05-01",
                "冯四",
                "陈五",
                "x-3",
                "已督促企业落实整改",
            ],
        ],
    );
    ws.set_column_hidden(11).unwrap();

    // 拆违台账: owner, place, ownership, area, method.
    let ws = wb.add_worksheet();
    ws.set_name("拆违台账").unwrap();
    rows(
        ws,
        0,
        &[
            &[
                "序号",
                "违建位置",
                "违建主体",
                "土地性质",
                "违建面积(㎡)",
                "发现时间",
                "拆除方式",
                "已拆面积",
                "状态",
            ],
            &[
                "#1",
                "工业园三路",
                "某厂",
                "国有土地",
                "#120",
                "2026-03-01",
                "强拆",
                "#120",
                "已拆除",
            ],
            &[
                "#2",
                "联合村五组",
                "刘某",
                "集体",
                "#45.5",
                "2026-03-05",
                "自拆",
                "#45.5",
                "已拆除",
            ],
            &[
                "#3",
                "联合村六组",
                "孙某",
                "集体土地",
                "#30",
                "2026-03-06",
                "",
                "",
                "",
            ],
        ],
    );

    // 征地 on a sheet called Sheet4: the headers say the kind. A two-row header: 补偿金额(元)
    // merged over 应补 and 已付; the other upper cells merged down over two rows.
    let ws = wb.add_worksheet();
    ws.set_name("Sheet4").unwrap();
    for (c, h) in [
        "序号",
        "项目名称",
        "户主姓名",
        "地块号",
        "土地性质",
        "面积(亩)",
    ]
    .iter()
    .enumerate()
    {
        ws.merge_range(0, c as u16, 1, c as u16, h, &bold).unwrap();
    }
    ws.merge_range(0, 6, 0, 7, "补偿金额(元)", &bold).unwrap();
    ws.write_string(1, 6, "应补").unwrap();
    ws.write_string(1, 7, "已付").unwrap();
    ws.merge_range(0, 8, 1, 8, "签约情况", &bold).unwrap();
    ws.merge_range(0, 9, 1, 9, "僵持原因", &bold).unwrap();
    rows(
        ws,
        2,
        &[
            &[
                "#1",
                "产业园二期",
                "周大",
                "DK-07",
                "集体土地",
                "#2.5",
                "#120000",
                "#0",
                "已签",
                "",
            ],
            &[
                "#2",
                "产业园二期",
                "吴二",
                "DK-08",
                "集体",
                "#1.2",
                "#57600",
                "",
                "未签",
                "嫌补偿低",
            ],
            &["合计", "", "", "", "", "#3.7", "#177600", "#0", "", ""],
        ],
    );
    wb.save(path).unwrap();
}

fn find<'a>(cases: &'a [Case], kind: Kind, title_has: &str) -> &'a Case {
    cases
        .iter()
        .find(|c| c.kind == kind && c.title.contains(title_has))
        .unwrap_or_else(|| {
            panic!(
                "no {kind:?} case titled with {title_has}: {:?}",
                cases.iter().map(|c| &c.title).collect::<Vec<_>>()
            )
        })
}

fn notes(l: &Ledger, id: &str) -> Vec<(NaiveDate, String)> {
    l.history(id)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.change {
            Change::Note { text, date, .. } => Some((date, text)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_office_s_own_templates_import_whole_with_the_right_fields() {
    let s = Sandbox::new();
    let file = s.dir.path().join("2026年台账.xlsx");
    office_templates(&file);
    let out = s.run(&["import", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("13 new, 0 updated, 0 unchanged, 2 total row(s) skipped"),
        "{stdout}"
    );
    assert!(
        stderr.contains("hidden row(s) 5 skipped") && stderr.contains("hidden column(s) L skipped"),
        "{stderr}"
    );
    let l = Ledger::open(&s.db(), Calendar::none()).unwrap();
    let cases = l.cases().unwrap();
    assert_eq!(cases.len(), 13);

    // 信访: titles made from 信访人 + 信访内容, every channel word, 是/否/√/×, progress as a note.
    let a = find(&cases, Kind::Petition, "张三");
    assert_eq!(a.title, "张三 反映拖欠工程款");
    assert_eq!(a.opened, d(2026, 5, 6));
    assert_eq!(text(a, "channel").as_deref(), Some("visit"));
    assert_eq!(text(a, "demands").as_deref(), Some("反映拖欠工程款"));
    assert_eq!(a.location, "联合村");
    assert_eq!(a.field("repeat"), Some(&Value::Bool(true)), "√");
    assert_eq!(a.field("collective"), Some(&Value::Bool(false)), "否");
    assert_eq!(
        notes(&l, &a.id),
        vec![(d(2026, 5, 6), "办理情况:已转乡劳动保障所调查".to_string())],
        "the progress is a note dated with the row"
    );
    let b = find(&cases, Kind::Petition, "李四");
    assert_eq!(text(b, "channel").as_deref(), Some("letter"));
    assert_eq!(b.field("repeat"), Some(&Value::Bool(false)), "×");
    assert_eq!(b.field("collective"), Some(&Value::Bool(true)), "是");
    assert!(notes(&l, &b.id).is_empty());
    for (who, channel) in [("王五", "call"), ("赵六", "hotline"), ("钱七", "online")] {
        let c = find(&cases, Kind::Petition, who);
        assert_eq!(text(c, "channel").as_deref(), Some(channel), "{who}");
    }
    assert_eq!(find(&cases, Kind::Petition, "王五").opened, d(2026, 5, 9));

    // 隐患: both tables, titles from 企业 + 部位 + 描述, grades, the measures, 整改情况 words.
    let h1 = find(&cases, Kind::Hazard, "德乐公司");
    assert_eq!(h1.title, "德乐公司 配电房 电缆桥架未封堵");
    assert_eq!(h1.location, "配电房");
    assert_eq!(h1.description, "电缆桥架未封堵");
    assert_eq!(text(h1, "grade").as_deref(), Some("general"));
    assert_eq!(text(h1, "measures").as_deref(), Some("封堵桥架"));
    assert_eq!(
        h1.field("funds"),
        Some(&Value::Dec(dec("5000"))),
        "0.5 万元"
    );
    assert_eq!(text(h1, "responsible").as_deref(), Some("周一"));
    assert_eq!(text(h1, "inspector").as_deref(), Some("吴二"));
    assert_eq!(h1.state, "rectifying", "整改中");
    assert_eq!(h1.field("rectify_by"), Some(&Value::Date(d(2026, 4, 30))));
    let h2 = find(&cases, Kind::Hazard, "鑫源厂");
    assert_eq!(h2.state, "found", "未整改");
    let h3 = find(&cases, Kind::Hazard, "华泰化工");
    assert_eq!(
        text(h3, "grade").as_deref(),
        Some("major"),
        "the second table"
    );
    assert_eq!(h3.state, "found");
    assert_eq!(
        notes(&l, &h3.id),
        vec![(d(2026, 4, 3), "整改情况:已督促企业落实整改".to_string())]
    );
    assert!(
        cases.iter().all(|c| !c.title.contains("内部备注")),
        "the hidden row is not read"
    );

    // 违建: owner, ownership, area, methods, state.
    let w1 = find(&cases, Kind::Demolition, "某厂");
    assert_eq!(w1.title, "某厂 工业园三路 120平方米");
    assert_eq!(text(w1, "owner").as_deref(), Some("某厂"));
    assert_eq!(text(w1, "land_ownership").as_deref(), Some("state"));
    assert_eq!(text(w1, "method").as_deref(), Some("enforced"));
    assert_eq!(w1.state, "demolished");
    assert_eq!(w1.opened, d(2026, 3, 1));
    let w2 = find(&cases, Kind::Demolition, "刘某");
    assert_eq!(text(w2, "method").as_deref(), Some("self"));
    assert_eq!(text(w2, "land_ownership").as_deref(), Some("collective"));
    assert_eq!(w2.field("area_m2"), Some(&Value::Dec(dec("45.5"))));
    let w3 = find(&cases, Kind::Demolition, "孙某");
    assert_eq!(text(w3, "land_ownership").as_deref(), Some("collective"));
    assert_eq!(w3.state, "found");

    // 征地: the kind from the headers, the two-row header, 已签/未签, the holdout reason.
    let z1 = find(&cases, Kind::Land, "周大");
    assert_eq!(z1.title, "产业园二期 周大");
    assert_eq!(text(z1, "parcel").as_deref(), Some("DK-07"));
    assert_eq!(text(z1, "land_ownership").as_deref(), Some("collective"));
    assert_eq!(
        z1.field("compensation_due"),
        Some(&Value::Dec(dec("120000")))
    );
    assert_eq!(z1.field("compensation_paid"), Some(&Value::Dec(dec("0"))));
    assert_eq!(z1.state, "signed", "已签");
    let z2 = find(&cases, Kind::Land, "吴二");
    assert_eq!(z2.state, "holdout", "未签");
    assert_eq!(
        text(z2, "holdout_reason").as_deref(),
        Some("standard_dispute")
    );
    assert_eq!(z2.field("area_mu"), Some(&Value::Dec(dec("1.2"))));
}

/// A petition sheet with one header only resembling a field, one meaning nothing, and one that
/// could be either of two fields.
fn doubtful_headers(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("信访").unwrap();
    rows(
        ws,
        0,
        &[
            &["接件时间", "来访人姓名", "信访内容", "诉求概要", "天气"],
            &[
                "2026-05-06",
                "张三",
                "反映拖欠工程款",
                "工程款三万元未付",
                "晴",
            ],
        ],
    );
    wb.save(path).unwrap();
}

#[test]
fn unsure_headers_are_problems_to_confirm_and_the_suggested_map_settles_them() {
    let s = Sandbox::new();
    let file = s.dir.path().join("来访.xlsx");
    doubtful_headers(&file);
    let f = file.to_str().unwrap();

    // Refused whole: the guess is a problem to confirm, the unknown header names the remedy.
    let err = refused(&s, &["import", f]);
    assert!(
        err.contains("D (诉求概要)")
            && err.contains("only resembles demands (confidence 50%)")
            && err.contains("E (天气)")
            && err.contains("--suggest-map"),
        "{err}"
    );
    assert!(
        !err.contains("(来访人姓名)") && !err.contains("(接件时间)"),
        "{err}"
    );
    let l = Ledger::open(&s.db(), Calendar::none()).unwrap();
    assert_eq!(l.count().unwrap(), 0);
    drop(l);

    // The proposed map: sure columns as lines, the rest commented out with the candidates.
    let out = s.ok(&["import", f, "--suggest-map"]);
    let map = s.dir.path().join("来访.map.toml");
    assert!(
        out.contains("来访.map.toml") && out.contains("2 column(s) to confirm"),
        "{out}"
    );
    let text = std::fs::read_to_string(&map).unwrap();
    assert!(text.contains("kind = \"petition\""), "{text}");
    assert!(
        text.contains("\"接件时间\" = \"opened\"   # column A → 登记日期, 100%"),
        "{text}"
    );
    assert!(
        text.contains("\"来访人姓名\" = \"petitioners\"   # column B → 信访人, 80%"),
        "{text}"
    );
    assert!(
        text.contains("# \"诉求概要\" = \"demands\"   # CONFIRM column D: only 50% sure"),
        "{text}"
    );
    assert!(
        text.contains("# \"天气\" = \"ignore\"   # NO MATCH column E"),
        "{text}"
    );
    // A second run does not overwrite a map the user may have corrected.
    let again = s.fails(&["import", f, "--suggest-map"]);
    assert!(again.contains("already exists"), "{again}");

    // Passed back as it is, the unconfirmed columns are still refused: nothing is guessed.
    let m = map.to_str().unwrap();
    let err = refused(&s, &["import", f, "--map", m]);
    assert!(
        err.contains("(诉求概要)") && err.contains("(天气)"),
        "{err}"
    );

    // Corrected (the summary is the description; the weather is not wanted), it imports whole.
    let corrected = text
        .replace(
            "# \"诉求概要\" = \"demands\"",
            "\"诉求概要\" = \"description\"",
        )
        .replace("# \"天气\" = \"ignore\"", "\"天气\" = \"ignore\"");
    std::fs::write(&map, corrected).unwrap();
    let out = s.ok(&["import", f, "--map", m]);
    assert!(out.contains("1 new"), "{out}");
    let l = Ledger::open(&s.db(), Calendar::none()).unwrap();
    let c = &l.cases().unwrap()[0];
    assert_eq!(c.title, "张三 反映拖欠工程款");
    assert_eq!(c.description, "工程款三万元未付");
    assert_eq!(text_of(c, "petitioners"), "[\"张三\"]");
}

fn text_of(c: &Case, k: &str) -> String {
    match c.field(k) {
        Some(Value::List(v)) => format!("{v:?}"),
        Some(v) => format!("{v:?}"),
        None => String::new(),
    }
}

#[test]
fn a_header_that_could_be_two_fields_names_both() {
    let s = Sandbox::new();
    let file = s.dir.path().join("欠薪.csv");
    // 人数及金额 holds both 人数 (workers) and 金额 (amount_claimed).
    crate::support::write_file(&file, "企业,人数及金额,登记日期\n德乐公司,12,2026-04-01\n");
    let err = refused(&s, &["import", file.to_str().unwrap()]);
    assert!(
        err.contains("B (人数及金额)")
            && err.contains("could mean any of amount_claimed, workers")
            && err.contains("--map"),
        "{err}"
    );
}

/// The problem report of a refused import (several lines, exit 1).
fn refused(s: &Sandbox, args: &[&str]) -> String {
    let out = s.run(args);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}
