//! The README's Guide index: it lists every C program of the ZeroMQ Guide, each with its
//! existing Rust files.
//!
//! The 91 names are the `.c` files with a `main` in the Guide's `examples/C` (booksbyus/zguide,
//! commit 6752d24, May 2025: 101 `.c` files, less the 10 classes without one: bstar, clone,
//! flcliapi, interface, kvmsg, kvsimple, mdcliapi, mdcliapi2, mdwrkapi, udplib), as found with
//! `git ls-tree HEAD examples/C/` and `grep -l 'int main'`.

use std::collections::BTreeSet;
use std::path::Path;

/// The Guide's C programs, sorted.
const GUIDE_PROGRAMS: [&str; 91] = [
    "asyncsrv",
    "bstarcli",
    "bstarsrv",
    "bstarsrv2",
    "clonecli1",
    "clonecli2",
    "clonecli3",
    "clonecli4",
    "clonecli5",
    "clonecli6",
    "clonesrv1",
    "clonesrv2",
    "clonesrv3",
    "clonesrv4",
    "clonesrv5",
    "clonesrv6",
    "dechat",
    "eagain",
    "espresso",
    "fileio1",
    "fileio2",
    "fileio3",
    "flclient1",
    "flclient2",
    "flclient3",
    "flserver1",
    "flserver2",
    "flserver3",
    "hwclient",
    "hwclient2",
    "hwclient3",
    "hwclient4",
    "hwserver",
    "hwserver2",
    "hwserver3",
    "hwserver4",
    "identity",
    "interrupt",
    "lbbroker",
    "lbbroker2",
    "lbbroker3",
    "lpclient",
    "lpserver",
    "lvcache",
    "mdbroker",
    "mdclient",
    "mdclient2",
    "mdworker",
    "mktestdata",
    "mmiecho",
    "msgqueue",
    "mspoller",
    "msreader",
    "mtrelay",
    "mtserver",
    "pathopub",
    "pathosub",
    "peering1",
    "peering2",
    "peering3",
    "ppqueue",
    "ppworker",
    "psenvpub",
    "psenvsub",
    "rrbroker",
    "rrclient",
    "rrworker",
    "rtdealer",
    "rtreq",
    "spqueue",
    "spworker",
    "suisnail",
    "syncpub",
    "syncsub",
    "tasksink",
    "tasksink2",
    "taskvent",
    "taskwork",
    "taskwork2",
    "ticlient",
    "titanic",
    "tripping",
    "tstkvmsg",
    "tstkvsimple",
    "udpping1",
    "udpping2",
    "udpping3",
    "version",
    "wuclient",
    "wuproxy",
    "wuserver",
];

const README: &str = include_str!("../../README.md");

/// The index rows: `| N | chapter | `name.c` | [`name.rs`](examples/name.rs), ... |`.
fn index_rows() -> Vec<(usize, String, Vec<String>)> {
    let section = README
        .split_once("## ZeroMQ Guide ports")
        .expect("the README's Guide ports section")
        .1;
    let section = section.split("\n## ").next().unwrap();
    section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // ["", N, chapter, `name.c`, files, ""]
            let n: usize = cells.get(1)?.parse().ok()?;
            let name = cells[3].strip_prefix('`')?.strip_suffix(".c`")?.to_owned();
            let links = cells[4]
                .split("](")
                .skip(1)
                .map(|l| l.split_once(')').expect("a link").0.to_owned())
                .collect();
            Some((n, name, links))
        })
        .collect()
}

#[test]
fn readme_index_lists_all_91_guide_programs_with_their_files() {
    let rows = index_rows();
    assert_eq!(rows.len(), 91, "one row per Guide program");
    assert_eq!(
        rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        (1..=91).collect::<Vec<_>>(),
        "rows numbered 1 to 91"
    );
    let listed: BTreeSet<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    let guide: BTreeSet<&str> = GUIDE_PROGRAMS.into_iter().collect();
    assert_eq!(guide.len(), 91);
    assert_eq!(
        listed, guide,
        "the README lists exactly the Guide's programs"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (_, name, links) in &rows {
        assert_eq!(
            links[0],
            format!("examples/{name}.rs"),
            "{name}: the program first"
        );
        for link in links {
            assert!(root.join(link).is_file(), "{name}: {link} does not exist");
        }
        // Every examples/zguide/ module the program includes, but zhelpers.rs, is listed.
        let source = std::fs::read_to_string(root.join(&links[0])).unwrap();
        for module in source
            .lines()
            .filter_map(|l| l.trim().strip_prefix("#[path = \"zguide/"))
            .filter_map(|l| l.strip_suffix("\"]"))
            .filter(|m| *m != "zhelpers.rs")
        {
            let link = format!("examples/zguide/{module}");
            assert!(links.contains(&link), "{name}: {link} not listed");
        }
    }
}
