//! The import screen in the interface: a clerk's workbook opened with `i`, a doubtful column
//! settled with the field picker, a dry run, the import, and the column map saved for next time.

use crate::support::tui::*;
use rust_xlsxwriter::Workbook;
use taizhang::ledger::Lang;

/// A petition sheet as a clerk types it: no title column, one header only resembling a field.
fn clerk_workbook(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("信访登记").unwrap();
    let rows: [&[&str]; 3] = [
        &[
            "接件时间",
            "信访类型",
            "信访人姓名",
            "信访内容",
            "诉求概要",
            "处理结果",
        ],
        &[
            "2026-05-06",
            "群众来访",
            "张三",
            "反映拖欠工程款",
            "三万元未付",
            "已转劳动监察",
        ],
        &["2026-05-08", "12345市民热线", "李四", "路灯不亮", "", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn the_import_screen_shows_fields_settles_a_guess_dry_runs_and_imports() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = open(dir.path());
    fixture(&ledger);
    let user = ledger.actor().to_string();
    let mut app = app(ledger, Lang::Zh);
    let before = app.total();
    let file = dir.path().join("信访登记.xlsx");
    clerk_workbook(&file);

    press(&mut app, "i");
    type_text(&mut app, file.to_str().unwrap());
    press(&mut app, "enter");
    insta::assert_snapshot!("import_screen_80x24", text(&draw(&mut app, 80, 24), &user));

    // The guess is refused by a dry run, located by row and column.
    press(&mut app, "d");
    let screen = text(&draw(&mut app, 80, 24), &user);
    assert!(screen.contains("E 列(诉求概要)"), "{screen}");
    assert_eq!(app.total(), before, "nothing written");

    // 诉求概要 is the description: picked, it is in the map and the dry run passes.
    press(&mut app, "j j j j enter");
    insta::assert_snapshot!(
        "import_field_picker_80x24",
        text(&draw(&mut app, 80, 24), &user)
    );
    press(&mut app, "g g j j j j j enter d");
    insta::assert_snapshot!("import_dry_run_80x24", text(&draw(&mut app, 80, 24), &user));

    press(&mut app, "w");
    let map = std::fs::read_to_string(dir.path().join("信访登记.map.toml")).unwrap();
    assert!(map.contains("\"诉求概要\" = \"description\""), "{map}");

    press(&mut app, "I");
    assert_eq!(app.total(), before + 2);
    let screen = text(&draw(&mut app, 80, 24), &user);
    assert!(screen.contains("新增 2 件"), "{screen}");
    let c = app
        .rows
        .iter()
        .map(|r| &r.case)
        .find(|c| c.title == "张三 反映拖欠工程款")
        .expect("the title is made from the row");
    assert_eq!(c.description, "三万元未付");
}
