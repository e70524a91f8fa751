//! Excel workbooks as offices keep them: Chinese headers, a title row above the header, dates
//! typed every which way and real Excel date cells, units in headers, a totals row, a sheet per
//! kind. Made here with rust_xlsxwriter and imported through the built binary.

use std::path::Path;

use crate::support::Sandbox;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use taizhang::ledger::model::Value;
use taizhang::ledger::{Calendar, Case, Kind, Ledger};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A cell: text, a number, or a real Excel date.
enum C<'a> {
    S(&'a str),
    N(f64),
    D(u16, u8, u8),
    E,
}

fn write_rows(ws: &mut Worksheet, first_row: u32, rows: &[Vec<C>]) {
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    for (r, row) in rows.iter().enumerate() {
        let r = first_row + r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                C::S(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                C::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                C::D(y, m, day) => {
                    ws.write_datetime_with_format(
                        r,
                        c,
                        ExcelDateTime::from_ymd(*y, *m, *day).unwrap(),
                        &date,
                    )
                    .unwrap();
                }
                C::E => {}
            }
        }
    }
}

fn headers(h: &[&str]) -> Vec<C<'static>> {
    h.iter()
        .map(|s| C::S(Box::leak(s.to_string().into_boxed_str())))
        .collect()
}

/// The office's workbook: petitions under a merged title row, labour disputes with amounts in
/// 万元 and a totals row, an illegal structure measured in 亩.
fn office_workbook(path: &Path) {
    use C::*;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("信访").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        11,
        "2026年回隆乡信访台账",
        &Format::new().set_bold(),
    )
    .unwrap();
    let mut rows = vec![headers(&[
        "序号",
        "编号",
        "标题",
        "信访人",
        "联系电话",
        "渠道",
        "人数",
        "登记日期",
        "状态",
        "满意度",
        "办结日期",
        "责任人",
    ])];
    rows.push(vec![
        N(1.0),
        S("XF-031"),
        S("联合村村民反映征地补偿"),
        S("张三、李四"),
        N(13812345678.0),
        S("来访"),
        N(150.0),
        D(2026, 5, 23),
        S("受理"),
        E,
        E,
        S("wang"),
    ]);
    rows.push(vec![
        N(2.0),
        S("XF-032"),
        S("回隆乡道路噪音"),
        S("王五"),
        E,
        S("来信"),
        N(1.0),
        S("2026/6/1"),
        S("已办结"),
        S("满意"),
        S("2026年7月10日"),
        S("li"),
    ]);
    rows.push(vec![
        N(3.0),
        S("XF-033"),
        S("企业排污投诉"),
        S("赵六"),
        E,
        S("网上"),
        N(2.0),
        N(46165.0),
        S("登记"),
        E,
        E,
        E,
    ]);
    write_rows(ws, 1, &rows);

    let ws = wb.add_worksheet();
    ws.set_name("劳资纠纷").unwrap();
    let rows = vec![
        headers(&[
            "标题",
            "企业",
            "类型",
            "涉及人数",
            "金额(万元)",
            "登记日期",
            "状态",
            "仲裁案号",
        ]),
        vec![
            S("德乐公司拖欠工资"),
            S("德乐公司"),
            S("欠薪"),
            N(12.0),
            N(12.6),
            S("2026.5.23"),
            S("仲裁"),
            S("勐劳仲案〔2026〕12号"),
        ],
        vec![
            S("鑫源厂工伤"),
            S("鑫源厂"),
            S("工伤"),
            N(1.0),
            S("3,000元"),
            S("20260601"),
            E,
            E,
        ],
        vec![S("合计"), E, E, N(13.0), N(12.9), E, E, E],
    ];
    write_rows(ws, 0, &rows);

    let ws = wb.add_worksheet();
    ws.set_name("违建拆除台账").unwrap();
    let rows = vec![
        headers(&["标题", "所有人", "面积(亩)", "土地权属", "登记日期"]),
        vec![
            S("某厂违建钢棚"),
            S("某厂"),
            N(1.5),
            S("国有"),
            D(2026, 3, 1),
        ],
    ];
    write_rows(ws, 0, &rows);
    wb.save(path).unwrap();
}

fn by_title<'a>(cases: &'a [Case], title: &str) -> &'a Case {
    cases
        .iter()
        .find(|c| c.title == title)
        .unwrap_or_else(|| panic!("no case {title}"))
}

#[test]
fn an_office_workbook_is_imported_with_its_dates_units_and_states() {
    let s = Sandbox::new();
    let file = s.dir.path().join("台账.xlsx");
    office_workbook(&file);
    let out = s.ok(&["import", file.to_str().unwrap()]);
    assert!(
        out.contains("6 new, 0 updated, 0 unchanged, 1 total row(s) skipped"),
        "{out}"
    );

    let ledger = Ledger::open(&s.db(), Calendar::none()).unwrap();
    let cases = ledger.cases().unwrap();
    assert_eq!(cases.len(), 6);

    let a = by_title(&cases, "联合村村民反映征地补偿");
    assert_eq!(a.kind, Kind::Petition);
    assert_eq!(a.opened, d(2026, 5, 23), "a real Excel date cell");
    assert_eq!(a.state, "accepted");
    assert_eq!(a.assignee.as_deref(), Some("wang"));
    assert_eq!(
        a.field("phone"),
        Some(&Value::Text("13812345678".into())),
        "a phone typed as a number"
    );
    assert_eq!(a.field("people"), Some(&Value::Int(150)));
    assert_eq!(a.field("channel"), Some(&Value::Text("visit".into())));
    assert_eq!(
        a.field("petitioners"),
        Some(&Value::List(vec!["张三".into(), "李四".into()]))
    );
    assert_eq!(
        a.source.as_deref(),
        Some("petition:XF-031"),
        "the office's 编号 is the stable key"
    );
    assert!(a.id.starts_with("XF-2026-"));

    let b = by_title(&cases, "回隆乡道路噪音");
    assert_eq!(b.opened, d(2026, 6, 1), "2026/6/1");
    assert_eq!(b.state, "closed", "已办结 is 办结");
    assert_eq!(b.closed, Some(d(2026, 7, 10)), "2026年7月10日");
    assert_eq!(
        b.field("satisfaction"),
        Some(&Value::Text("satisfied".into()))
    );
    let hist = ledger.history(&b.id).unwrap();
    let moves: Vec<String> = hist
        .iter()
        .filter(|e| e.change.key() == "state")
        .map(|e| format!("{:?}", e.change))
        .collect();
    assert!(
        moves.len() >= 2 && moves.iter().all(|m| m.contains("imported as closed")),
        "{moves:?}"
    );
    assert_eq!(
        ledger.check().unwrap(),
        Vec::<String>::new(),
        "the moves follow the workflow"
    );

    assert_eq!(
        by_title(&cases, "企业排污投诉").opened,
        d(2026, 5, 23),
        "an Excel serial number typed into a date column"
    );

    let l = by_title(&cases, "德乐公司拖欠工资");
    assert_eq!(l.kind, Kind::Labour);
    assert_eq!(
        l.field("subtype"),
        Some(&Value::Text("wage".into())),
        "类型 in a labour sheet is the subtype"
    );
    assert_eq!(
        l.dec("amount_claimed"),
        dec("126000"),
        "12.6 in a 金额(万元) column"
    );
    assert_eq!(l.opened, d(2026, 5, 23), "2026.5.23");
    assert_eq!(l.state, "arbitration");
    let w = by_title(&cases, "鑫源厂工伤");
    assert_eq!(
        w.dec("amount_claimed"),
        dec("3000"),
        "a cell with its own unit keeps it"
    );
    assert_eq!(w.opened, d(2026, 6, 1), "20260601");
    assert!(
        w.source
            .as_deref()
            .is_some_and(|s| s.ends_with("台账.xlsx#劳资纠纷!3")),
        "{:?}",
        w.source
    );

    let c = by_title(&cases, "某厂违建钢棚");
    assert_eq!(
        c.kind,
        Kind::Demolition,
        "the sheet name 违建拆除台账 names the kind"
    );
    assert_eq!(c.dec("area_m2"), dec("1000"), "1.5 亩 is exactly 1000 m²");
    assert_eq!(
        c.field("land_ownership"),
        Some(&Value::Text("state".into()))
    );

    // Importing the same workbook again finds every case and changes nothing.
    let version = ledger.version().unwrap();
    drop(ledger);
    let out = s.ok(&["import", file.to_str().unwrap()]);
    assert!(out.contains("0 new, 0 updated, 6 unchanged"), "{out}");
    let ledger = Ledger::open(&s.db(), Calendar::none()).unwrap();
    assert_eq!(
        ledger.version().unwrap(),
        version,
        "an unchanged import writes nothing"
    );
}

/// The same workbook with the mistakes people make: an impossible date, a mistyped amount, a
/// state the workflow does not have, a closed petition without its satisfaction, a column nobody
/// defined, a sheet that does not say what it holds.
fn workbook_with_mistakes(path: &Path) {
    use C::*;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("信访").unwrap();
    let rows = vec![
        headers(&[
            "编号",
            "标题",
            "渠道",
            "登记日期",
            "状态",
            "办结日期",
            "天气",
        ]),
        vec![
            S("XF-041"),
            S("联合村上访"),
            S("来访"),
            S("2026-02-30"),
            S("受理"),
            E,
            E,
        ],
        vec![
            S("XF-042"),
            S("噪音投诉"),
            S("电报"),
            D(2026, 4, 1),
            S("办结"),
            S("2026-05-01"),
            S("晴"),
        ],
        vec![
            S("XF-043"),
            S("排污投诉"),
            S("网上"),
            S("2026/4/2"),
            S("结束了"),
            E,
            E,
        ],
    ];
    write_rows(ws, 0, &rows);
    let ws = wb.add_worksheet();
    ws.set_name("劳资纠纷").unwrap();
    let rows = vec![
        headers(&["标题", "企业", "金额(元)", "登记日期"]),
        vec![
            S("德乐公司拖欠工资"),
            S("德乐公司"),
            S("1.2.3"),
            S("2026-05-23"),
        ],
        vec![E, S("鑫源厂"), S("-500"), S("2026-05-24")],
    ];
    write_rows(ws, 0, &rows);
    let ws = wb.add_worksheet();
    ws.set_name("Sheet3").unwrap();
    write_rows(
        ws,
        0,
        &[headers(&["标题", "地点"]), vec![S("无名"), S("园区")]],
    );
    wb.save(path).unwrap();
}

#[test]
fn a_workbook_with_mistakes_imports_nothing_and_reports_every_one_where_it_is() {
    let s = Sandbox::new();
    s.ok(&["add", "petition", "--title", "已有的案件"]);
    let before = s.snapshot();
    let file = s.dir.path().join("有错的台账.xlsx");
    workbook_with_mistakes(&file);
    if let Some(keep) = std::env::var_os("TAIZHANG_KEEP_SAMPLE") {
        std::fs::copy(&file, keep).unwrap();
    }
    let out = s.run(&["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stderr).unwrap();
    println!("{report}");
    let lines: Vec<&str> = report.lines().collect();
    let expect = [
        "sheet 信访, row 2, column D (登记日期), value \"2026-02-30\": not a real date",
        "sheet 信访, row 3, column C (渠道), value \"电报\": invalid 渠道 (channel) — fix: use one of letter (来信)",
        "sheet 信访, row 3, column E (状态), value \"办结\": a case in state 办结 (closed) needs 满意度 (satisfaction) — fix: fill the 满意度 (satisfaction) column(s)",
        "sheet 信访, row 1, column G (天气), value \"天气\": no field of 信访 has this header",
        "sheet 信访, row 4, column E (状态), value \"结束了\": 信访 has no such state — fix: use one of 登记 (registered)",
        "sheet 劳资纠纷, row 2, column C (金额(元)), value \"1.2.3\": invalid 诉求金额(元) (amount_claimed)",
        "sheet 劳资纠纷, row 3, column A (标题): the title is missing",
        "sheet 劳资纠纷, row 3, column C (金额(元)), value \"-500\": invalid 诉求金额(元) (amount_claimed) — fix: amounts and areas cannot be negative",
        "sheet Sheet3, row 1: the kind of the cases is not known — fix: name the sheet or file after the kind",
    ];
    for e in expect {
        assert!(
            lines.iter().any(|l| l.contains(e)),
            "missing {e:?} in\n{report}"
        );
    }
    assert!(
        lines
            .iter()
            .all(|l| l.contains("有错的台账.xlsx: ") || l.starts_with("nothing imported")),
        "{report}"
    );
    assert!(
        report.contains("nothing imported: 9 problem(s)"),
        "{report}"
    );
    assert_eq!(s.snapshot(), before, "nothing was written");
}
