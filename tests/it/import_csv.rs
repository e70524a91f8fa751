//! CSV files as offices have them: exported from Chinese Excel in GBK, or UTF-8 with a BOM; one
//! bad row stops the whole import and every bad row is reported; importing again updates only
//! what changed.

use crate::support::{Sandbox, write_file};
use rust_decimal::Decimal;
use taizhang::ledger::model::Value;
use taizhang::ledger::{Calendar, Kind, Ledger};

fn ledger(s: &Sandbox) -> Ledger {
    Ledger::open(&s.db(), Calendar::none()).expect("open")
}

#[test]
fn a_gbk_csv_from_chinese_excel_is_imported() {
    let s = Sandbox::new();
    let text = "标题,企业,涉及人数,金额(元),登记日期,状态,联系电话\r\n\
                德乐公司拖欠工资,德乐公司,12,\"126,000\",2026/5/23,调解中,13812345678\r\n\
                鑫源厂欠薪,鑫源厂,3,1.2万元,2026年6月1日,登记,\r\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the file really is GBK, not UTF-8"
    );
    let file = s.dir.path().join("劳资纠纷.csv");
    std::fs::write(&file, &gbk).unwrap();
    let out = s.ok(&["import", file.to_str().unwrap()]);
    assert!(out.contains("2 new"), "{out}");
    let cases = ledger(&s).cases().unwrap();
    let a = cases
        .iter()
        .find(|c| c.title == "德乐公司拖欠工资")
        .expect("decoded title");
    assert_eq!(a.kind, Kind::Labour, "the file name names the kind");
    assert_eq!(a.text("employer"), Some("德乐公司"));
    assert_eq!(a.dec("amount_claimed"), Decimal::from(126_000));
    assert_eq!(a.state, "mediating");
    assert_eq!(a.field("phone"), Some(&Value::Text("13812345678".into())));
    let b = cases.iter().find(|c| c.title == "鑫源厂欠薪").unwrap();
    assert_eq!(b.dec("amount_claimed"), Decimal::from(12_000));
    assert_eq!(b.opened.to_string(), "2026-06-01");

    // The encoding can be given, and a wrong one is refused in one line.
    let s2 = Sandbox::new();
    let out = s2.ok(&["import", file.to_str().unwrap(), "--encoding", "gbk"]);
    assert!(out.contains("2 new"), "{out}");
    let err = s2.fails(&["import", file.to_str().unwrap(), "--encoding", "utf-8"]);
    assert!(
        err.contains("not valid UTF-8") && err.contains("--encoding"),
        "{err}"
    );
}

#[test]
fn a_utf8_csv_with_a_bom_and_a_kind_column_mixes_kinds() {
    let s = Sandbox::new();
    let file = s.dir.path().join("台账.csv");
    write_file(
        &file,
        "\u{feff}类型,标题,企业,金额(元),面积(平方米)\n信访,来访,,,\n欠薪,某厂欠薪,某厂,5000,\n违建拆除,钢棚,,,250.5\n",
    );
    let out = s.ok(&["import", file.to_str().unwrap()]);
    assert!(out.contains("3 new"), "{out}");
    let cases = ledger(&s).cases().unwrap();
    let kinds: Vec<Kind> = cases.iter().map(|c| c.kind).collect();
    assert!(
        kinds.contains(&Kind::Petition)
            && kinds.contains(&Kind::Labour)
            && kinds.contains(&Kind::Demolition)
    );
    let l = cases.iter().find(|c| c.kind == Kind::Labour).unwrap();
    assert_eq!(
        l.field("subtype"),
        Some(&Value::Text("wage".into())),
        "欠薪 says labour, subtype wage"
    );
    let d = cases.iter().find(|c| c.kind == Kind::Demolition).unwrap();
    assert_eq!(d.dec("area_m2"), "250.5".parse::<Decimal>().unwrap());
}

#[test]
fn every_class_of_bad_row_is_reported_with_its_place_and_nothing_is_imported() {
    let s = Sandbox::new();
    s.ok(&["add", "labour", "--title", "已有"]);
    let l = ledger(&s);
    let (version, count) = (l.version().unwrap(), l.count().unwrap());
    drop(l);
    let file = s.dir.path().join("bad.csv");
    write_file(
        &file,
        "类型,标题,登记日期,金额(元),状态,天气\n\
         劳资纠纷,好的一行,2026-05-01,100,,\n\
         劳资纠纷,坏日期,2026-02-30,,,\n\
         劳资纠纷,坏金额,2026-05-01,1.2.3,,\n\
         拆迁,未知类型,2026-05-01,,,\n\
         劳资纠纷,未知状态,2026-05-01,,飞走了,\n\
         劳资纠纷,,2026-05-01,,,\n\
         劳资纠纷,负数,2026-05-01,-500,,\n",
    );
    let out = s.run(&["--lang", "en", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stderr).unwrap();
    let expect = [
        "row 1, column F (天气), value \"天气\": no field has this header",
        "row 3, column C (登记日期), value \"2026-02-30\": not a real date",
        "row 4, column D (金额(元)), value \"1.2.3\": invalid 诉求金额(元) (amount_claimed)",
        "row 5, column A (类型), value \"拆迁\": unknown kind",
        "row 6, column E (状态), value \"飞走了\": 劳资纠纷 has no such state",
        "row 7, column B (标题): the title is missing",
        "row 8, column D (金额(元)), value \"-500\": invalid 诉求金额(元) (amount_claimed) — fix: amounts and areas cannot be negative",
    ];
    for e in expect {
        assert!(
            report
                .lines()
                .any(|l| l.contains("bad.csv: ") && l.contains(e) && l.contains(" — fix: ")),
            "missing {e:?} in\n{report}"
        );
    }
    assert!(
        !report.contains("row 2,"),
        "the good row is not reported:\n{report}"
    );
    assert!(
        report.contains("nothing imported: 7 problem(s) in 7 row(s)"),
        "{report}"
    );
    let l = ledger(&s);
    assert_eq!(
        (l.version().unwrap(), l.count().unwrap()),
        (version, count),
        "nothing written"
    );

    // In Chinese the frame of each line is Chinese.
    let out = s.run(&["--lang", "zh", "import", file.to_str().unwrap()]);
    let report = String::from_utf8(out.stderr).unwrap();
    assert!(
        report.contains("第 3 行,C 列(登记日期),值 \"2026-02-30\"")
            && report.contains("未导入任何内容"),
        "{report}"
    );
}

#[test]
fn re_importing_finds_each_row_again_and_updates_only_what_changed() {
    let s = Sandbox::new();
    let file = s.dir.path().join("隐患.csv");
    let rows = "编号,标题,企业,隐患等级,整改期限,状态\n\
                YH-A1,粉尘超标,冀东水泥,一般,2026-12-01,整改通知\n\
                YH-A2,消防通道堵塞,德乐公司,重大,2026-12-15,发现\n\
                YH-A3,配电箱裸露,鑫源厂,一般,2026-12-20,发现\n";
    write_file(&file, rows);
    assert!(
        s.ok(&["import", file.to_str().unwrap()])
            .contains("3 new, 0 updated, 0 unchanged")
    );
    let version = ledger(&s).version().unwrap();
    assert!(
        s.ok(&["import", file.to_str().unwrap()])
            .contains("0 new, 0 updated, 3 unchanged")
    );
    assert_eq!(ledger(&s).version().unwrap(), version, "nothing written");

    // One cell changed and one state moved on: that row is updated, through edit and move events.
    write_file(
        &file,
        &rows.replace(
            "配电箱裸露,鑫源厂,一般,2026-12-20,发现",
            "配电箱裸露,鑫源厂,重大,2026-12-20,整改通知",
        ),
    );
    let dry = s.ok(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert!(
        dry.contains("0 new, 1 updated, 2 unchanged") && dry.contains("nothing written"),
        "{dry}"
    );
    assert_eq!(
        ledger(&s).version().unwrap(),
        version,
        "a dry run writes nothing"
    );
    assert!(
        s.ok(&["import", file.to_str().unwrap()])
            .contains("0 new, 1 updated, 2 unchanged")
    );
    let l = ledger(&s);
    let c = l
        .cases()
        .unwrap()
        .into_iter()
        .find(|c| c.title == "配电箱裸露")
        .unwrap();
    assert_eq!(c.text("grade"), Some("major"));
    assert_eq!(c.state, "notified");
    let kinds: Vec<&str> = l
        .history(&c.id)
        .unwrap()
        .iter()
        .map(|e| e.change.key())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "created").count(),
        1,
        "{kinds:?}"
    );
    assert!(kinds.ends_with(&["field", "state"]), "{kinds:?}");
    assert_eq!(l.count().unwrap(), 3, "no duplicates");
}

#[test]
fn a_mapping_file_names_the_office_s_own_headers() {
    let s = Sandbox::new();
    let file = s.dir.path().join("欠薪.csv");
    write_file(
        &file,
        "事项名称,讨薪金额,备用\n德乐公司欠薪,\"1,500.50\",x\n",
    );
    let err = s.run(&["import", file.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&err.stderr);
    // 事项名称 is 事项 (the title) with an affix; 讨薪金额 only contains 金额, so it is a guess to
    // confirm, never used silently; 备用 means nothing.
    assert!(
        !report.contains("(事项名称)")
            && report.contains("(讨薪金额)")
            && report.contains("amount_claimed (confidence 50%)")
            && report.contains("(备用)")
            && report.contains("--map"),
        "{report}"
    );
    let map = s.dir.path().join("map.toml");
    write_file(
        &map,
        "[columns]\n\"事项名称\" = \"title\"\n\"讨薪金额\" = \"amount_claimed\"\n\"备用\" = \"ignore\"\n",
    );
    let out = s.ok(&[
        "import",
        file.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
    ]);
    assert!(out.contains("1 new"), "{out}");
    let c = &ledger(&s).cases().unwrap()[0];
    assert_eq!(
        c.dec("amount_claimed"),
        "1500.50".parse::<Decimal>().unwrap()
    );
    // A mapping to nothing is refused with the file named.
    write_file(&map, "[columns]\n\"讨薪金额\" = \"money\"\n");
    let err = s.fails(&[
        "import",
        file.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
    ]);
    assert!(
        err.contains("map.toml") && err.contains("\"money\""),
        "{err}"
    );
}
