//! Tables for the documents an office sends upward: CSV and Markdown a table per kind, a workbook
//! with real dates and numbers and a summary sheet; and an exported table imports back as the
//! same cases.

use crate::support::Sandbox;
use calamine::{Data, Reader};

fn setup(s: &Sandbox) {
    s.ok(&[
        "add",
        "labour",
        "--title",
        "德乐公司欠薪",
        "-f",
        "employer=德乐公司",
        "-f",
        "amount_claimed=126,000.50",
        "-f",
        "phone=13812345678",
        "-f",
        "opened=2026-05-23",
    ]);
    s.ok(&[
        "add",
        "labour",
        "--title",
        "鑫源厂|工伤",
        "-f",
        "subtype=工伤",
    ]);
    s.ok(&[
        "add",
        "land",
        "--title",
        "张三户",
        "-f",
        "area_mu=54.8375",
        "-f",
        "household_head=张三",
    ]);
    let id = s.ok(&[
        "add",
        "hazard",
        "--title",
        "粉尘",
        "-f",
        "responsible=李四",
        "--assignee",
        "wang",
    ]);
    s.ok(&[
        "move",
        id.trim(),
        "notified",
        "-f",
        "grade=一般",
        "-f",
        "rectify_by=2026-12-01",
    ]);
}

#[test]
fn a_workbook_has_a_sheet_per_kind_with_real_dates_and_numbers_and_a_summary() {
    let s = Sandbox::new();
    setup(&s);
    let path = s.dir.path().join("台账.xlsx");
    let err = s.fails(&["export", "--format", "xlsx"]);
    assert!(err.contains("--output"), "{err}");
    s.ok(&["--lang", "zh", "export", "--output", path.to_str().unwrap()]);
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["汇总", "劳资纠纷", "征地补偿", "安全隐患"]
    );
    let labour = wb.worksheet_range("劳资纠纷").unwrap();
    let header: Vec<String> = labour
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} in {header:?}"))
    };
    let row = labour
        .rows()
        .find(|r| r[col("标题")] == "德乐公司欠薪")
        .unwrap();
    assert_eq!(
        row[col("诉求金额(元)")],
        Data::Float(126000.5),
        "an amount is a number"
    );
    match &row[col("登记日期")] {
        Data::DateTime(d) => assert_eq!(d.as_datetime().unwrap().date().to_string(), "2026-05-23"),
        other => panic!("a date is an Excel date, not {other:?}"),
    }
    assert_eq!(
        row[col("联系电话")].to_string(),
        "138******78",
        "masked without --with-pii"
    );
    let hazard = wb.worksheet_range("安全隐患").unwrap();
    let header: Vec<String> = hazard
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        header.contains(&"责任人(assignee)".to_string()) && header.contains(&"责任人".to_string()),
        "{header:?}"
    );
    let land = wb.worksheet_range("征地补偿").unwrap();
    let area = land
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .find(|c| matches!(c, Data::Float(_)))
        .cloned();
    assert_eq!(area, Some(Data::Float(54.8375)));
    let summary = wb.worksheet_range("汇总").unwrap();
    let lines: Vec<String> = summary
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    assert!(
        lines.contains(&"劳资纠纷/登记/2".to_string())
            && lines.contains(&"劳资纠纷/合计/2".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"安全隐患/整改通知/1".to_string()),
        "{lines:?}"
    );
}

#[test]
fn csv_and_markdown_give_a_table_per_kind_and_csv_imports_back_unchanged() {
    let s = Sandbox::new();
    setup(&s);
    let md = s.ok(&["--lang", "zh", "export", "kind:labour", "--format", "md"]);
    assert!(md.starts_with("## 劳资纠纷 (2 件)"), "{md}");
    assert!(
        md.contains("鑫源厂\\|工伤"),
        "a | in a cell is escaped: {md}"
    );
    assert!(
        !md.contains("征地补偿"),
        "the query selects the cases: {md}"
    );

    s.ok(&[
        "add",
        "petition",
        "--title",
        "=HYPERLINK(\"http://evil\",\"点我\")",
    ]);
    let out = s.dir.path().join("导出.csv");
    s.ok(&[
        "--lang",
        "zh",
        "export",
        "--format",
        "csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    let labour = s.dir.path().join("导出-labour.csv");
    let text = std::fs::read_to_string(&labour).unwrap();
    assert!(
        text.starts_with('\u{feff}'),
        "a BOM so Excel reads the Chinese"
    );
    assert!(
        text.contains("126000.50") && text.contains("2026-05-23"),
        "{text}"
    );
    let petition = std::fs::read_to_string(s.dir.path().join("导出-petition.csv")).unwrap();
    assert!(
        petition.contains("\"'=HYPERLINK("),
        "a title never runs as a formula: {petition}"
    );
    for kind in ["land", "hazard"] {
        assert!(
            s.dir.path().join(format!("导出-{kind}.csv")).exists(),
            "{kind}"
        );
    }
    // Each exported table is read back as the same cases (the 编号 is the case id): nothing changes.
    let before = s.snapshot();
    for kind in ["labour", "land", "hazard", "petition"] {
        let f = s.dir.path().join(format!("导出-{kind}.csv"));
        let got = s.ok(&["import", f.to_str().unwrap()]);
        assert!(got.contains("0 new, 0 updated"), "{kind}: {got}");
    }
    assert_eq!(s.snapshot(), before);
}
